"""Write till_zh_TW.ts from every tr("...") in ui/ plus the strings tr() gets through variables,
then compile it with pyside6-lrelease: `.venv/bin/python resources/i18n/make_ts.py`.

A string with no Chinese here fails the build (and tests/ui/test_language.py), so nothing on
screen stays English after switching.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CONTEXT = "Till"

ZH_TW = {
    "(refunded)": "（已退貨）",
    "+1 {card} stamp": "{card} +1 章",
    "+{n} {card} stamps": "{card} +{n} 章",
    "+{points} points": "+{points} 點",
    "+{points} points earned": "獲得 {points} 點",
    "Add a product before paying.": "請先加入商品再結帳。",
    "Opening the store…": "正在開啟資料…",
    "Starting up: scan kept ({n} waiting), it will be applied in a moment.": "啟動中：已保留掃描（{n} 筆等待），稍後自動套用。",
    "BASKET": "購物清單",
    "Back (Esc)": "返回（Esc）",
    "Basket unchanged.": "購物清單未變更。",
    "Birthday": "生日",
    "Camera": "相機",
    "Camera off.": "相機已關閉。",
    "Camera on: hold the code in front of it (F10 to stop).": "相機已開啟：請將條碼對準鏡頭（F10 停止）。",
    "Camera: {error}": "相機：{error}",
    "Card": "信用卡",
    "Cash": "現金",
    "Change": "找零",
    "Change {amount}": "找零 {amount}",
    "Confirm payment (Enter / F9)": "確認付款（Enter / F9）",
    "Customer display": "顧客顯示器",
    "Discounts": "折扣",
    "Enrol (Enter)": "加入會員（Enter）",
    "FIND MEMBER (Esc: back)": "查詢會員（Esc 返回）",
    "Find": "查詢",
    "Find a member by phone or name": "以電話或姓名查詢會員",
    "Full name": "姓名全名",
    "Known": "已知",
    "Loyalty Café": "集點咖啡",
    "MEMBER": "會員",
    "Max {points}": "最多 {points}",
    "Member agrees to receive offers": "會員同意接收優惠訊息",
    "Member {name} ({via})": "會員 {name}（{via}）",
    "Mobile": "行動支付",
    "NEW MEMBER (Esc: back)": "新會員（Esc 返回）",
    "Name": "姓名",
    "Next customer (Enter)": "下一位顧客（Enter）",
    "No camera available ({error}). Use the scanner or type the code.": "沒有可用的相機（{error}）。請用掃描器或手動輸入。",
    "No member found": "查無會員",
    "No member. Scan a card or phone code, type a phone number, or press F4 to enrol.":
        "尚未指定會員。請掃描會員卡或手機條碼、輸入電話，或按 F4 加入會員。",
    "No tier": "無等級",
    "Offers": "優惠通知",
    "One less (F7)": "減一（F7）",
    "One more (F8)": "加一（F8）",
    "PAYMENT": "付款",
    "PRODUCTS": "商品",
    "Pay (F9)": "結帳（F9）",
    "Payment in progress; wait a moment.": "付款處理中，請稍候。",
    "Phone": "電話",
    "Phone number or name": "電話或姓名",
    "Points balance": "點數餘額",
    "Points earned": "本次獲得點數",
    "Points used: {points}": "使用點數：{points}",
    "Points {points}": "點數 {points}",
    "Processing…": "處理中…",
    "RECEIPT": "收據",
    "REFUND: pick a receipt, tick lines (Esc: back to the sale)": "退貨：選擇收據並勾選品項（Esc 回到交易）",
    "Receipt {id}": "收據 {id}",
    "Refund done: give back {amount}": "退貨完成：請退還 {amount}",
    "Refund {id}": "退貨單 {id}",
    "Refund refused: without line(s) {lines} the kept lines alone cost {owed} more than this refund gives back; "
    "refund the whole receipt instead.": "無法退貨：退回第 {lines} 項後，保留的商品單獨購買比本次退款多 {owed}；請整筆退貨。",
    "Refund refused: what receipt {receipt} gave that cannot be taken back is worth {owed} more than the money paid; "
    "ask a manager.": "無法退貨：收據 {receipt} 已給出且無法收回的價值比已付金額多 {owed}；請洽店長。",
    "MONEY BACK": "退款金額",
    "Reason: {reason}": "原因：{reason}",
    "Refund ticked lines": "退回勾選品項",
    "Refund whole receipt": "整筆退貨",
    "Refunded {amount} · points returned {back}, taken back {taken}": "已退 {amount} · 退回點數 {back}，扣回點數 {taken}",
    "Remove": "移除",
    "Save PDF (Ctrl+P)": "存成 PDF（Ctrl+P）",
    "Saved {path}": "已儲存 {path}",
    "Scan kept: it will be applied after this payment ({n} waiting).": "掃描已保留：付款完成後處理（等待 {n} 筆）。",
    "Scan or type: member code, product barcode, phone…": "掃描或輸入：會員條碼、商品條碼、電話…",
    "Scan to join: a stamp with every coffee, points on everything": "掃描加入會員：每杯咖啡集一點，消費累積點數",
    "Scan with the camera": "用相機掃描",
    "Search products": "搜尋商品",
    "Still working out the total; press F9 again.": "正在計算金額，請再按一次 F9。",
    "Subtotal": "小計",
    "Subtotal {subtotal} · Discounts {discounts} · Points {points}": "小計 {subtotal} · 折扣 {discounts} · 點數 {points}",
    "TOTAL": "總計",
    "Tendered": "收款",
    "Tendered {paid} is less than the total {total}": "收款 {paid} 少於總計 {total}",
    "Thank you!": "謝謝光臨！",
    "Tick the lines to refund first.": "請先勾選要退貨的品項。",
    "Till": "收銀機",
    "Top tier": "最高等級",
    "Total": "總計",
    "Use points (F3)": "使用點數（F3）",
    "Welcome back, {name}": "{name}，歡迎回來",
    "Welcome!": "歡迎光臨！",
    "Welcome, {name}: member {id}": "歡迎 {name}：會員編號 {id}",
    "Why:": "優惠說明：",
    "You save {amount}": "您省下 {amount}",
    "all": "全部",
    "app {version}": "程式 {version}",
    "guest": "非會員",
    "program v{version}": "方案 v{version}",
    "{amount} more this month for {tier}": "本月再消費 {amount} 升級 {tier}",
    "Your {card} is full: your next one is free": "{card}已集滿：下一份免費",
    "1 more stamp on your {card} for a free one": "{card}再集 1 章，換一份免費",
    "{n} more stamps on your {card} for a free one": "{card}再集 {n} 章，換一份免費",
    "{n} found: Enter picks the highlighted one": "找到 {n} 位：按 Enter 選擇反白者",
    "{n} waiting to sync": "{n} 筆待同步",
    "last sync {time}": "上次同步 {time}",
    "○ not connected": "○ 未連線",
    "● online": "● 已連線",
    # strings that reach tr() through variables
    "Item": "品項", "Qty": "數量", "Price": "單價", "Discount": "折扣", "Amount": "金額",
    "Time": "時間", "Receipt": "收據", "Member": "會員", "Refunded": "已退",
    "Points": "點數", "Enrol": "入會", "Refund": "退貨", "Pay": "結帳", "Qty −/+": "數量 −/+",
    "Back": "返回", "中文/EN": "中文/EN",
    "Unknown product {text}: not in the catalogue. Basket unchanged.": "未知商品 {text}：不在商品目錄中，購物清單未變更。",
    "No member {text} on this terminal: check the number or ask for the phone number.":
        "本機查無會員 {text}：請確認編號或詢問電話號碼。",
    "No member with phone {text}. Press F4 to enrol them.": "查無電話 {text} 的會員。按 F4 加入會員。",
    "Offline: member {text} is not on this till; scan their card or phone code.":
        "離線中：本機沒有會員 {text} 的資料，請掃描會員卡或手機條碼。",
    "That is a receipt's code, not a member's: scan the member's card or phone.": "這是收據的條碼，不是會員條碼：請掃描會員卡或手機。",
    "Not recognised: {text}. Scan again, or type a phone number or name.": "無法辨識：{text}。請重新掃描，或輸入電話或姓名。",
    "Nothing scanned.": "沒有掃描到內容。",
    "card": "會員卡", "phone code": "手機條碼", "number": "會員編號", "phone": "電話", "name": "姓名",
    "🎂 Birthday week": "🎂 生日週", "Member Tuesday ×2 points": "會員週二 點數×2", "Member day −10%": "會員日 −10%",
    "Coffee card": "咖啡集點卡", "coffee": "咖啡", "tea": "茶飲", "drinks": "飲料", "bakery": "烘焙",
    "food": "餐點", "snacks": "零食", "grocery": "雜貨", "household": "日用品", "tobacco": "菸品",
    "gift-cards": "禮物卡",
    "BRONZE": "銅卡", "SILVER": "銀卡", "GOLD": "金卡", "DIAMOND": "鑽石卡",
}


# The counter: held baskets, the sale kept when the till closes, tendering, enrolment, refunds.
ZH_TW |= {
    "Hold/Recall": "掛單/取單",
    "Hold (F5)": "掛單（F5）",
    "Basket held ({items} items): F5 on an empty sale recalls it.": "已掛單（{items} 件）：空白交易時按 F5 取回。",
    "Basket recalled: {items} items.": "已取回掛單：{items} 件。",
    "Go back to the basket (Esc) to hold it.": "請先返回購物清單（Esc）再掛單。",
    "HELD BASKETS (Esc: back)": "掛單（Esc：返回）",
    "Hold or finish this basket before recalling another.": "請先掛單或結帳目前的購物清單，再取回其他掛單。",
    "No basket is held. F5 in a sale holds its basket.": "沒有掛單。交易中按 F5 可掛單。",
    "Payment in progress: the till closes when it is done.": "付款處理中：完成後收銀機才會關閉。",
    "Payment reopened: item added, check the new total and press F9.": "已重新開啟付款：商品已加入，請確認新的總額後按 F9。",
    "Restored the sale left open when the till closed: {items} items.": "已還原收銀機關閉時未完成的交易：{items} 件。",
    "Scan kept for the next customer ({n} waiting): finish this receipt first.": "已為下一位顧客保留掃描（{n} 筆等待）：請先完成這張收據。",
    "The basket could not be kept ({error}). Close again to leave without it.": "無法保留購物清單（{error}）。再關閉一次將不保留而離開。",
    "and {n} more": "及另外 {n} 項",
    "just now": "剛剛",
    "look-up": "查詢",
    "{h} h {m} min ago": "{h} 小時 {m} 分鐘前",
    "{n} held: ↑/↓ choose, Enter takes it up again": "{n} 筆掛單：↑/↓ 選擇，Enter 取回",
    "{n} min ago": "{n} 分鐘前",
    "{n} scan(s) kept for the next customer: Enter starts the next sale.": "已為下一位顧客保留 {n} 筆掃描：按 Enter 開始下一筆交易。",
    "1990-05-17 (optional)": "1990-05-17（可留空）",
    "Birthday: type it as year-month-day, e.g. 1990-05-17 (or leave it empty).": "生日：請以年-月-日輸入，例如 1990-05-17（或留空）。",
    "Cancel (Esc)": "取消（Esc）",
    "Confirm refund (Enter)": "確認退款（Enter）",
    "Due": "應付",
    "Every line of this receipt was refunded already.": "這張收據的每一項都已退過了。",
    "Handed over": "收到現金",
    "Reason": "原因",
    "Refund {n} of {lines} lines of receipt {receipt}? They were paid {paid}; the refund settles what the kept lines cost alone.": "要退收據 {receipt} 的 {lines} 項中的 {n} 項嗎？這些品項付了 {paid}；退款會依保留品項單獨購買的價格結算。",
    "Say why: pick or type a reason for the refund.": "請說明原因：選擇或輸入退款原因。",
    "Still due": "尚欠",
    "Tab: next field · Space: tick offers · Enter: enrol": "Tab：下一欄 · 空白鍵：勾選優惠 · Enter：加入會員",
    "Take a photo of this code, or scan it with your phone to keep your card there. Show it at the till next time.": "拍下這個條碼，或用手機掃描，把會員卡存在手機裡。下次結帳時出示即可。",
    "Take this part (F11)": "先收這部分（F11）",
    "To split, enter an amount between 1 and {rest}: this part, then the rest another way.": "分開付款：請輸入 1 到 {rest} 之間的金額，先收這部分，其餘用其他方式支付。",
    "Welcome, {name}: member {id}. Their card is on the customer display: they can photograph it or add it to their phone. Ctrl+K prints it.": "歡迎 {name}：會員 {id}。會員卡已顯示在顧客螢幕上：可拍照或加入手機。按 Ctrl+K 列印會員卡。",
    "Ctrl+K prints a new member's card right after enrolment (F4).": "Ctrl+K 可在新會員入會（F4）後立即列印會員卡。",
    "MEMBER CARD": "會員卡",
    "Member number": "會員編號",
    "Show this code at the till to collect and spend points.": "結帳時出示此條碼即可累積及使用點數。",
    "Card printed on {printer}": "會員卡已由 {printer} 列印",
    "No receipt printer is set up: the card is saved for the card printer as {path}": "未設定收據印表機：會員卡已存為 {path}，可用卡片印表機列印",
    "Why is it coming back?": "為什麼退貨？",
    "Your new membership card": "您的新會員卡",
    "all {n}": "全部 {n} 項",
    "reward ready": "可兌換獎勵",
    "{count} stamps of {required}": "已集 {count} 章，共需 {required} 章",
    "{method} {amount} taken": "已收{method} {amount}",
    "{missing} short": "還差 {missing}",
    "{missing} short: ask for {missing} more, or press F11 to take {paid} in cash and the rest another way.": "還差 {missing}：請再收 {missing}，或按 F11 先收現金 {paid}，其餘用其他方式支付。",
    "{missing} still due: press F11 to take {paid} this way and the rest another way.": "尚欠 {missing}：按 F11 先用此方式收 {paid}，其餘用其他方式支付。",
    "{refunded} of {lines}": "{lines} 項中 {refunded} 項",
    "Approve and pay (Enter)": "核准並付款（Enter）",
    "Best: scan the member's card or phone code instead (Esc, then scan). Otherwise a manager approves:": "最好改掃會員卡或手機條碼（按 Esc 後掃描）。否則請主管核准：",
    "Checking the PIN…": "正在核對密碼…",
    "Identified only ({via}): to spend, their code or an override": "僅辨識（{via}）：使用點數需出示條碼或主管核准",
    "Manager's override": "主管核准",
    "Say why: the reason goes into the audit log.": "請說明原因：原因會記入稽核紀錄。",
    "e.g. card left at home, known regular": "例如：會員卡忘在家、熟客",
    "✓ Verified ({via}): may spend points and rewards": "✓ 已驗證（{via}）：可使用點數與獎勵",
    "Lines refunded": "已退項目",
    "Customer changed their mind": "顧客改變心意",
    "Damaged or faulty": "商品損壞或故障",
    "Wrong item sold": "賣錯商品",
    "Charged by mistake": "誤收款項",
}


# Receipts: printing, the PDF, store settings.
ZH_TW |= {
    "Print (Ctrl+R)": "列印（Ctrl+R）",
    "Receipt printed on {printer}": "收據已由 {printer} 印出",
    "No receipt printer is set up (settings set printer).": "尚未設定收據印表機（settings set printer）。",
}


# The customer display.
ZH_TW |= {
    "{points} points pay": "{points} 點折抵",
    "Thank you! See you soon.": "謝謝光臨，歡迎再來！",
    "Balance {points} points": "點數餘額 {points} 點",
    "This visit fills your {card}: your next one is free": "本次集滿{card}：下一份免費",
    "+{n} stamps this visit": "本次 +{n} 章", "+1 stamp this visit": "本次 +1 章",
    "Your {card} pays for one today": "{card}今天兌換一份免費",
}


# The core's refusals as the till shows them (ui/error_texts.py), and camera states.
ZH_TW |= {
    "Enter the member's name.": "請輸入會員姓名。",
    "The name is longer than {n} characters.": "姓名超過 {n} 個字。",
    "{day} is not a plausible birthday: check the year.": "{day} 不是合理的生日：請確認年份。",
    "{phone} is not a phone number (e.g. 0912345678).": "{phone} 不是電話號碼（例如 0912345678）。",
    "Phone {phone} already belongs to member {member} ({name}): scan their card instead.":
        "電話 {phone} 已屬於會員 {member}（{name}）：請改掃描該會員的卡。",
    "No receipt {receipt} on this terminal.": "本機沒有收據 {receipt}。",
    "Receipt {receipt} was already refunded in full.": "收據 {receipt} 已全部退貨。",
    "Line {line} ({name}) of receipt {receipt} was already refunded.": "收據 {receipt} 的第 {line} 項（{name}）已退貨。",
    "A refund dated {at} is before its sale ({sale}): check the till's clock.":
        "退貨時間 {at} 早於銷售時間（{sale}）：請檢查收銀機時鐘。",
    "The reason is longer than {n} characters.": "原因超過 {n} 個字。",
    "The store is busy: try again.": "資料庫忙碌中：請再試一次。",
    "Offline: member {member} may redeem at most {allowance} points a day on this till while it cannot reach the server ({used} used today, {left} left).":
        "離線中：連不上總部時，會員 {member} 在本收銀機每天最多可折抵 {allowance} 點（今天已用 {used} 點，尚餘 {left} 點）。",
    "The printer at {printer} did not print ({reason}). The sale is paid: check the printer's power and paper, then press Print again.":
        "印表機 {printer} 未能列印（{reason}）。本筆已付款：請檢查印表機電源與紙捲，再按「列印」。",
    "no camera": "沒有相機", "camera stopped": "相機已停止",
}


# The manager's console (ui/manager): its table lives beside this file.
ZH_TW |= __import__("runpy").run_path(str(HERE / "manager_zh_TW.py"))["MANAGER"]


def sources() -> set[str]:
    pattern = re.compile(r'tr\("((?:[^"\\]|\\.)*)"')
    found: set[str] = set()
    for path in (ROOT / "ui").rglob("*.py"):
        found |= {m.encode().decode("unicode_escape") if "\\" in m else m for m in pattern.findall(path.read_text())}
    return found


def write_ts(path: Path) -> list[str]:
    missing = sorted(sources() - set(ZH_TW))
    out = ['<?xml version="1.0" encoding="utf-8"?>', "<!DOCTYPE TS>", '<TS version="2.1" language="zh_TW">',
           f"<context><name>{CONTEXT}</name>"]
    for source, target in sorted(ZH_TW.items()):
        out.append(f"<message><source>{escape(source)}</source><translation>{escape(target)}</translation></message>")
    out.append("</context></TS>")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return missing


def main() -> int:
    ts = HERE / "till_zh_TW.ts"
    missing = write_ts(ts)
    if missing:
        print("no zh_TW for:", *missing, sep="\n  ", file=sys.stderr)
        return 1
    # The binary inside the PySide6 package: 6.11's `pyside6-lrelease` wrapper fails to find its own package.
    import PySide6

    bundled = Path(PySide6.__path__[0]) / "lrelease"
    lrelease = str(bundled) if bundled.exists() else (
        shutil.which("pyside6-lrelease") or str(Path(sys.executable).parent / "pyside6-lrelease"))
    subprocess.run([lrelease, str(ts), "-qm", str(HERE / "till_zh_TW.qm")], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
