/*
 * Registers the site's service worker (sw.js at the site root, written by the build: see
 * scripts/postergallery/templates/site_sw.js) once the page has loaded and the browser is idle, so that
 * saving the site for offline use never slows down the page the visitor is looking at. Then asks the
 * worker to save the thumbnails and poster images too, unless the phone asks to save data, and sees that
 * a new deploy's worker takes over as soon as it has saved its pages (hurry).
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

/* A new deploy's worker asks to take over as soon as it is installed (skipWaiting), and Chromium lets it once
   the worker in place has nothing under way. But where the worker in place was still starting at that moment
   (a phone stops an idle worker and starts it again for the next request), Chromium does not ask it to finish
   and waits until it goes idle by itself: with a visitor browsing, up to five minutes, in which the pages
   stay the old deploy's and a vote waits. So once the new worker is installed, the page wakes the worker in
   place, and when it answers (running), has the new one ask again, which Chromium then acts on at once. */
function hurry(registration) {
  const waiting = registration.waiting;
  const current = registration.active;
  if (!waiting || !current) return;
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    if (waiting.state === "installed") waiting.postMessage({ type: "activate" });
  };
  current.postMessage({ type: "awake" }, [channel.port2]);
}

function followInstalls(registration) {
  hurry(registration); // one left waiting since an earlier page
  registration.addEventListener("updatefound", () => {
    const worker = registration.installing;
    if (!worker) return;
    worker.addEventListener("statechange", () => {
      if (worker.state === "installed") hurry(registration);
    });
  });
  return registration;
}

function start() {
  navigator.serviceWorker.register(new URL("sw.js", root).href, { scope: root.href })
    .then(followInstalls)
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
