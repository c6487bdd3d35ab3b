// Keeps the member page working with no network once it has been opened: the page's files come
// from this cache; the member data the page shows offline is kept by the page (IndexedDB).
const CACHE = "ly-phone-v1";
const SHELL = [
  "/phone/", "/phone/static/phone.css", "/phone/static/app.mjs", "/phone/static/phone_code.mjs",
  "/phone/static/keystore.mjs", "/phone/static/phone_api.mjs", "/phone/static/i18n.mjs",
  "/phone/static/vendor/qrcode-generator-2.0.4.mjs", "/phone/static/icon.svg", "/phone/static/manifest.webmanifest",
];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((n) => n !== CACHE).map((n) => caches.delete(n))))
    .then(() => self.clients.claim()));
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== location.origin || url.pathname.startsWith("/phone/api/")) return;
  if (event.request.mode === "navigate") {
    // Fresh page when online (and keep it), the kept page when not: /phone/ and /phone/join/... are one page.
    event.respondWith(fetch(event.request).then((response) => {
      if (response.ok) {
        const copy = response.clone();
        event.waitUntil(caches.open(CACHE).then((cache) => cache.put("/phone/", copy)));
      }
      return response;
    }).catch(() => caches.match("/phone/")));
    return;
  }
  // The kept file at once; a fresh copy replaces it for next time (stale-while-revalidate).
  event.respondWith(caches.open(CACHE).then(async (cache) => {
    const hit = await cache.match(event.request, { ignoreSearch: true });
    const fresh = fetch(event.request).then((response) => {
      if (response.ok) cache.put(event.request, response.clone());
      return response;
    });
    if (hit) { event.waitUntil(fresh.catch(() => {})); return hit; }
    return fresh;
  }));
});
