/*
 * Registers the site's service worker (sw.js at the site root, written by the build: see
 * scripts/postergallery/templates/site_sw.js) once the page has loaded and the browser is idle, so that
 * saving the site for offline use never slows down the page the visitor is looking at. Then asks the
 * worker to save the thumbnails and poster images too, unless the phone asks to save data.
 */
const root = new URL("../../", import.meta.url); // this file is assets/gallery/offline.js

function whenIdle(callback) {
  if ("requestIdleCallback" in window) requestIdleCallback(callback, { timeout: 5000 });
  else setTimeout(callback, 1000);
}

/** Resolves with the registration's worker once it is active (after its first install, that takes a while). */
function active(registration) {
  const worker = registration.active || registration.waiting || registration.installing;
  if (!worker || worker.state === "activated") return Promise.resolve(worker);
  return new Promise((resolve) => {
    worker.addEventListener("statechange", () => {
      if (worker.state === "activated") resolve(worker);
      else if (worker.state === "redundant") resolve(null); // the install failed: asked again next page
    });
  });
}

function start() {
  navigator.serviceWorker.register(new URL("sw.js", root).href, { scope: root.href })
    .then(active)
    .then((worker) => {
      const saveData = navigator.connection && navigator.connection.saveData;
      if (worker && !saveData) worker.postMessage({ type: "fill" });
    })
    .catch(() => { /* no worker (a private window, storage full): the site works online as before */ });
}

if ("serviceWorker" in navigator) {
  if (document.readyState === "complete") whenIdle(start);
  else window.addEventListener("load", () => whenIdle(start), { once: true });
}
