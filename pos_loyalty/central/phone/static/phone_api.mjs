// Talking to the server: the join and move forms, and the member data, signed with the device key.
import { base64url } from "./keystore.mjs";

export class ApiError extends Error {
  constructor(status, code, detail, extra = {}) {
    super(detail || code);
    this.status = status; this.code = code; this.detail = detail; this.extra = extra;
  }
}

async function answer(response) {
  let body = {};
  try { body = await response.json(); } catch (_) { body = {}; }
  if (!response.ok) throw new ApiError(response.status, body.error || (response.status === 422 ? "invalid" : "unknown"), body.detail || response.statusText, body);
  return body;
}

async function call(path, options) {
  let response;
  try {
    response = await fetch(path, { cache: "no-store", ...options });
  } catch (_) {
    throw new ApiError(0, "network", "no connection");
  }
  return answer(response);
}

export const checkLink = (token) => call(`/phone/api/link/${encodeURIComponent(token)}`);

export const postJson = (path, body) =>
  call(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

/** GET with `Authorization: LY1-Phone <key id>.<unix time>.<signature>`; the message matches
 *  desk.py `device_request_message`. */
export async function signedGet(path, device) {
  const now = Math.floor(Date.now() / 1000);
  const message = new TextEncoder().encode(`LY1/phone-api\0${device.deviceKeyId}\0${now}\0GET ${path}`);
  const signature = new Uint8Array(await crypto.subtle.sign({ name: "Ed25519" }, device.keyPair.privateKey, message));
  return call(path, { headers: { Authorization: `LY1-Phone ${device.deviceKeyId}.${now}.${base64url(signature)}` } });
}
