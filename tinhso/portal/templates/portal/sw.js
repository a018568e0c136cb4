{% autoescape off %}/* Tỉnh số service worker: the app shell is precached; pages the person viewed are kept (network first)
   so they open without a connection in mountain dead zones; staff, admin and API pages are never cached. */
const VERSION = "{{ version }}";
const SHELL = "shell-" + VERSION;
const PAGES = "pages-v1";
const SHELL_URLS = {{ shell|safe }};
const OFFLINE_URL = "{{ offline_url }}";
const NEVER = ["/can-bo/", "/quan-tri/", "/api/", "/dang-nhap/", "/dang-xuat/", "/dang-ky/", "/quen-mat-khau/", "/vneid-sim/", "/healthz", "/tra-cuu-ho-so/"];
const MAX_PAGES = 30;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(SHELL_URLS)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("shell-") && k !== SHELL).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("message", (event) => {
  if (event.data === "forget-pages") {
    event.waitUntil(caches.delete(PAGES));
  }
});

async function trim(cache) {
  const keys = await cache.keys();
  for (let i = 0; i < keys.length - MAX_PAGES; i++) await cache.delete(keys[i]);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (NEVER.some((prefix) => url.pathname.startsWith(prefix))) return;
  if (request.mode === "navigate") {
    event.respondWith((async () => {
      try {
        const response = await fetch(request);
        if (response.ok) {
          const cache = await caches.open(PAGES);
          await cache.put(request, response.clone());
          trim(cache);
        }
        return response;
      } catch (error) {
        return (await caches.match(request, { cacheName: PAGES })) || (await caches.match(OFFLINE_URL));
      }
    })());
    return;
  }
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(caches.match(request).then((hit) => hit || fetch(request)));
  }
});
{% endautoescape %}
