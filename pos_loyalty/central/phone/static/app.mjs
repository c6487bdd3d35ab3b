// The member's page: join form, the rotating code, stamps, points, tier, offers, visits.
import qrcode from "./vendor/qrcode-generator-2.0.4.mjs";
import * as kept from "./keystore.mjs";
import { ApiError, checkLink, postJson, signedGet } from "./phone_api.mjs";
import { MAX_RENEWAL, STEP_SECONDS, rotatingCode, timeStep } from "./phone_code.mjs";
import { fill, pickLanguage, strings } from "./i18n.mjs";

const language = pickLanguage(navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language]);
const T = strings(language);
document.documentElement.lang = language;
document.title = T.title;
const app = document.getElementById("app");

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") el.className = value;
    else if (key === "style") Object.assign(el.style, value);  // CSSOM: allowed by the page's CSP
    else if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (value === true) el.setAttribute(key, "");
    else if (value !== false && value != null) el.setAttribute(key, value);
  }
  for (const child of children.flat()) if (child != null) el.append(child instanceof Node ? child : String(child));
  return el;
}

function show(...nodes) { app.replaceChildren(...nodes); }

function errorText(error) {
  if (!(error instanceof ApiError)) return fill(T.errors.unknown, { detail: String(error && error.message || error) });
  const text = T.errors[error.code];
  return text ? fill(text, { detail: error.detail }) : fill(T.errors.unknown, { detail: error.detail });
}

// A program name in the page's language where the program gives one ("names": {"zh_TW": ...}).
function named(name, names) {
  const tag = language === "zh-TW" ? "zh_TW" : "en";
  return (names && names[tag]) || name;
}

function money(amount, currency) {
  const exponent = currency ? currency.exponent : 0;
  const code = currency ? currency.code : "TWD";
  return new Intl.NumberFormat(language, { style: "currency", currency: code, minimumFractionDigits: exponent,
                                           maximumFractionDigits: exponent }).format(amount / 10 ** exponent);
}

// --- joining ------------------------------------------------------------------------------

async function joinPage(token) {
  const existing = await kept.get("device");
  if (existing && !existing.moved) {
    show(h("section", { class: "panel" }, h("p", { class: "lead" }, T.joined_here),
           h("button", { class: "primary", onclick: () => goHome() }, T.show_card)));
    return;
  }
  show(h("section", { class: "panel" }, h("p", {}, T.checking_link)));
  try {
    await checkLink(token);
  } catch (error) {
    show(h("section", { class: "panel" }, h("p", { class: "error", role: "alert" }, errorText(error))));
    return;
  }
  const message = h("p", { class: "error", role: "alert", hidden: true });
  const form = h("form", { class: "panel", id: "join-form", novalidate: true },
    h("h1", {}, T.join_title), h("p", { class: "lead" }, T.join_intro),
    h("label", {}, T.name, h("input", { name: "name", autocomplete: "name", required: true, maxlength: "200" })),
    h("label", {}, T.phone, h("input", { name: "phone", type: "tel", autocomplete: "tel", inputmode: "tel", required: true,
                                          maxlength: "32", placeholder: "0912345678" })),
    h("label", {}, T.birthday, h("input", { name: "birthday", type: "date", autocomplete: "bday" })),
    h("label", { class: "check" }, h("input", { name: "consent", type: "checkbox" }), T.consent),
    message,
    h("button", { class: "primary", type: "submit" }, T.join));
  sendForm(form, message, T.join, T.joining, (data, publicKey) => postJson("/phone/api/join", {
    token, name: String(data.get("name") || ""), phone: String(data.get("phone") || ""),
    birthday: data.get("birthday") || null, consent: data.get("consent") === "on", public_key: publicKey }),
  (error, data) => {
    if (!(error instanceof ApiError && error.code === "already_member")) return false;
    movePanel(token, String(data.get("phone") || ""), error.extra.masked_name || "");
    return true;
  });
  show(form);
}

function movePanel(token, phone, maskedName) {
  const message = h("p", { class: "error", role: "alert", hidden: true });
  const form = h("form", { class: "panel", id: "move-form", novalidate: true },
    h("h1", {}, fill(T.already_member, { name: maskedName })),
    h("p", { class: "lead" }, T.move_intro),
    h("label", {}, T.phone, h("input", { name: "phone", type: "tel", value: phone, required: true, maxlength: "32" })),
    h("label", {}, T.move_birthday, h("input", { name: "birthday", type: "date", required: true })),
    message,
    h("button", { class: "primary", type: "submit" }, T.move));
  sendForm(form, message, T.move, T.moving, (data, publicKey) => postJson("/phone/api/move", {
    token, phone: String(data.get("phone") || ""), birthday: data.get("birthday") || null, public_key: publicKey }));
  show(form);
}

// Send a join or move form with this phone's public key; on success keep the card and show it.
// `refused(error, data)` may take over a refusal (true) instead of showing its message.
function sendForm(form, message, idle, busy, send, refused = () => false) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const button = form.querySelector("button[type=submit]");
    button.disabled = true; button.textContent = busy; message.hidden = true;
    try {
      const keyPair = await pendingKeyPair();
      await keepCard(await send(data, await kept.publicKeyBase64url(keyPair)), keyPair);
      goHome();
    } catch (error) {
      button.disabled = false; button.textContent = idle;
      if (refused(error, data)) return;
      message.textContent = errorText(error); message.hidden = false;
    }
  });
}

// The key is made once per join attempt and kept, so a retry after a lost answer sends the same key.
async function pendingKeyPair() {
  let keyPair = await kept.get("pending-key");
  if (!keyPair) {
    keyPair = await kept.newKeyPair();
    await kept.put("pending-key", keyPair);
  }
  return keyPair;
}

async function keepCard(card, keyPair) {
  await kept.put("device", { keyPair, deviceKeyId: card.device_key_id, memberId: card.member,
                             cardSerial: card.card_serial, certificate: card.certificate, moved: false });
  await kept.remove("pending-key");
  await kept.remove("member");
}

function goHome() {
  history.replaceState(null, "", "/phone/");
  route();
}

// --- the card -----------------------------------------------------------------------------

let ticker = null;
let wakeLock = null;

async function memberPage() {
  const device = await kept.get("device");
  if (!device) {
    show(h("section", { class: "panel" }, h("h1", {}, T.no_card), h("p", { class: "lead" }, T.no_card_hint)));
    return;
  }
  const status = h("p", { class: "status", role: "status", hidden: true });
  const details = h("div", { class: "details" });
  if (device.moved) {
    show(h("section", { class: "panel" }, h("p", { class: "error", role: "alert" }, T.moved)));
    return;
  }
  const codeCard = h("section", { class: "code-card" });
  show(codeCard, status, details, h("p", { class: "hint" }, T.new_phone));
  startCode(codeCard, device);
  const cached = await kept.get("member");
  if (cached) renderDetails(details, cached.data);
  try {
    const data = await signedGet("/phone/api/member", device);
    await kept.put("member", { data, at: Date.now() });
    renderDetails(details, data);
  } catch (error) {
    if (error instanceof ApiError && error.code === "moved") {
      await kept.put("device", { ...device, moved: true });
      stopCode();
      show(h("section", { class: "panel" }, h("p", { class: "error", role: "alert" }, T.moved)));
      return;
    }
    const at = cached ? new Date(cached.at) : null;
    status.textContent = fill(T.offline, { t: at ? at.toLocaleString(language) : "—" });
    status.hidden = false;
  }
}

function startCode(container, device) {
  const canvas = h("canvas", { id: "member-code", width: "330", height: "330", role: "img", "aria-label": T.code_hint });
  const countdown = h("span", { class: "countdown", id: "countdown" });
  const bar = h("div", { class: "bar" }, h("div", { class: "bar-fill", id: "bar-fill" }));
  let step = null, renewal = 0, busy = false;
  const draw = async () => {
    busy = true;
    try {
      const text = await rotatingCode(device, device.keyPair.privateKey, step, renewal);
      paintQr(canvas, text);
      canvas.dataset.code = text;
      canvas.dataset.step = String(step);
      canvas.dataset.renewal = String(renewal);
    } finally { busy = false; }
  };
  const renew = () => {
    if (renewal < MAX_RENEWAL) renewal += 1;
    draw();
  };
  const tick = () => {
    const now = Date.now();
    const current = timeStep(now);
    if (current !== step) { step = current; renewal = 0; if (!busy) draw(); }
    const left = STEP_SECONDS - (Math.floor(now / 1000) % STEP_SECONDS);
    countdown.textContent = fill(T.new_code_in, { s: left });
    bar.firstChild.style.width = `${(left / STEP_SECONDS) * 100}%`;
  };
  container.replaceChildren(
    h("p", { class: "name", id: "member-name" }, ""),
    h("div", { class: "qr" }, canvas),
    h("p", { class: "code-hint" }, T.code_hint),
    bar,
    h("div", { class: "code-row" }, countdown,
      h("button", { class: "renew", id: "new-code", type: "button", onclick: renew }, T.new_code)));
  stopCode();
  tick();
  ticker = setInterval(tick, 1000);
  // Back on screen after being put away: it may have been scanned already, so show a new code.
  document.onvisibilitychange = () => {
    if (document.visibilityState === "visible") { renew(); keepAwake(); }
  };
  keepAwake();
}

function stopCode() {
  if (ticker) clearInterval(ticker);
  ticker = null;
}

async function keepAwake() {
  try {
    if ("wakeLock" in navigator && document.visibilityState === "visible") {
      wakeLock = await navigator.wakeLock.request("screen");
      document.body.dataset.awake = "yes";
    }
  } catch (_) {
    document.body.dataset.awake = "no";  // e.g. battery saver: the code still shows
  }
}

function paintQr(canvas, text) {
  const qr = qrcode(0, "M");
  qr.addData(text, "Alphanumeric");
  qr.make();
  const modules = qr.getModuleCount();
  const quiet = 4;
  const cell = Math.floor(canvas.width / (modules + 2 * quiet));
  const offset = Math.floor((canvas.width - cell * modules) / 2);
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#ffffff";  // dark on white in every theme: what scanners read best
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = "#000000";
  for (let r = 0; r < modules; r++)
    for (let c = 0; c < modules; c++)
      if (qr.isDark(r, c)) ctx.fillRect(offset + c * cell, offset + r * cell, cell, cell);
}

function renderDetails(container, data) {
  const name = document.getElementById("member-name");
  if (name) name.textContent = `${data.name} · ${T.member_no} ${data.member}`;
  const tier = data.tier;
  const sections = [
    h("section", { class: "row" },
      h("div", { class: "tile", id: "points" }, h("span", { class: "label" }, T.points),
        h("span", { class: "big" }, data.points.toLocaleString(language))),
      tier ? h("div", { class: "tile", id: "tier" }, h("span", { class: "label" }, T.tier),
        h("span", { class: "big" }, tier.level ? named(tier.level, tier.level_names) : T.no_tier),
        tier.next ? h("div", { class: "bar" }, h("div", { class: "bar-fill", style: { width: `${Math.min(100, Math.round(100 * tier.progress / Math.max(1, tier.next_min_spend)))}%` } })) : null,
        h("span", { class: "small" }, tier.next ? fill(T.to_next, { amount: money(tier.to_next, data.currency), tier: named(tier.next, tier.next_names) }) : T.top_tier)) : null),
  ];
  if (data.offers && data.offers.length) {
    sections.push(h("section", { class: "panel", id: "offers" }, h("h2", {}, T.offers),
      h("ul", { class: "offers" }, data.offers.map((o) =>
        h("li", {}, h("span", { class: `badge ${o.kind}` }, o.kind === "birthday" ? T.birthday_offer : T.member_day),
          h("span", {}, named(o.name, o.names)), o.until ? h("span", { class: "small" }, fill(T.until, { t: o.until })) : null)))));
  }
  sections.push(h("section", { class: "panel", id: "stamps" }, h("h2", {}, T.stamps),
    data.stamp_cards.map((card) => h("div", { class: "stamp-card" },
      h("div", { class: "stamp-title" }, h("span", {}, named(card.name, card.names)),
        h("span", { class: "small" }, fill(T.stamps_of, { n: card.count, m: card.required }))),
      h("div", { class: "slots", "aria-label": fill(T.stamps_of, { n: card.count, m: card.required }) },
        Array.from({ length: card.required }, (_, i) => h("span", { class: i < card.count ? "slot filled" : "slot" })))))));
  sections.push(h("section", { class: "panel", id: "visits" }, h("h2", {}, T.visits),
    data.visits.length ? h("ul", { class: "visits" }, data.visits.map((v) => h("li", {},
      h("span", {}, new Date(v.at).toLocaleDateString(language)), h("span", {}, money(v.total, data.currency)),
      h("span", { class: "small" }, fill(T.earned, { n: v.points_earned })))))
      : h("p", { class: "small" }, T.no_visits)));
  container.replaceChildren(...sections.filter(Boolean));
}

// --- start --------------------------------------------------------------------------------

function route() {
  if (!(window.crypto && crypto.subtle)) {
    show(h("section", { class: "panel" }, h("p", { class: "error" }, T.no_crypto)));
    return;
  }
  const match = location.pathname.match(/^\/phone\/join\/([A-Za-z0-9_-]+)$/);
  if (match) joinPage(match[1]); else memberPage();
}

if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/phone/sw.js", { scope: "/phone/" }).catch(() => {});
}
route();
