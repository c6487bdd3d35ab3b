// What the phone keeps in IndexedDB: its device key pair (the private key is non-extractable:
// the browser can sign with it but never hands its bytes out), its certificate ids, and the
// member data last seen (shown when offline).

const DB_NAME = "ly-phone";
const STORE = "kept";

function open() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function run(mode, work) {
  const db = await open();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = work(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request ? request.result : undefined);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

export const get = (key) => run("readonly", (s) => s.get(key));
export const put = (key, value) => run("readwrite", (s) => s.put(value, key));
export const remove = (key) => run("readwrite", (s) => s.delete(key));

/** A new Ed25519 key pair made on this phone; only the public half can ever be exported. */
export async function newKeyPair() {
  return crypto.subtle.generateKey({ name: "Ed25519" }, false, ["sign", "verify"]);
}

export async function publicKeyBase64url(keyPair) {
  const raw = new Uint8Array(await crypto.subtle.exportKey("raw", keyPair.publicKey));
  return base64url(raw);
}

export function base64url(bytes) {
  let text = "";
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
