/* Service worker of one rater's pages (scope /m/<token>/): network first, the last good copy when offline, so that
 * reloading the scoring page without a network still shows it and the cards queued in localStorage. The API is
 * never cached. */
var CACHE = "yuanqu-rater-v1";  // pages vary on Cookie and Accept-Language: match with ignoreVary
var PAGES = ["{{ page_url|escapejs }}", "{{ css_url|escapejs }}", "{{ js_url|escapejs }}", "{{ labels_js_url|escapejs }}",
             "{{ site_css_url|escapejs }}"];
self.addEventListener("install", function (event) {
  self.skipWaiting();
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.addAll(PAGES); }).catch(function () {}));
});
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });
self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || new URL(request.url).pathname.indexOf("/api/") === 0) return;
  event.respondWith(fetch(request).then(function (response) {
    if (response.ok) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(request, { ignoreSearch: true, ignoreVary: true }).then(function (hit) { return hit || Response.error(); });
  }));
});
