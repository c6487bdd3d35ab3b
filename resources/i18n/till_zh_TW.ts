<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW">
<context><name>Till</name>
<message><source>(refunded)</source><translation>（已退貨）</translation></message>
<message><source>+1 {card} stamp</source><translation>+1 點{card}</translation></message>
<message><source>+{n} {card} stamps</source><translation>+{n} 點{card}</translation></message>
<message><source>+{points} points</source><translation>+{points} 點</translation></message>
<message><source>+{points} points earned</source><translation>獲得 {points} 點</translation></message>
<message><source>1 more stamp on your {card} for a free one</source><translation>{card}再集 1 點，換一份免費</translation></message>
<message><source>Add a product before paying.</source><translation>請先加入商品再結帳。</translation></message>
<message><source>Amount</source><translation>金額</translation></message>
<message><source>BASKET</source><translation>購物清單</translation></message>
<message><source>BRONZE</source><translation>銅卡</translation></message>
<message><source>Back</source><translation>返回</translation></message>
<message><source>Back (Esc)</source><translation>返回（Esc）</translation></message>
<message><source>Basket held ({items} items): F5 on an empty sale recalls it.</source><translation>已掛單（{items} 件）：空白交易時按 F5 取回。</translation></message>
<message><source>Basket recalled: {items} items.</source><translation>已取回掛單：{items} 件。</translation></message>
<message><source>Basket unchanged.</source><translation>購物清單未變更。</translation></message>
<message><source>Birthday</source><translation>生日</translation></message>
<message><source>Camera</source><translation>相機</translation></message>
<message><source>Camera off.</source><translation>相機已關閉。</translation></message>
<message><source>Camera on: hold the code in front of it (F10 to stop).</source><translation>相機已開啟：請將條碼對準鏡頭（F10 停止）。</translation></message>
<message><source>Camera: {error}</source><translation>相機：{error}</translation></message>
<message><source>Card</source><translation>信用卡</translation></message>
<message><source>Cash</source><translation>現金</translation></message>
<message><source>Change</source><translation>找零</translation></message>
<message><source>Change {amount}</source><translation>找零 {amount}</translation></message>
<message><source>Coffee card</source><translation>咖啡集點卡</translation></message>
<message><source>Confirm payment (Enter / F9)</source><translation>確認付款（Enter / F9）</translation></message>
<message><source>Customer display</source><translation>顧客顯示器</translation></message>
<message><source>DIAMOND</source><translation>鑽石卡</translation></message>
<message><source>Discount</source><translation>折扣</translation></message>
<message><source>Discounts</source><translation>折扣</translation></message>
<message><source>Enrol</source><translation>入會</translation></message>
<message><source>Enrol (Enter)</source><translation>加入會員（Enter）</translation></message>
<message><source>FIND MEMBER (Esc: back)</source><translation>查詢會員（Esc 返回）</translation></message>
<message><source>Find</source><translation>查詢</translation></message>
<message><source>Find a member by phone or name</source><translation>以電話或姓名查詢會員</translation></message>
<message><source>Full name</source><translation>姓名全名</translation></message>
<message><source>GOLD</source><translation>金卡</translation></message>
<message><source>Go back to the basket (Esc) to hold it.</source><translation>請先返回購物清單（Esc）再掛單。</translation></message>
<message><source>HELD BASKETS (Esc: back)</source><translation>掛單（Esc：返回）</translation></message>
<message><source>Hold (F5)</source><translation>掛單（F5）</translation></message>
<message><source>Hold or finish this basket before recalling another.</source><translation>請先掛單或結帳目前的購物清單，再取回其他掛單。</translation></message>
<message><source>Hold/Recall</source><translation>掛單/取單</translation></message>
<message><source>Item</source><translation>品項</translation></message>
<message><source>Known</source><translation>已知</translation></message>
<message><source>Loyalty Café</source><translation>集點咖啡</translation></message>
<message><source>MEMBER</source><translation>會員</translation></message>
<message><source>Max {points}</source><translation>最多 {points}</translation></message>
<message><source>Member</source><translation>會員</translation></message>
<message><source>Member Tuesday ×2 points</source><translation>會員週二 點數×2</translation></message>
<message><source>Member agrees to receive offers</source><translation>會員同意接收優惠訊息</translation></message>
<message><source>Member day −10%</source><translation>會員日 −10%</translation></message>
<message><source>Member {name} ({via})</source><translation>會員 {name}（{via}）</translation></message>
<message><source>Mobile</source><translation>行動支付</translation></message>
<message><source>NEW MEMBER (Esc: back)</source><translation>新會員（Esc 返回）</translation></message>
<message><source>Name</source><translation>姓名</translation></message>
<message><source>Next customer (Enter)</source><translation>下一位顧客（Enter）</translation></message>
<message><source>No basket is held. F5 in a sale holds its basket.</source><translation>沒有掛單。交易中按 F5 可掛單。</translation></message>
<message><source>No camera available ({error}). Use the scanner or type the code.</source><translation>沒有可用的相機（{error}）。請用掃描器或手動輸入。</translation></message>
<message><source>No member found</source><translation>查無會員</translation></message>
<message><source>No member with phone {text}. Press F4 to enrol them.</source><translation>查無電話 {text} 的會員。按 F4 加入會員。</translation></message>
<message><source>No member {text} on this terminal: check the number or ask for the phone number.</source><translation>本機查無會員 {text}：請確認編號或詢問電話號碼。</translation></message>
<message><source>No member. Scan a card or phone code, type a phone number, or press F4 to enrol.</source><translation>尚未指定會員。請掃描會員卡或手機條碼、輸入電話，或按 F4 加入會員。</translation></message>
<message><source>No tier</source><translation>無等級</translation></message>
<message><source>Not recognised: {text}. Scan again, or type a phone number or name.</source><translation>無法辨識：{text}。請重新掃描，或輸入電話或姓名。</translation></message>
<message><source>Nothing scanned.</source><translation>沒有掃描到內容。</translation></message>
<message><source>Offers</source><translation>優惠通知</translation></message>
<message><source>One less (F7)</source><translation>減一（F7）</translation></message>
<message><source>One more (F8)</source><translation>加一（F8）</translation></message>
<message><source>Opening the store…</source><translation>正在開啟資料…</translation></message>
<message><source>PAYMENT</source><translation>付款</translation></message>
<message><source>PRODUCTS</source><translation>商品</translation></message>
<message><source>Pay</source><translation>結帳</translation></message>
<message><source>Pay (F9)</source><translation>結帳（F9）</translation></message>
<message><source>Payment in progress: the till closes when it is done.</source><translation>付款處理中：完成後收銀機才會關閉。</translation></message>
<message><source>Payment in progress; wait a moment.</source><translation>付款處理中，請稍候。</translation></message>
<message><source>Payment reopened: item added, check the new total and press F9.</source><translation>已重新開啟付款：商品已加入，請確認新的總額後按 F9。</translation></message>
<message><source>Phone</source><translation>電話</translation></message>
<message><source>Phone number or name</source><translation>電話或姓名</translation></message>
<message><source>Points</source><translation>點數</translation></message>
<message><source>Points balance</source><translation>點數餘額</translation></message>
<message><source>Points earned</source><translation>本次獲得點數</translation></message>
<message><source>Points used: {points}</source><translation>使用點數：{points}</translation></message>
<message><source>Points {points}</source><translation>點數 {points}</translation></message>
<message><source>Price</source><translation>單價</translation></message>
<message><source>Processing…</source><translation>處理中…</translation></message>
<message><source>Qty</source><translation>數量</translation></message>
<message><source>Qty −/+</source><translation>數量 −/+</translation></message>
<message><source>RECEIPT</source><translation>收據</translation></message>
<message><source>REFUND: pick a receipt, tick lines (Esc: back to the sale)</source><translation>退貨：選擇收據並勾選品項（Esc 回到交易）</translation></message>
<message><source>Receipt</source><translation>收據</translation></message>
<message><source>Receipt {id}</source><translation>收據 {id}</translation></message>
<message><source>Refund</source><translation>退貨</translation></message>
<message><source>Refund done: give back {amount}</source><translation>退貨完成：請退還 {amount}</translation></message>
<message><source>Refund ticked lines</source><translation>退回勾選品項</translation></message>
<message><source>Refund whole receipt</source><translation>整筆退貨</translation></message>
<message><source>Refunded</source><translation>已退</translation></message>
<message><source>Refunded {amount} · points returned {back}, taken back {taken}</source><translation>已退 {amount} · 退回點數 {back}，扣回點數 {taken}</translation></message>
<message><source>Remove</source><translation>移除</translation></message>
<message><source>Restored the sale left open when the till closed: {items} items.</source><translation>已還原收銀機關閉時未完成的交易：{items} 件。</translation></message>
<message><source>SILVER</source><translation>銀卡</translation></message>
<message><source>Save PDF (Ctrl+P)</source><translation>存成 PDF（Ctrl+P）</translation></message>
<message><source>Saved {path}</source><translation>已儲存 {path}</translation></message>
<message><source>Scan kept for the next customer ({n} waiting): finish this receipt first.</source><translation>已為下一位顧客保留掃描（{n} 筆等待）：請先完成這張收據。</translation></message>
<message><source>Scan kept: it will be applied after this payment ({n} waiting).</source><translation>掃描已保留：付款完成後處理（等待 {n} 筆）。</translation></message>
<message><source>Scan or type: member code, product barcode, phone…</source><translation>掃描或輸入：會員條碼、商品條碼、電話…</translation></message>
<message><source>Scan to join: a stamp with every coffee, points on everything</source><translation>掃描加入會員：每杯咖啡集一點，消費累積點數</translation></message>
<message><source>Scan with the camera</source><translation>用相機掃描</translation></message>
<message><source>Search products</source><translation>搜尋商品</translation></message>
<message><source>Starting up: scan kept ({n} waiting), it will be applied in a moment.</source><translation>啟動中：已保留掃描（{n} 筆等待），稍後自動套用。</translation></message>
<message><source>Still working out the total; press F9 again.</source><translation>正在計算金額，請再按一次 F9。</translation></message>
<message><source>Subtotal</source><translation>小計</translation></message>
<message><source>Subtotal {subtotal} · Discounts {discounts} · Points {points}</source><translation>小計 {subtotal} · 折扣 {discounts} · 點數 {points}</translation></message>
<message><source>TOTAL</source><translation>總計</translation></message>
<message><source>Tendered</source><translation>收款</translation></message>
<message><source>Tendered {paid} is less than the total {total}</source><translation>收款 {paid} 少於總計 {total}</translation></message>
<message><source>Thank you!</source><translation>謝謝光臨！</translation></message>
<message><source>The basket could not be kept ({error}). Close again to leave without it.</source><translation>無法保留購物清單（{error}）。再關閉一次將不保留而離開。</translation></message>
<message><source>Tick the lines to refund first.</source><translation>請先勾選要退貨的品項。</translation></message>
<message><source>Till</source><translation>收銀機</translation></message>
<message><source>Time</source><translation>時間</translation></message>
<message><source>Top tier</source><translation>最高等級</translation></message>
<message><source>Total</source><translation>總計</translation></message>
<message><source>Unknown product {text}: not in the catalogue. Basket unchanged.</source><translation>未知商品 {text}：不在商品目錄中，購物清單未變更。</translation></message>
<message><source>Use points (F3)</source><translation>使用點數（F3）</translation></message>
<message><source>Welcome back, {name}</source><translation>{name}，歡迎回來</translation></message>
<message><source>Welcome!</source><translation>歡迎光臨！</translation></message>
<message><source>Welcome, {name}: member {id}</source><translation>歡迎 {name}：會員編號 {id}</translation></message>
<message><source>Why:</source><translation>優惠說明：</translation></message>
<message><source>You save {amount}</source><translation>您省下 {amount}</translation></message>
<message><source>Your {card} is full: your next one is free</source><translation>{card}已集滿：下一份免費</translation></message>
<message><source>all</source><translation>全部</translation></message>
<message><source>and {n} more</source><translation>及另外 {n} 項</translation></message>
<message><source>app {version}</source><translation>程式 {version}</translation></message>
<message><source>bakery</source><translation>烘焙</translation></message>
<message><source>card</source><translation>會員卡</translation></message>
<message><source>coffee</source><translation>咖啡</translation></message>
<message><source>drinks</source><translation>飲料</translation></message>
<message><source>food</source><translation>餐點</translation></message>
<message><source>gift-cards</source><translation>禮物卡</translation></message>
<message><source>grocery</source><translation>雜貨</translation></message>
<message><source>guest</source><translation>非會員</translation></message>
<message><source>household</source><translation>日用品</translation></message>
<message><source>just now</source><translation>剛剛</translation></message>
<message><source>look-up</source><translation>查詢</translation></message>
<message><source>name</source><translation>姓名</translation></message>
<message><source>number</source><translation>會員編號</translation></message>
<message><source>phone</source><translation>電話</translation></message>
<message><source>phone code</source><translation>手機條碼</translation></message>
<message><source>program v{version}</source><translation>方案 v{version}</translation></message>
<message><source>snacks</source><translation>零食</translation></message>
<message><source>tea</source><translation>茶飲</translation></message>
<message><source>tobacco</source><translation>菸品</translation></message>
<message><source>{amount} more this month for {tier}</source><translation>本月再消費 {amount} 升級 {tier}</translation></message>
<message><source>{h} h {m} min ago</source><translation>{h} 小時 {m} 分鐘前</translation></message>
<message><source>{n} found: Enter picks the highlighted one</source><translation>找到 {n} 位：按 Enter 選擇反白者</translation></message>
<message><source>{n} held: ↑/↓ choose, Enter takes it up again</source><translation>{n} 筆掛單：↑/↓ 選擇，Enter 取回</translation></message>
<message><source>{n} min ago</source><translation>{n} 分鐘前</translation></message>
<message><source>{n} more stamps on your {card} for a free one</source><translation>{card}再集 {n} 點，換一份免費</translation></message>
<message><source>{n} scan(s) kept for the next customer: Enter starts the next sale.</source><translation>已為下一位顧客保留 {n} 筆掃描：按 Enter 開始下一筆交易。</translation></message>
<message><source>{n} waiting to sync</source><translation>{n} 筆待同步</translation></message>
<message><source>○ not connected</source><translation>○ 未連線</translation></message>
<message><source>● online</source><translation>● 已連線</translation></message>
<message><source>中文/EN</source><translation>中文/EN</translation></message>
<message><source>🎂 Birthday week</source><translation>🎂 生日週</translation></message>
</context></TS>
