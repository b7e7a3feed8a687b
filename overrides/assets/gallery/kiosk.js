/* Kiosk slideshow for the screens at the venue: one poster at a time, all day, unattended.
 *
 * Reads the poster list (poster/posters.json), keeps the posters the address asks for (filters.js), puts
 * them in order (playlist.js) and shows each for `interval` seconds with a cross-fade. Address parameters:
 * interval (seconds), order (one of config.orders: shuffle|title|newest|board), role, center, tag, poster (each
 * one or several slugs separated by commas), start (a poster's slug), refresh (minutes between readings of
 * the poster list) and transition (seconds of the fade).
 *
 * Two slide elements are reused for the whole day: the next poster is loaded and decoded into the hidden
 * one before it fades in (no blank frame), and nothing accumulates from slide to slide, so memory stays
 * flat. A poster whose image fails is skipped. The service worker (sw.js) keeps the page, the list and
 * the images, so the show goes on when the Wi-Fi drops and picks up new posters when it returns.
 *
 * Each slide shown fires a `kiosk:slide` event on document ({detail: {slug, index}}); the body carries
 * data-state (loading|playing|paused|empty), data-online, data-current and data-count.
 */
import {matchesFilters, readFilters} from './filters.js';
import {firstRound, nextRound, sortedSlugs, withNewcomers} from './playlist.js';

(function () {
  var IDLE_MS = 3000; // the mouse pointer hides after this long without movement
  var OFFLINE_RETRY_MS = 30000; // re-read the poster list at least this often while it cannot be reached

  var config = JSON.parse(document.getElementById('kiosk-config').textContent);
  var words = config.words;
  var body = document.body;
  var slides = Array.prototype.slice.call(document.querySelectorAll('.kiosk__slide'));
  var message = document.querySelector('.kiosk__message');
  var bar = document.querySelector('.kiosk__bar');
  var root = new URL(config.root, location.href);
  var manifestUrl = new URL(config.manifest, location.href).href;

  var params = new URLSearchParams(location.search);
  var interval = number(params.get('interval'), config.interval, 0.01, 86400) * 1000;
  var fade = Math.min(number(params.get('transition'), config.transition, 0, 10) * 1000, interval / 2);
  var refresh = number(params.get('refresh'), config.refresh, 0.001, 1440) * 60000;
  var order = config.orders.indexOf(params.get('order')) >= 0 ? params.get('order') : config.order;
  var filter = readFilters(location.search);
  var startSlug = (params.get('start') || '').trim().toLowerCase();

  var bySlug = {}; // slug -> poster, from the last poster list read
  var playlist = []; // slugs of the posters to show, in showing order
  var pos = -1; // index in playlist of the poster on screen
  var current = null; // slug of the poster on screen
  var front = 0; // index in slides of the visible slide
  var next = null; // Promise of the slug prepared in the hidden slide (null: nothing loadable)
  var token = 0; // a new preparation abandons the older ones
  var advancing = false; // a poster has been asked for and is not on screen yet
  var aim = -1; // index in playlist of the poster being loaded into the hidden slide
  var timer = 0, leaveTimer = 0, refreshTimer = 0, idleTimer = 0;
  var started = 0, remaining = interval, paused = false;

  body.style.setProperty('--kiosk-fade', fade + 'ms');
  body.style.setProperty('--kiosk-interval', interval + 'ms');

  /** A number from the address, kept within [min, max]; the default when absent, unreadable or (for a
   *  positive min) zero or less, so a mistyped interval=0 does not make the screen flicker. */
  function number(text, fallback, min, max) {
    var value = parseFloat(text);
    if (!isFinite(value) || (min > 0 && value <= 0)) return fallback;
    return Math.min(max, Math.max(min, value));
  }

  function say(text) {
    message.textContent = text;
    message.hidden = !text;
  }

  function setState(state) {
    body.dataset.state = state;
  }

  // ---------------------------------------------------------------- poster list --

  function loadManifest() {
    clearTimeout(refreshTimer);
    return fetch(manifestUrl, {cache: 'no-store'}).then(function (response) {
      if (!response.ok) throw new Error('HTTP ' + response.status);
      // The service worker marks a list it answered from its cache because the network failed.
      var offline = response.headers.get('X-Kiosk-Offline') === '1';
      return response.json().then(function (data) {
        body.dataset.online = offline ? 'false' : 'true';
        update(data.posters || []);
      });
    }).catch(function () {
      body.dataset.online = 'false';
      if (!playlist.length) say(words.unreachable);
    }).then(function () {
      var wait = body.dataset.online === 'false' ? Math.min(refresh, OFFLINE_RETRY_MS) : refresh;
      refreshTimer = setTimeout(loadManifest, wait);
    });
  }

  function update(posters) {
    bySlug = {};
    var wanted = [];
    posters.forEach(function (p) {
      if (!p.images || !p.images.display) return;
      bySlug[p.slug] = p;
      var facets = {slug: p.slug, role: p.role, center: p.center_slug, tags: p.tag_slugs || []};
      if (matchesFilters(filter, facets)) wanted.push(p.slug);
    });
    var first = current === null && !playlist.length;
    playlist = arrange(wanted, first);
    body.dataset.count = String(playlist.length);
    warmCache();
    if (!playlist.length) {
      clearTimeout(timer);
      token++;
      next = null;
      advancing = false;
      slides.forEach(function (slide) { slide.classList.remove('is-front', 'is-leaving'); });
      current = null;
      pos = -1;
      setState('empty');
      say(posters.length ? words.nomatch : words.empty);
      return;
    }
    say('');
    if (current === null) {
      pos = first && startSlug && playlist.indexOf(startSlug) >= 0 ? playlist.indexOf(startSlug) - 1 : -1;
      setState(paused ? 'paused' : 'playing');
      advance(1);
      return;
    }
    pos = playlist.indexOf(current);
    if (pos < 0) {
      // The poster on screen was taken out of the list: move on now.
      pos = -1;
      advance(1);
    } else if (advancing) {
      advance(1); // ask again with the new list (the request in flight is abandoned)
    } else if (!leaveTimer) {
      next = prepare(1); // the list changed: what follows may have too
    }
  }

  function arrange(wanted, first) {
    if (order !== 'shuffle') return sortedSlugs(wanted, order, bySlug, config.lang);
    return first ? firstRound(wanted, startSlug) : withNewcomers(playlist, wanted, current);
  }

  // -------------------------------------------------------------------- slides --

  function following(index, step) {
    var n = playlist.length;
    if (order === 'shuffle' && step > 0 && index + 1 >= n && n > 2) {
      playlist = nextRound(playlist, current); // a new order, not starting with the poster just shown
      return 0;
    }
    return ((index + step) % n + n) % n;
  }

  /** The rendition that fills the screen: display, or zoom when the screen has more pixels than display. */
  function rendition(poster) {
    var d = poster.images.display, z = poster.images.zoom || d;
    var ratio = window.devicePixelRatio || 1;
    var drawn = Math.min(window.innerWidth, window.innerHeight * d.width / d.height) * ratio;
    return drawn > d.width * 1.05 ? z : d;
  }

  function address(src) {
    return new URL(src, root).href;
  }

  function setText(slide, selector, text) {
    var el = slide.querySelector(selector);
    if (el.textContent !== text) el.textContent = text;
    return el;
  }

  /** Put `poster` into `slide`; resolves when its image is decoded, rejects when it cannot be loaded. */
  function fill(slide, poster) {
    var image = rendition(poster);
    var img = slide.querySelector('.kiosk__img');
    var qr = slide.querySelector('.kiosk__qr-img');
    slide.style.setProperty('--kiosk-tint', poster.placeholder || '#222');
    setText(slide, '.kiosk__role', poster.role_label).dataset.role = poster.role;
    setText(slide, '.kiosk__title', poster.title);
    setText(slide, '.kiosk__authors', poster.authors.join(', '));
    setText(slide, '.kiosk__center', poster.center);
    setText(slide, '.kiosk__board', poster.board ? words.board.replace('{board}', poster.board) : '').hidden = !poster.board;
    slide.querySelector('.kiosk__qr').hidden = !poster.qr;
    if (poster.qr && qr.src !== address(poster.qr)) qr.src = address(poster.qr);
    var src = address(image.src);
    if (img.src !== src) {
      img.width = image.width;
      img.height = image.height;
      img.src = src;
    }
    return Promise.all([img.decode(), poster.qr ? qr.decode().catch(function () {}) : null]);
  }

  /** Load the poster `step` away from index `from` (default: the one on screen) into the hidden slide,
   *  skipping those that fail. Resolves to its slug, to null when none could be loaded, or to undefined
   *  when a newer preparation took over. */
  function prepare(step, from) {
    var mine = ++token;
    var slide = slides[1 - front];
    var index = from === undefined ? pos : from;
    var tries = 0;
    function attempt() {
      if (mine !== token) return undefined;
      if (!playlist.length || tries >= playlist.length) return null;
      tries++;
      index = following(index, step);
      aim = index;
      var slug = playlist[index];
      return fill(slide, bySlug[slug]).then(function () { return mine === token ? slug : undefined; }, attempt);
    }
    return Promise.resolve().then(attempt);
  }

  /** Show the next (step 1) or previous (step -1) poster as soon as it is loaded. */
  function advance(step) {
    clearTimeout(timer);
    finishFade();
    if (playlist.length === 1 && current === playlist[0]) {
      schedule(interval);
      return;
    }
    // A key pressed while the previous request is still loading steps on from that one, so two quick
    // presses move two posters.
    var ready = step === 1 && next ? next : prepare(step, advancing ? aim : pos);
    next = null;
    advancing = true;
    ready.then(function (slug) {
      if (slug === undefined) return; // a newer request took over
      advancing = false;
      if (slug === null || playlist.indexOf(slug) < 0) {
        schedule(interval); // nothing loadable now (offline, images gone): keep this poster, try again later
        if (current === null) say(words.unreachable);
        return;
      }
      show(slug);
    });
  }

  function show(slug) {
    var leaving = slides[front];
    front = 1 - front;
    var arriving = slides[front];
    leaving.classList.remove('is-front');
    // The very first poster fades in over the dark background, not over the other, still empty slide.
    if (current !== null) leaving.classList.add('is-leaving');
    leaving.setAttribute('aria-hidden', 'true');
    arriving.classList.add('is-front');
    arriving.removeAttribute('aria-hidden');
    current = slug;
    pos = playlist.indexOf(slug);
    body.dataset.current = slug;
    say('');
    if (body.dataset.state !== 'paused') setState('playing');
    restartProgress();
    schedule(interval);
    leaveTimer = setTimeout(function () {
      finishFade();
      next = prepare(1); // preload what comes next while this one is on screen
    }, fade);
    document.dispatchEvent(new CustomEvent('kiosk:slide', {detail: {slug: slug, index: pos}}));
  }

  function finishFade() {
    clearTimeout(leaveTimer);
    leaveTimer = 0;
    slides[1 - front].classList.remove('is-leaving');
  }

  function schedule(ms) {
    clearTimeout(timer);
    remaining = ms;
    started = performance.now();
    if (!paused) timer = setTimeout(function () { advance(1); }, ms);
  }

  function restartProgress() {
    bar.style.animationName = 'none';
    void bar.offsetWidth; // restart the CSS animation from zero
    bar.style.animationName = '';
  }

  function togglePause() {
    paused = !paused;
    if (paused) {
      clearTimeout(timer);
      remaining = Math.max(0, remaining - (performance.now() - started));
      setState('paused');
    } else {
      setState(current === null ? 'loading' : 'playing');
      if (current !== null) schedule(remaining);
    }
  }

  // ------------------------------------------------------- screen and controls --

  function toggleFullscreen() {
    if (document.fullscreenElement) {
      document.exitFullscreen().catch(function () {});
    } else if (document.documentElement.requestFullscreen) {
      document.documentElement.requestFullscreen({navigationUI: 'hide'}).catch(function () {});
    }
  }

  var wakeLock = null, wakeLockPending = false;
  /** Keep the screen from sleeping; the browser drops the lock when the page is hidden, so ask again. */
  function keepAwake() {
    if (wakeLock || wakeLockPending || !navigator.wakeLock || document.visibilityState !== 'visible') return;
    wakeLockPending = true;
    navigator.wakeLock.request('screen').then(function (lock) {
      wakeLockPending = false;
      wakeLock = lock;
      body.dataset.wakeLock = 'on';
      lock.addEventListener('release', function () {
        wakeLock = null;
        body.dataset.wakeLock = 'off';
      });
    }, function () {
      wakeLockPending = false;
      body.dataset.wakeLock = 'refused'; // e.g. before the first click in some browsers; asked again then
    });
  }

  function pointerMoved() {
    body.classList.remove('is-idle');
    clearTimeout(idleTimer);
    idleTimer = setTimeout(function () { body.classList.add('is-idle'); }, IDLE_MS);
  }

  document.addEventListener('keydown', function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var key = event.key;
    if (key === 'ArrowRight' || key === 'PageDown') advance(1);
    else if (key === 'ArrowLeft' || key === 'PageUp') advance(-1);
    else if (key === ' ' || key === 'Spacebar' || key === 'MediaPlayPause') togglePause();
    else if (key === 'f' || key === 'F') toggleFullscreen();
    else return;
    event.preventDefault();
  });
  document.addEventListener('click', function () {
    keepAwake();
    if (!document.fullscreenElement) toggleFullscreen();
  });
  document.addEventListener('mousemove', pointerMoved);
  document.addEventListener('visibilitychange', keepAwake);
  window.addEventListener('online', loadManifest);

  // ------------------------------------------------------------- offline cache --

  function warmCache() {
    var worker = navigator.serviceWorker && navigator.serviceWorker.controller;
    if (!worker) return;
    var urls = [location.href, manifestUrl];
    // The modules this script imports are preloaded by the page (link rel=modulepreload), which lists them
    // here: loaded before the worker took charge, they would otherwise never be saved.
    var files = 'script[src], link[rel=stylesheet], link[rel=modulepreload]';
    Array.prototype.forEach.call(document.querySelectorAll(files), function (el) {
      urls.push(el.src || el.href);
    });
    playlist.forEach(function (slug) {
      var poster = bySlug[slug];
      urls.push(address(rendition(poster).src));
      if (poster.qr) urls.push(address(poster.qr));
    });
    worker.postMessage({type: 'warm', urls: urls});
  }

  if ('serviceWorker' in navigator && config.worker) {
    navigator.serviceWorker.addEventListener('controllerchange', warmCache);
    navigator.serviceWorker.register(config.worker).catch(function () {});
  }

  pointerMoved();
  keepAwake();
  loadManifest();
})();
