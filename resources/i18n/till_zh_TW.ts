<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW">
<context><name>Till</name>
<message><source>% back</source><translation>回訪 %</translation></message>
<message><source>% of members</source><translation>會員 %</translation></message>
<message><source>% of revenue</source><translation>營收 %</translation></message>
<message><source>% off every order</source><translation>每筆訂單折扣 %</translation></message>
<message><source>(refunded)</source><translation>（已退貨）</translation></message>
<message><source>+1 month</source><translation>+1 個月</translation></message>
<message><source>+1 stamp this visit</source><translation>本次 +1 章</translation></message>
<message><source>+1 {card} stamp</source><translation>{card} +1 章</translation></message>
<message><source>+2 month</source><translation>+2 個月</translation></message>
<message><source>+3 month</source><translation>+3 個月</translation></message>
<message><source>+4 month</source><translation>+4 個月</translation></message>
<message><source>+5 month</source><translation>+5 個月</translation></message>
<message><source>+6 month</source><translation>+6 個月</translation></message>
<message><source>+{n} stamps this visit</source><translation>本次 +{n} 章</translation></message>
<message><source>+{n} {card} stamps</source><translation>{card} +{n} 章</translation></message>
<message><source>+{points} points</source><translation>+{points} 點</translation></message>
<message><source>+{points} points earned</source><translation>獲得 {points} 點</translation></message>
<message><source>1 more stamp on your {card} for a free one</source><translation>{card}再集 1 章，換一份免費</translation></message>
<message><source>1990-05-17 (optional)</source><translation>1990-05-17（可留空）</translation></message>
<message><source>A manager's PIN opens the console.</source><translation>需要店長的 PIN 碼才能開啟管理主控台。</translation></message>
<message><source>A reason is required for a manual adjustment.</source><translation>手動調整必須填寫原因。</translation></message>
<message><source>A refund dated {at} is before its sale ({sale}): check the till's clock.</source><translation>退貨時間 {at} 早於銷售時間（{sale}）：請檢查收銀機時鐘。</translation></message>
<message><source>Add</source><translation>新增</translation></message>
<message><source>Add a product before paying.</source><translation>請先加入商品再結帳。</translation></message>
<message><source>Add a product to see the receipt.</source><translation>加入商品即可預覽收據。</translation></message>
<message><source>Add member day</source><translation>新增會員日</translation></message>
<message><source>Add to basket</source><translation>加入購物清單</translation></message>
<message><source>Added “{name}” to the draft: publish it to put it on the till.</source><translation>已將「{name}」加入草稿：發佈後收銀機才會套用。</translation></message>
<message><source>Adjust points</source><translation>調整點數</translation></message>
<message><source>After</source><translation>變更後</translation></message>
<message><source>Amount</source><translation>金額</translation></message>
<message><source>Amount off</source><translation>折抵金額</translation></message>
<message><source>Approve and pay (Enter)</source><translation>核准並付款（Enter）</translation></message>
<message><source>Audit log</source><translation>稽核紀錄</translation></message>
<message><source>BASKET</source><translation>購物清單</translation></message>
<message><source>BRONZE</source><translation>銅卡</translation></message>
<message><source>Back</source><translation>返回</translation></message>
<message><source>Back (Esc)</source><translation>返回（Esc）</translation></message>
<message><source>Backtest</source><translation>回測</translation></message>
<message><source>Balance {points} points</source><translation>點數餘額 {points} 點</translation></message>
<message><source>Basket held ({items} items): F5 on an empty sale recalls it.</source><translation>已掛單（{items} 件）：空白交易時按 F5 取回。</translation></message>
<message><source>Basket recalled: {items} items.</source><translation>已取回掛單：{items} 件。</translation></message>
<message><source>Basket unchanged.</source><translation>購物清單未變更。</translation></message>
<message><source>Before</source><translation>變更前</translation></message>
<message><source>Best: scan the member's card or phone code instead (Esc, then scan). Otherwise a manager approves:</source><translation>最好改掃會員卡或手機條碼（按 Esc 後掃描）。否則請主管核准：</translation></message>
<message><source>Birthday</source><translation>生日</translation></message>
<message><source>Birthday: type it as year-month-day, e.g. 1990-05-17 (or leave it empty).</source><translation>生日：請以年-月-日輸入，例如 1990-05-17（或留空）。</translation></message>
<message><source>Birthday: within days</source><translation>生日：前後天數</translation></message>
<message><source>Bonus points</source><translation>加贈點數</translation></message>
<message><source>Bonus points +</source><translation>加贈點數 +</translation></message>
<message><source>Buy</source><translation>買</translation></message>
<message><source>Camera</source><translation>相機</translation></message>
<message><source>Camera off.</source><translation>相機已關閉。</translation></message>
<message><source>Camera on: hold the code in front of it (F10 to stop).</source><translation>相機已開啟：請將條碼對準鏡頭（F10 停止）。</translation></message>
<message><source>Camera: {error}</source><translation>相機：{error}</translation></message>
<message><source>Cancel (Esc)</source><translation>取消（Esc）</translation></message>
<message><source>Card</source><translation>信用卡</translation></message>
<message><source>Card printed on {printer}</source><translation>會員卡已由 {printer} 列印</translation></message>
<message><source>Cash</source><translation>現金</translation></message>
<message><source>Change</source><translation>找零</translation></message>
<message><source>Change {amount}</source><translation>找零 {amount}</translation></message>
<message><source>Charged by mistake</source><translation>誤收款項</translation></message>
<message><source>Checking the PIN…</source><translation>正在核對密碼…</translation></message>
<message><source>Checking…</source><translation>驗證中…</translation></message>
<message><source>Coffee card</source><translation>咖啡集點卡</translation></message>
<message><source>Confirm payment (Enter / F9)</source><translation>確認付款（Enter / F9）</translation></message>
<message><source>Confirm refund (Enter)</source><translation>確認退款（Enter）</translation></message>
<message><source>Ctrl+K prints a new member's card right after enrolment (F4).</source><translation>Ctrl+K 可在新會員入會（F4）後立即列印會員卡。</translation></message>
<message><source>Currency</source><translation>幣別</translation></message>
<message><source>Current</source><translation>目前方案</translation></message>
<message><source>Current discounts</source><translation>目前折扣</translation></message>
<message><source>Current points</source><translation>目前點數</translation></message>
<message><source>Current receipts</source><translation>目前筆數</translation></message>
<message><source>Customer changed their mind</source><translation>顧客改變心意</translation></message>
<message><source>Customer display</source><translation>顧客顯示器</translation></message>
<message><source>DIAMOND</source><translation>鑽石卡</translation></message>
<message><source>Damaged or faulty</source><translation>商品損壞或故障</translation></message>
<message><source>Dates</source><translation>指定日期</translation></message>
<message><source>Dates: write them as YYYY-MM-DD, separated by commas.</source><translation>日期：請以 YYYY-MM-DD 格式輸入，以逗號分隔。</translation></message>
<message><source>Day of the month</source><translation>每月第幾日</translation></message>
<message><source>Days of the month</source><translation>每月日期</translation></message>
<message><source>Decimals shown</source><translation>顯示小數位數</translation></message>
<message><source>Detail</source><translation>內容</translation></message>
<message><source>Difference</source><translation>差異</translation></message>
<message><source>Discount</source><translation>折扣</translation></message>
<message><source>Discounts</source><translation>折扣</translation></message>
<message><source>Discounts and redemptions by rule</source><translation>各規則的折扣與兌換</translation></message>
<message><source>Done: the balance is now {points} points (in the audit log).</source><translation>完成：目前餘額 {points} 點（已記入稽核紀錄）。</translation></message>
<message><source>Draft</source><translation>草稿</translation></message>
<message><source>Draft discounts</source><translation>草稿折扣</translation></message>
<message><source>Draft points</source><translation>草稿點數</translation></message>
<message><source>Draft receipts</source><translation>草稿筆數</translation></message>
<message><source>Draft saved (not on the till).</source><translation>草稿已儲存（尚未套用到收銀機）。</translation></message>
<message><source>Drafts never reach the till. Publishing makes a new version; the till applies it from its next sale.</source><translation>草稿不會送到收銀機。發佈會產生新版本，收銀機從下一筆交易開始套用。</translation></message>
<message><source>Due</source><translation>應付</translation></message>
<message><source>Effect</source><translation>優惠內容</translation></message>
<message><source>Empty basket</source><translation>清空購物清單</translation></message>
<message><source>Enrol</source><translation>入會</translation></message>
<message><source>Enrol (Enter)</source><translation>加入會員（Enter）</translation></message>
<message><source>Enter the member's name.</source><translation>請輸入會員姓名。</translation></message>
<message><source>Every</source><translation>每週</translation></message>
<message><source>Every action</source><translation>所有動作</translation></message>
<message><source>Every day: {names}</source><translation>每天：{names}</translation></message>
<message><source>Every line of this receipt was refunded already.</source><translation>這張收據的每一項都已退過了。</translation></message>
<message><source>Every n-th item</source><translation>每第 n 件</translation></message>
<message><source>Exclusive group</source><translation>互斥群組</translation></message>
<message><source>Explanations</source><translation>說明</translation></message>
<message><source>Export CSV…</source><translation>匯出 CSV…</translation></message>
<message><source>Export the draft…</source><translation>匯出草稿…</translation></message>
<message><source>FIND MEMBER (Esc: back)</source><translation>查詢會員（Esc 返回）</translation></message>
<message><source>Figure</source><translation>項目</translation></message>
<message><source>Filter</source><translation>篩選</translation></message>
<message><source>Find</source><translation>查詢</translation></message>
<message><source>Find a member by phone or name</source><translation>以電話或姓名查詢會員</translation></message>
<message><source>Find and pick a member first.</source><translation>請先查詢並選擇會員。</translation></message>
<message><source>Free item from categories</source><translation>免費商品類別</translation></message>
<message><source>Free items</source><translation>免費商品</translation></message>
<message><source>Fri</source><translation>週五</translation></message>
<message><source>From (HH:MM)</source><translation>開始（HH:MM）</translation></message>
<message><source>Full name</source><translation>姓名全名</translation></message>
<message><source>GOLD</source><translation>金卡</translation></message>
<message><source>Get free</source><translation>送</translation></message>
<message><source>Go back to the basket (Esc) to hold it.</source><translation>請先返回購物清單（Esc）再掛單。</translation></message>
<message><source>HELD BASKETS (Esc: back)</source><translation>掛單（Esc：返回）</translation></message>
<message><source>Handed over</source><translation>收到現金</translation></message>
<message><source>Hold (F5)</source><translation>掛單（F5）</translation></message>
<message><source>Hold or finish this basket before recalling another.</source><translation>請先掛單或結帳目前的購物清單，再取回其他掛單。</translation></message>
<message><source>Hold/Recall</source><translation>掛單/取單</translation></message>
<message><source>Hours on {day}</source><translation>{day} 各時段</translation></message>
<message><source>Id</source><translation>代號</translation></message>
<message><source>Identified only ({via}): to spend, their code or an override</source><translation>僅辨識（{via}）：使用點數需出示條碼或主管核准</translation></message>
<message><source>Import a program file…</source><translation>匯入方案檔…</translation></message>
<message><source>Imported {path} into the draft.</source><translation>已將 {path} 匯入草稿。</translation></message>
<message><source>Item</source><translation>品項</translation></message>
<message><source>Known</source><translation>已知</translation></message>
<message><source>Last</source><translation>最近</translation></message>
<message><source>Line {line} ({name}) of receipt {receipt} was already refunded.</source><translation>收據 {receipt} 的第 {line} 項（{name}）已退貨。</translation></message>
<message><source>Lines refunded</source><translation>已退項目</translation></message>
<message><source>Loyalty Café</source><translation>集點咖啡</translation></message>
<message><source>MEMBER</source><translation>會員</translation></message>
<message><source>MEMBER CARD</source><translation>會員卡</translation></message>
<message><source>MONEY BACK</source><translation>退款金額</translation></message>
<message><source>Manager</source><translation>店長</translation></message>
<message><source>Manager's console</source><translation>店長管理主控台</translation></message>
<message><source>Manager's override</source><translation>主管核准</translation></message>
<message><source>Max {points}</source><translation>最多 {points}</translation></message>
<message><source>Member</source><translation>會員</translation></message>
<message><source>Member Tuesday ×2 points</source><translation>會員週二 點數×2</translation></message>
<message><source>Member agrees to receive offers</source><translation>會員同意接收優惠訊息</translation></message>
<message><source>Member day −10%</source><translation>會員日 −10%</translation></message>
<message><source>Member days</source><translation>會員日</translation></message>
<message><source>Member days at this hour</source><translation>此時段的會員日</translation></message>
<message><source>Member for years</source><translation>入會滿幾年</translation></message>
<message><source>Member number</source><translation>會員編號</translation></message>
<message><source>Member number (empty: a guest)</source><translation>會員編號（空白：非會員）</translation></message>
<message><source>Member {name} ({via})</source><translation>會員 {name}（{via}）</translation></message>
<message><source>Members</source><translation>會員</translation></message>
<message><source>Members only</source><translation>限會員</translation></message>
<message><source>Members who got something</source><translation>獲得優惠的會員數</translation></message>
<message><source>Minimum quantity</source><translation>最低數量</translation></message>
<message><source>Minimum spend</source><translation>最低消費</translation></message>
<message><source>Mobile</source><translation>行動支付</translation></message>
<message><source>Mon</source><translation>週一</translation></message>
<message><source>Months</source><translation>月份</translation></message>
<message><source>NEW MEMBER (Esc: back)</source><translation>新會員（Esc 返回）</translation></message>
<message><source>Name</source><translation>姓名</translation></message>
<message><source>Name (Chinese)</source><translation>名稱（中文）</translation></message>
<message><source>Name (English)</source><translation>名稱（英文）</translation></message>
<message><source>Name (id)</source><translation>名稱（代號）</translation></message>
<message><source>Name (zh_TW)</source><translation>名稱（繁體中文）</translation></message>
<message><source>New member day</source><translation>新增會員日</translation></message>
<message><source>Next customer (Enter)</source><translation>下一位顧客（Enter）</translation></message>
<message><source>No basket is held. F5 in a sale holds its basket.</source><translation>沒有掛單。交易中按 F5 可掛單。</translation></message>
<message><source>No camera available ({error}). Use the scanner or type the code.</source><translation>沒有可用的相機（{error}）。請用掃描器或手動輸入。</translation></message>
<message><source>No discounts or redemptions yet.</source><translation>尚無折扣或兌換。</translation></message>
<message><source>No member found</source><translation>查無會員</translation></message>
<message><source>No member sales yet.</source><translation>尚無會員消費。</translation></message>
<message><source>No member with phone {text}. Press F4 to enrol them.</source><translation>查無電話 {text} 的會員。按 F4 加入會員。</translation></message>
<message><source>No member {text} on this terminal: check the number or ask for the phone number.</source><translation>本機查無會員 {text}：請確認編號或詢問電話號碼。</translation></message>
<message><source>No member. Scan a card or phone code, type a phone number, or press F4 to enrol.</source><translation>尚未指定會員。請掃描會員卡或手機條碼、輸入電話，或按 F4 加入會員。</translation></message>
<message><source>No receipt printer is set up (settings set printer).</source><translation>尚未設定收據印表機（settings set printer）。</translation></message>
<message><source>No receipt printer is set up: the card is saved for the card printer as {path}</source><translation>未設定收據印表機：會員卡已存為 {path}，可用卡片印表機列印</translation></message>
<message><source>No receipt {receipt} on this terminal.</source><translation>本機沒有收據 {receipt}。</translation></message>
<message><source>No spend yet.</source><translation>尚無消費。</translation></message>
<message><source>No tier</source><translation>無等級</translation></message>
<message><source>Not enough members with spend yet.</source><translation>有消費的會員還不夠多。</translation></message>
<message><source>Not enough months to see repeat visits yet.</source><translation>月份還不夠，看不出回訪情形。</translation></message>
<message><source>Not recognised: {text}. Scan again, or type a phone number or name.</source><translation>無法辨識：{text}。請重新掃描，或輸入電話或姓名。</translation></message>
<message><source>Nothing scanned.</source><translation>沒有掃描到內容。</translation></message>
<message><source>Offers</source><translation>優惠通知</translation></message>
<message><source>Offline: member {member} may redeem at most {allowance} points a day on this till while it cannot reach the server ({used} used today, {left} left).</source><translation>離線中：連不上總部時，會員 {member} 在本收銀機每天最多可折抵 {allowance} 點（今天已用 {used} 點，尚餘 {left} 點）。</translation></message>
<message><source>Offline: member {text} is not on this till; scan their card or phone code.</source><translation>離線中：本機沒有會員 {text} 的資料，請掃描會員卡或手機條碼。</translation></message>
<message><source>On average {share} % of a month's new members come back the month after.</source><translation>平均每月新會員中有 {share}% 在下個月回訪。</translation></message>
<message><source>On categories</source><translation>適用類別</translation></message>
<message><source>On products</source><translation>適用商品</translation></message>
<message><source>On the till</source><translation>收銀機使用中</translation></message>
<message><source>One less (F7)</source><translation>減一（F7）</translation></message>
<message><source>One more (F8)</source><translation>加一（F8）</translation></message>
<message><source>Opening the store…</source><translation>正在開啟資料…</translation></message>
<message><source>Outstanding liability</source><translation>未兌現負債</translation></message>
<message><source>Over the last {days} days ({n} receipts) the draft would have cost {cost} more than the current programme ({members} members' receipts change).</source><translation>過去 {days} 天（{n} 筆交易）若採用草稿，成本將比目前方案多 {cost}（{members} 位會員的收據會改變）。</translation></message>
<message><source>PAYMENT</source><translation>付款</translation></message>
<message><source>PIN</source><translation>PIN 碼</translation></message>
<message><source>PRODUCTS</source><translation>商品</translation></message>
<message><source>Paid by customers</source><translation>顧客實付</translation></message>
<message><source>Pay</source><translation>結帳</translation></message>
<message><source>Pay (F9)</source><translation>結帳（F9）</translation></message>
<message><source>Payment in progress: the till closes when it is done.</source><translation>付款處理中：完成後收銀機才會關閉。</translation></message>
<message><source>Payment in progress; wait a moment.</source><translation>付款處理中，請稍候。</translation></message>
<message><source>Payment reopened: item added, check the new total and press F9.</source><translation>已重新開啟付款：商品已加入，請確認新的總額後按 F9。</translation></message>
<message><source>Percent off</source><translation>折扣 %</translation></message>
<message><source>Phone</source><translation>電話</translation></message>
<message><source>Phone number or name</source><translation>電話或姓名</translation></message>
<message><source>Phone {phone} already belongs to member {member} ({name}): scan their card instead.</source><translation>電話 {phone} 已屬於會員 {member}（{name}）：請改掃描該會員的卡。</translation></message>
<message><source>Phone, name or member number</source><translation>電話、姓名或會員編號</translation></message>
<message><source>Points</source><translation>點數</translation></message>
<message><source>Points (+ or −)</source><translation>點數（+ 或 −）</translation></message>
<message><source>Points balance</source><translation>點數餘額</translation></message>
<message><source>Points earned</source><translation>本次獲得點數</translation></message>
<message><source>Points expire after days</source><translation>點數有效天數</translation></message>
<message><source>Points issued</source><translation>發出點數</translation></message>
<message><source>Points multiplier</source><translation>點數倍率</translation></message>
<message><source>Points multiplier ×</source><translation>點數倍率 ×</translation></message>
<message><source>Points redeemed (value)</source><translation>兌換點數（金額）</translation></message>
<message><source>Points used: {points}</source><translation>使用點數：{points}</translation></message>
<message><source>Points {points}</source><translation>點數 {points}</translation></message>
<message><source>Points × factor</source><translation>點數 × 倍率</translation></message>
<message><source>Points: earn</source><translation>點數：獲得</translation></message>
<message><source>Points: for each spend of</source><translation>點數：每消費</translation></message>
<message><source>Points: not on categories</source><translation>點數：不適用類別</translation></message>
<message><source>Preview</source><translation>預覽</translation></message>
<message><source>Price</source><translation>單價</translation></message>
<message><source>Price discount %</source><translation>價格折扣 %</translation></message>
<message><source>Print (Ctrl+R)</source><translation>列印（Ctrl+R）</translation></message>
<message><source>Priority (lower first)</source><translation>優先順序（小者優先）</translation></message>
<message><source>Prize cost</source><translation>獎品成本</translation></message>
<message><source>Prizes (JSON list)</source><translation>獎品（JSON 清單）</translation></message>
<message><source>Processing…</source><translation>處理中…</translation></message>
<message><source>Product</source><translation>商品</translation></message>
<message><source>Programme</source><translation>方案</translation></message>
<message><source>Promotion name</source><translation>優惠名稱</translation></message>
<message><source>Publish</source><translation>發佈</translation></message>
<message><source>Publish the draft</source><translation>發佈草稿</translation></message>
<message><source>Publish version {v}? The till applies it from its next sale.</source><translation>要發佈第 {v} 版嗎？收銀機將從下一筆交易開始套用。</translation></message>
<message><source>Published</source><translation>發佈時間</translation></message>
<message><source>Qty</source><translation>數量</translation></message>
<message><source>Qty −/+</source><translation>數量 −/+</translation></message>
<message><source>RECEIPT</source><translation>收據</translation></message>
<message><source>REFUND: pick a receipt, tick lines (Esc: back to the sale)</source><translation>退貨：選擇收據並勾選品項（Esc 回到交易）</translation></message>
<message><source>Ready to publish as version {v}.</source><translation>可發佈為第 {v} 版。</translation></message>
<message><source>Reason</source><translation>原因</translation></message>
<message><source>Reason (required)</source><translation>原因（必填）</translation></message>
<message><source>Reason: {reason}</source><translation>原因：{reason}</translation></message>
<message><source>Receipt</source><translation>收據</translation></message>
<message><source>Receipt printed on {printer}</source><translation>收據已由 {printer} 印出</translation></message>
<message><source>Receipt under the draft, as the till shows it</source><translation>依草稿計算的收據（與收銀機顯示相同）</translation></message>
<message><source>Receipt {id}</source><translation>收據 {id}</translation></message>
<message><source>Receipt {receipt} was already refunded in full.</source><translation>收據 {receipt} 已全部退貨。</translation></message>
<message><source>Receipts</source><translation>交易筆數</translation></message>
<message><source>Redeem (auto / manual)</source><translation>兌換（auto 自動 / manual 手動）</translation></message>
<message><source>Redeem: at least points</source><translation>兌換：最少點數</translation></message>
<message><source>Redeem: at most % of the bill</source><translation>兌換：最多折抵帳單 %</translation></message>
<message><source>Redeem: one point is worth</source><translation>兌換：每點價值</translation></message>
<message><source>Refund</source><translation>退貨</translation></message>
<message><source>Refund done: give back {amount}</source><translation>退貨完成：請退還 {amount}</translation></message>
<message><source>Refund refused: what receipt {receipt} gave that cannot be taken back is worth {owed} more than the money paid; ask a manager.</source><translation>無法退貨：收據 {receipt} 已給出且無法收回的價值比已付金額多 {owed}；請洽店長。</translation></message>
<message><source>Refund refused: without line(s) {lines} the kept lines alone cost {owed} more than this refund gives back; refund the whole receipt instead.</source><translation>無法退貨：退回第 {lines} 項後，保留的商品單獨購買比本次退款多 {owed}；請整筆退貨。</translation></message>
<message><source>Refund ticked lines</source><translation>退回勾選品項</translation></message>
<message><source>Refund whole receipt</source><translation>整筆退貨</translation></message>
<message><source>Refund {id}</source><translation>退貨單 {id}</translation></message>
<message><source>Refund {n} of {lines} lines of receipt {receipt}? They were paid {paid}; the refund settles what the kept lines cost alone.</source><translation>要退收據 {receipt} 的 {lines} 項中的 {n} 項嗎？這些品項付了 {paid}；退款會依保留品項單獨購買的價格結算。</translation></message>
<message><source>Refunded</source><translation>已退</translation></message>
<message><source>Refunded {amount} · points returned {back}, taken back {taken}</source><translation>已退 {amount} · 退回點數 {back}，扣回點數 {taken}</translation></message>
<message><source>Remove</source><translation>移除</translation></message>
<message><source>Repeat visits by monthly cohort</source><translation>各月新會員回訪率</translation></message>
<message><source>Replaying…</source><translation>重播中…</translation></message>
<message><source>Replays the last days' real receipts, member by member, under the draft.</source><translation>以草稿逐位會員重播最近幾天的真實交易。</translation></message>
<message><source>Reports</source><translation>報表</translation></message>
<message><source>Restored the sale left open when the till closed: {items} items.</source><translation>已還原收銀機關閉時未完成的交易：{items} 件。</translation></message>
<message><source>Revenue from the top 20 % of members</source><translation>前 20% 會員的營收占比</translation></message>
<message><source>Reward %</source><translation>獎勵 %</translation></message>
<message><source>Reward (free_item / amount_off / percent_off)</source><translation>獎勵（free_item 免費商品 / amount_off 折抵 / percent_off 折扣）</translation></message>
<message><source>Reward amount</source><translation>獎勵金額</translation></message>
<message><source>Reward-cost curve</source><translation>獎勵成本曲線</translation></message>
<message><source>Rewards grow in proportion to spend (flat): every member gets about the same rate back.</source><translation>獎勵與消費成正比（平）：每位會員的回饋率大致相同。</translation></message>
<message><source>Rewards step up with spend (tiers): bigger spenders get a clearly higher rate back.</source><translation>獎勵隨消費階梯上升（等級）：高消費會員的回饋率明顯較高。</translation></message>
<message><source>Rule</source><translation>規則</translation></message>
<message><source>Run backtest</source><translation>執行回測</translation></message>
<message><source>S-shaped: the rate back rises through the middle spenders and levels off at the top.</source><translation>S 形：回饋率在中間消費層上升，在最高層趨於平緩。</translation></message>
<message><source>SILVER</source><translation>銀卡</translation></message>
<message><source>Sat</source><translation>週六</translation></message>
<message><source>Save PDF (Ctrl+P)</source><translation>存成 PDF（Ctrl+P）</translation></message>
<message><source>Save draft</source><translation>儲存草稿</translation></message>
<message><source>Saved the draft to {path}.</source><translation>已將草稿存到 {path}。</translation></message>
<message><source>Saved {path}</source><translation>已儲存 {path}</translation></message>
<message><source>Saved {path}.</source><translation>已儲存 {path}。</translation></message>
<message><source>Say why: pick or type a reason for the refund.</source><translation>請說明原因：選擇或輸入退款原因。</translation></message>
<message><source>Say why: the reason goes into the audit log.</source><translation>請說明原因：原因會記入稽核紀錄。</translation></message>
<message><source>Scan kept for the next customer ({n} waiting): finish this receipt first.</source><translation>已為下一位顧客保留掃描（{n} 筆等待）：請先完成這張收據。</translation></message>
<message><source>Scan kept: it will be applied after this payment ({n} waiting).</source><translation>掃描已保留：付款完成後處理（等待 {n} 筆）。</translation></message>
<message><source>Scan or type: member code, product barcode, phone…</source><translation>掃描或輸入：會員條碼、商品條碼、電話…</translation></message>
<message><source>Scan to join: a stamp with every coffee, points on everything</source><translation>掃描加入會員：每杯咖啡集一點，消費累積點數</translation></message>
<message><source>Scan with the camera</source><translation>用相機掃描</translation></message>
<message><source>Scope (order / items / cheapest)</source><translation>範圍（order 整筆 / items 商品 / cheapest 最便宜）</translation></message>
<message><source>Search products</source><translation>搜尋商品</translation></message>
<message><source>Show this code at the till to collect and spend points.</source><translation>結帳時出示此條碼即可累積及使用點數。</translation></message>
<message><source>Sign in (Enter)</source><translation>登入（Enter）</translation></message>
<message><source>Signed in: {who} · Ctrl+L 中文/English</source><translation>登入者：{who} · Ctrl+L 中文/English</translation></message>
<message><source>Spend to qualify</source><translation>達標消費</translation></message>
<message><source>Stamp per (item / visit)</source><translation>集章方式（item 每件 / visit 每次）</translation></message>
<message><source>Stamps</source><translation>章數</translation></message>
<message><source>Stamps expire after days</source><translation>集章有效天數</translation></message>
<message><source>Stamps for a reward</source><translation>兌換所需章數</translation></message>
<message><source>Stamps on categories</source><translation>集章類別</translation></message>
<message><source>Stamps on products</source><translation>集章商品</translation></message>
<message><source>Starter stamps</source><translation>開卡贈章</translation></message>
<message><source>Starting up: scan kept ({n} waiting), it will be applied in a moment.</source><translation>啟動中：已保留掃描（{n} 筆等待），稍後自動套用。</translation></message>
<message><source>Still due</source><translation>尚欠</translation></message>
<message><source>Still working out the total; press F9 again.</source><translation>正在計算金額，請再按一次 F9。</translation></message>
<message><source>Subtotal</source><translation>小計</translation></message>
<message><source>Subtotal {subtotal} · Discounts {discounts} · Points {points}</source><translation>小計 {subtotal} · 折扣 {discounts} · 點數 {points}</translation></message>
<message><source>Sun</source><translation>週日</translation></message>
<message><source>TOTAL</source><translation>總計</translation></message>
<message><source>Tab: next field · Space: tick offers · Enter: enrol</source><translation>Tab：下一欄 · 空白鍵：勾選優惠 · Enter：加入會員</translation></message>
<message><source>Take a photo of this code, or scan it with your phone to keep your card there. Show it at the till next time.</source><translation>拍下這個條碼，或用手機掃描，把會員卡存在手機裡。下次結帳時出示即可。</translation></message>
<message><source>Take this part (F11)</source><translation>先收這部分（F11）</translation></message>
<message><source>Tendered</source><translation>收款</translation></message>
<message><source>Tendered {paid} is less than the total {total}</source><translation>收款 {paid} 少於總計 {total}</translation></message>
<message><source>Thank you!</source><translation>謝謝光臨！</translation></message>
<message><source>Thank you! See you soon.</source><translation>謝謝光臨，歡迎再來！</translation></message>
<message><source>That is a receipt's code, not a member's: scan the member's card or phone.</source><translation>這是收據的條碼，不是會員條碼：請掃描會員卡或手機。</translation></message>
<message><source>The basket could not be kept ({error}). Close again to leave without it.</source><translation>無法保留購物清單（{error}）。再關閉一次將不保留而離開。</translation></message>
<message><source>The draft cannot be published: {error}</source><translation>草稿無法發佈：{error}</translation></message>
<message><source>The draft has an error; fix it in the editor: {error}</source><translation>草稿有錯誤，請在方案編輯中修正：{error}</translation></message>
<message><source>The draft is a valid program (version {v}).</source><translation>草稿是有效的方案（第 {v} 版）。</translation></message>
<message><source>The draft is version {v}; give it a version above {newest} to publish it.</source><translation>草稿是第 {v} 版；版本需大於 {newest} 才能發佈。</translation></message>
<message><source>The name is longer than {n} characters.</source><translation>姓名超過 {n} 個字。</translation></message>
<message><source>The printer at {printer} did not print ({reason}). The sale is paid: check the printer's power and paper, then press Print again.</source><translation>印表機 {printer} 未能列印（{reason}）。本筆已付款：請檢查印表機電源與紙捲，再按「列印」。</translation></message>
<message><source>The reason is longer than {n} characters.</source><translation>原因超過 {n} 個字。</translation></message>
<message><source>The shop owes members {total} in rewards now: {points} in points and {stamps} in open stamps ({change} % since {since}).</source><translation>目前欠會員的獎勵共 {total}：點數 {points}、未滿集點卡 {stamps}（自 {since} 起 {change}%）。</translation></message>
<message><source>The store is busy: try again.</source><translation>資料庫忙碌中：請再試一次。</translation></message>
<message><source>The top 20 % of members ({n}) bring {share} % of members' revenue.</source><translation>前 20% 的會員（{n} 位）貢獻會員營收的 {share}%。</translation></message>
<message><source>This month: {counts}; {up} moved up a tier and {down} down.</source><translation>本月：{counts}；{up} 位升級、{down} 位降級。</translation></message>
<message><source>This visit fills your {card}: your next one is free</source><translation>本次集滿{card}：下一份免費</translation></message>
<message><source>Thu</source><translation>週四</translation></message>
<message><source>Tick the lines to refund first.</source><translation>請先勾選要退貨的品項。</translation></message>
<message><source>Tier distribution and movement</source><translation>會員等級分布與變動</translation></message>
<message><source>Tiers</source><translation>等級</translation></message>
<message><source>Tiers (none picked: every tier)</source><translation>等級（未選：所有等級）</translation></message>
<message><source>Tiers: basis</source><translation>等級：計算基準</translation></message>
<message><source>Tiers: days (rolling_days)</source><translation>等級：天數（rolling_days）</translation></message>
<message><source>Till</source><translation>收銀機</translation></message>
<message><source>Time</source><translation>時間</translation></message>
<message><source>Time zone</source><translation>時區</translation></message>
<message><source>To split, enter an amount between 1 and {rest}: this part, then the rest another way.</source><translation>分開付款：請輸入 1 到 {rest} 之間的金額，先收這部分，其餘用其他方式支付。</translation></message>
<message><source>Top tier</source><translation>最高等級</translation></message>
<message><source>Total</source><translation>總計</translation></message>
<message><source>Total {total}, points earned {points}, tier {tier}</source><translation>總計 {total}，獲得點數 {points}，等級 {tier}</translation></message>
<message><source>Tue</source><translation>週二</translation></message>
<message><source>Type your PIN.</source><translation>請輸入 PIN 碼。</translation></message>
<message><source>Unknown product {text}: not in the catalogue. Basket unchanged.</source><translation>未知商品 {text}：不在商品目錄中，購物清單未變更。</translation></message>
<message><source>Until (HH:MM)</source><translation>結束（HH:MM）</translation></message>
<message><source>Use points (F3)</source><translation>使用點數（F3）</translation></message>
<message><source>Uses at most</source><translation>最多使用次數</translation></message>
<message><source>Uses per (day / month / year / ever)</source><translation>次數計算（day 每日 / month 每月 / year 每年 / ever 永久）</translation></message>
<message><source>Valid from</source><translation>生效日</translation></message>
<message><source>Valid until</source><translation>截止日</translation></message>
<message><source>Value</source><translation>數值</translation></message>
<message><source>Version</source><translation>版本</translation></message>
<message><source>Version {v} is on the till from its next sale.</source><translation>第 {v} 版將從下一筆交易起在收銀機生效。</translation></message>
<message><source>Visit: at least</source><translation>每次消費至少</translation></message>
<message><source>Wed</source><translation>週三</translation></message>
<message><source>Weekdays (1 = Monday)</source><translation>星期（1 = 週一）</translation></message>
<message><source>Welcome back, {name}</source><translation>{name}，歡迎回來</translation></message>
<message><source>Welcome!</source><translation>歡迎光臨！</translation></message>
<message><source>Welcome, {name}: member {id}</source><translation>歡迎 {name}：會員編號 {id}</translation></message>
<message><source>Welcome, {name}: member {id}. Their card is on the customer display: they can photograph it or add it to their phone. Ctrl+K prints it.</source><translation>歡迎 {name}：會員 {id}。會員卡已顯示在顧客螢幕上：可拍照或加入手機。按 Ctrl+K 列印會員卡。</translation></message>
<message><source>What</source><translation>動作</translation></message>
<message><source>When</source><translation>時間</translation></message>
<message><source>When (shop time)</source><translation>時間（店內時間）</translation></message>
<message><source>Who</source><translation>對象</translation></message>
<message><source>Why is it coming back?</source><translation>為什麼退貨？</translation></message>
<message><source>Why:</source><translation>優惠說明：</translation></message>
<message><source>Words in the detail</source><translation>內容關鍵字</translation></message>
<message><source>Working…</source><translation>處理中…</translation></message>
<message><source>Wrong item sold</source><translation>賣錯商品</translation></message>
<message><source>You save {amount}</source><translation>您省下 {amount}</translation></message>
<message><source>Your new membership card</source><translation>您的新會員卡</translation></message>
<message><source>Your {card} is full: your next one is free</source><translation>{card}已集滿：下一份免費</translation></message>
<message><source>Your {card} pays for one today</source><translation>{card}今天兌換一份免費</translation></message>
<message><source>all</source><translation>全部</translation></message>
<message><source>all {n}</source><translation>全部 {n} 項</translation></message>
<message><source>amount</source><translation>金額</translation></message>
<message><source>and {n} more</source><translation>及另外 {n} 項</translation></message>
<message><source>app {version}</source><translation>程式 {version}</translation></message>
<message><source>bakery</source><translation>烘焙</translation></message>
<message><source>camera stopped</source><translation>相機已停止</translation></message>
<message><source>card</source><translation>會員卡</translation></message>
<message><source>coffee</source><translation>咖啡</translation></message>
<message><source>days</source><translation>天</translation></message>
<message><source>down</source><translation>降級</translation></message>
<message><source>drinks</source><translation>飲料</translation></message>
<message><source>e.g. card left at home, known regular</source><translation>例如：會員卡忘在家、熟客</translation></message>
<message><source>first month</source><translation>首次消費月份</translation></message>
<message><source>food</source><translation>餐點</translation></message>
<message><source>gift-cards</source><translation>禮物卡</translation></message>
<message><source>grocery</source><translation>雜貨</translation></message>
<message><source>guest</source><translation>非會員</translation></message>
<message><source>household</source><translation>日用品</translation></message>
<message><source>just now</source><translation>剛剛</translation></message>
<message><source>last sync {time}</source><translation>上次同步 {time}</translation></message>
<message><source>look-up</source><translation>查詢</translation></message>
<message><source>member</source><translation>會員</translation></message>
<message><source>members</source><translation>會員數</translation></message>
<message><source>month</source><translation>月份</translation></message>
<message><source>months after the first visit</source><translation>首次消費後月數</translation></message>
<message><source>name</source><translation>姓名</translation></message>
<message><source>no camera</source><translation>沒有相機</translation></message>
<message><source>number</source><translation>會員編號</translation></message>
<message><source>open stamps</source><translation>未兌換章數</translation></message>
<message><source>owed</source><translation>負債</translation></message>
<message><source>phone</source><translation>電話</translation></message>
<message><source>phone code</source><translation>手機條碼</translation></message>
<message><source>points</source><translation>點數</translation></message>
<message><source>points value</source><translation>點數金額</translation></message>
<message><source>program v{version}</source><translation>方案 v{version}</translation></message>
<message><source>rate %</source><translation>回饋率 %</translation></message>
<message><source>receipts</source><translation>筆數</translation></message>
<message><source>reward</source><translation>獎勵</translation></message>
<message><source>reward ready</source><translation>可兌換獎勵</translation></message>
<message><source>rule</source><translation>規則</translation></message>
<message><source>share of revenue %</source><translation>營收占比 %</translation></message>
<message><source>snacks</source><translation>零食</translation></message>
<message><source>spend</source><translation>消費</translation></message>
<message><source>stamps value</source><translation>集章金額</translation></message>
<message><source>tea</source><translation>茶飲</translation></message>
<message><source>tobacco</source><translation>菸品</translation></message>
<message><source>total</source><translation>合計</translation></message>
<message><source>up</source><translation>升級</translation></message>
<message><source>{amount} more this month for {tier}</source><translation>本月再消費 {amount} 升級 {tier}</translation></message>
<message><source>{count} stamps of {required}</source><translation>已集 {count} 章，共需 {required} 章</translation></message>
<message><source>{day} is not a plausible birthday: check the year.</source><translation>{day} 不是合理的生日：請確認年份。</translation></message>
<message><source>{h} h {m} min ago</source><translation>{h} 小時 {m} 分鐘前</translation></message>
<message><source>{method} {amount} taken</source><translation>已收{method} {amount}</translation></message>
<message><source>{missing} short</source><translation>還差 {missing}</translation></message>
<message><source>{missing} short: ask for {missing} more, or press F11 to take {paid} in cash and the rest another way.</source><translation>還差 {missing}：請再收 {missing}，或按 F11 先收現金 {paid}，其餘用其他方式支付。</translation></message>
<message><source>{missing} still due: press F11 to take {paid} this way and the rest another way.</source><translation>尚欠 {missing}：按 F11 先用此方式收 {paid}，其餘用其他方式支付。</translation></message>
<message><source>{name} · {points} points · tier {tier} · stamps {stamps} · joined {joined}</source><translation>{name} · {points} 點 · 等級 {tier} · 集章 {stamps} · 入會 {joined}</translation></message>
<message><source>{n} found: Enter picks the highlighted one</source><translation>找到 {n} 位：按 Enter 選擇反白者</translation></message>
<message><source>{n} held: ↑/↓ choose, Enter takes it up again</source><translation>{n} 筆掛單：↑/↓ 選擇，Enter 取回</translation></message>
<message><source>{n} min ago</source><translation>{n} 分鐘前</translation></message>
<message><source>{n} more stamps on your {card} for a free one</source><translation>{card}再集 {n} 章，換一份免費</translation></message>
<message><source>{n} scan(s) kept for the next customer: Enter starts the next sale.</source><translation>已為下一位顧客保留 {n} 筆掃描：按 Enter 開始下一筆交易。</translation></message>
<message><source>{n} waiting to sync</source><translation>{n} 筆待同步</translation></message>
<message><source>{phone} is not a phone number (e.g. 0912345678).</source><translation>{phone} 不是電話號碼（例如 0912345678）。</translation></message>
<message><source>{points} points pay</source><translation>{points} 點折抵</translation></message>
<message><source>{refunded} of {lines}</source><translation>{lines} 項中 {refunded} 項</translation></message>
<message><source>{rule} is the costliest rule: {amount} of {total} ({share} %).</source><translation>成本最高的規則是 {rule}：{total} 中的 {amount}（{share}%）。</translation></message>
<message><source>○ not connected</source><translation>○ 未連線</translation></message>
<message><source>● online</source><translation>● 已連線</translation></message>
<message><source>★ members only · [tier] for those tiers only · (hours) some hours only · * more conditions at the till</source><translation>★ 限會員 · [等級] 限該等級 · (時段) 限部分時段 · * 收銀時另有條件</translation></message>
<message><source>✓ Verified ({via}): may spend points and rewards</source><translation>✓ 已驗證（{via}）：可使用點數與獎勵</translation></message>
<message><source>中文/EN</source><translation>中文/EN</translation></message>
<message><source>🎂 Birthday week</source><translation>🎂 生日週</translation></message>
</context></TS>
