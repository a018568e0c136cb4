/* Tỉnh số: install the service worker (the app works offline), and forget saved pages on logout so the
   next person on a shared phone sees nothing of the previous one. */
(function () {
  if (!("serviceWorker" in navigator)) return;
  window.addEventListener("load", function () {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
  });
  document.addEventListener("submit", function (event) {
    if (event.target && event.target.matches("form[data-logout]") && navigator.serviceWorker.controller) {
      navigator.serviceWorker.controller.postMessage("forget-pages");
    }
  });
})();
