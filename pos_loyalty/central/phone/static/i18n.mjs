// The page's words in English and Traditional Chinese (Taiwan), chosen from the phone's language.

const EN = {
  title: "Membership",
  join_title: "Join in 30 seconds",
  join_intro: "Collect stamps and points at the till with the code on your phone.",
  name: "Name", phone: "Mobile number", birthday: "Birthday (for your birthday offer)",
  consent: "Send me offers (you can stop them any time)",
  join: "Join", joining: "Joining…",
  checking_link: "Checking the join link…",
  already_member: "You are already a member ({name}).",
  move_intro: "Move your card to this phone? Your old phone's code will stop working.",
  move_birthday: "Your birthday, to confirm it is you",
  move: "Move my card to this phone", moving: "Moving…",
  joined_here: "This phone already holds a membership card.",
  show_card: "Show my card",
  no_card: "No card on this phone yet",
  no_card_hint: "Scan the join code on the till's screen with your phone's camera.",
  code_hint: "Show this code at the till",
  new_code: "New code", new_code_in: "New code in {s} s",
  renewed: "New code shown",
  points: "Points", tier: "Tier", no_tier: "Member",
  to_next: "{amount} more for {tier}", top_tier: "Top tier",
  stamps_of: "{n} of {m} stamps",
  stamps: "Stamp cards", offers: "Today for you", visits: "Recent visits",
  birthday_offer: "Birthday", member_day: "Member day", until: "until {t}",
  no_offers: "No special offers today.", no_visits: "No visits yet.",
  earned: "+{n} points",
  offline: "Offline: details as of {t}. The code works without a connection.",
  moved: "This card was moved to another phone. This phone's code no longer works.",
  new_phone: "New phone? Scan the join code at the till with it and choose “Move my card”.",
  no_crypto: "This browser cannot make a secure membership key. Open the link in Chrome or Safari.",
  member_no: "Member no.",
  errors: {
    link_expired: "This join code has expired: scan the new code on the till's screen.",
    link_used: "This join code was already used: scan the new code on the till's screen.",
    link_invalid: "This join code is not valid: scan the code on the till's screen again.",
    too_many: "Many people joined at this till just now: please try again in a few minutes.",
    no_match: "These details do not match a member's: ask the cashier to move your card.",
    invalid: "Please check: {detail}",
    network: "No connection: try again when you are online.",
    unknown: "Something went wrong: {detail}",
  },
};

const ZH = {
  title: "會員卡",
  join_title: "30 秒加入會員",
  join_intro: "結帳時出示手機上的條碼，就能集點數、蓋印章。",
  name: "姓名", phone: "手機號碼", birthday: "生日（享生日優惠）",
  consent: "我願意收到優惠訊息（可隨時取消）",
  join: "加入會員", joining: "加入中…",
  checking_link: "正在確認加入連結…",
  already_member: "您已經是會員（{name}）。",
  move_intro: "要把會員卡移到這支手機嗎？舊手機的條碼將會失效。",
  move_birthday: "請輸入生日以確認身分",
  move: "把會員卡移到這支手機", moving: "移轉中…",
  joined_here: "這支手機已有會員卡。",
  show_card: "顯示我的會員卡",
  no_card: "這支手機還沒有會員卡",
  no_card_hint: "請用手機相機掃描收銀台螢幕上的加入條碼。",
  code_hint: "結帳時請出示此條碼",
  new_code: "換新條碼", new_code_in: "{s} 秒後更新條碼",
  renewed: "已顯示新條碼",
  points: "點數", tier: "等級", no_tier: "一般會員",
  to_next: "再消費 {amount} 升級 {tier}", top_tier: "最高等級",
  stamps_of: "{n} / {m} 個印章",
  stamps: "集點卡", offers: "今日專屬優惠", visits: "最近消費",
  birthday_offer: "生日優惠", member_day: "會員日", until: "至 {t}",
  no_offers: "今天沒有特別優惠。", no_visits: "還沒有消費紀錄。",
  earned: "+{n} 點",
  offline: "離線中：資料更新於 {t}。條碼不需網路也能使用。",
  moved: "此會員卡已移到另一支手機，這支手機的條碼已失效。",
  new_phone: "換新手機？用新手機掃描收銀台的加入條碼，並選擇「把會員卡移到這支手機」。",
  no_crypto: "此瀏覽器無法建立安全的會員金鑰，請改用 Chrome 或 Safari 開啟連結。",
  member_no: "會員編號",
  errors: {
    link_expired: "此加入條碼已過期，請掃描收銀台螢幕上的新條碼。",
    link_used: "此加入條碼已使用過，請掃描收銀台螢幕上的新條碼。",
    link_invalid: "此加入條碼無效，請重新掃描收銀台螢幕上的條碼。",
    too_many: "剛才在這台收銀機加入的人很多，請過幾分鐘再試。",
    no_match: "資料與會員紀錄不符，請洽收銀人員協助移轉。",
    invalid: "請確認：{detail}",
    network: "沒有網路連線，請連線後再試。",
    unknown: "發生錯誤：{detail}",
  },
};

export function pickLanguage(languages) {
  for (const tag of languages || []) {
    const lower = String(tag).toLowerCase();
    if (lower.startsWith("zh")) return "zh-TW";  // Traditional Chinese for any Chinese: the shops are in Taiwan
    if (lower.startsWith("en")) return "en";
  }
  return "en";
}

export function strings(language) {
  return language === "zh-TW" ? ZH : EN;
}

export function fill(text, values = {}) {
  return text.replace(/\{(\w+)\}/g, (_, key) => (key in values ? String(values[key]) : `{${key}}`));
}
