// The member's rotating code, made on the phone: byte for byte what
// pos_loyalty/cards/phone_code.py `rotating_code` makes (tests/e2e/test_phone_code_bytes.py checks it).
//
//   LY1: + Base45( kind 3 | device key id varint | member | serial varint
//                  | step mod 2^16 u16 | renewal u8 | Ed25519 signature 64 )
//   signed message = "LY1/phone\0" + body + full step u64 + renewal u8
//
// `body` is everything up to the serial; the step is Unix seconds // 30.

export const STEP_SECONDS = 30;
export const MAX_RENEWAL = 255;
const PREFIX = "LY1:";
const PHONE_KIND = 3;
const PHONE_DOMAIN = new TextEncoder().encode("LY1/phone\0");
const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

export function b45encode(bytes) {
  let out = "";
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    const n = bytes[i] * 256 + bytes[i + 1];
    const e = Math.floor(n / 2025), rest = n % 2025;
    out += ALPHABET[rest % 45] + ALPHABET[Math.floor(rest / 45)] + ALPHABET[e];
  }
  if (bytes.length % 2) {
    const last = bytes[bytes.length - 1];
    out += ALPHABET[last % 45] + ALPHABET[Math.floor(last / 45)];
  }
  return out;
}

export function varint(value) {
  let n = BigInt(value);
  if (n < 0n || n >= (1n << 63n)) throw new RangeError("value out of range for a varint");
  const out = [];
  for (;;) {
    const low = Number(n & 0x7fn);
    n >>= 7n;
    out.push(low | (n ? 0x80 : 0));
    if (!n) return out;
  }
}

// Member id: a canonical decimal (no leading zero, at most 18 digits) as varint(n << 1),
// anything else as varint(len << 1 | 1) + UTF-8 bytes (1..20).
export function memberField(memberId) {
  const text = String(memberId);
  if (/^(0|[1-9][0-9]{0,17})$/.test(text)) return varint(BigInt(text) << 1n);
  const data = Array.from(new TextEncoder().encode(text));
  if (data.length < 1 || data.length > 20) throw new RangeError("member id must be 1..20 UTF-8 bytes");
  return [...varint((data.length << 1) | 1), ...data];
}

export function timeStep(unixMillis) {
  return Math.floor(Math.floor(unixMillis / 1000) / STEP_SECONDS);
}

function u64(n) {
  const out = new Uint8Array(8);
  let big = BigInt(n);
  for (let i = 7; i >= 0; i--) { out[i] = Number(big & 0xffn); big >>= 8n; }
  return out;
}

function concat(...parts) {
  const total = parts.reduce((sum, p) => sum + p.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

/** The code for `device` ({deviceKeyId, memberId, cardSerial}) at `step`, signed with the
 *  phone's non-extractable Ed25519 `privateKey` (a WebCrypto CryptoKey). */
export async function rotatingCode(device, privateKey, step, renewal = 0) {
  if (!Number.isInteger(renewal) || renewal < 0 || renewal > MAX_RENEWAL) throw new RangeError("renewal must be 0..255");
  const body = Uint8Array.from([PHONE_KIND, ...varint(device.deviceKeyId), ...memberField(device.memberId),
                                ...varint(device.cardSerial)]);
  const message = concat(PHONE_DOMAIN, body, u64(step), Uint8Array.of(renewal));
  const signature = new Uint8Array(await crypto.subtle.sign({ name: "Ed25519" }, privateKey, message));
  const stepLow = step % 65536;
  return PREFIX + b45encode(concat(body, Uint8Array.of(stepLow >> 8, stepLow & 0xff, renewal), signature));
}
