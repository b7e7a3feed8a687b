/* Kiosk slideshow for the screens at the venue: one poster at a time, all day, unattended.
 *
 * Reads the poster list (poster/posters.json), keeps the posters the address asks for (filters.js), puts
 * them in order (playlist.js) and shows each for `interval` seconds with a cross-fade. Address parameters:
 * interval (seconds), order (one of config.orders: shuffle|title|newest|board), role, center, tag, poster (each
 * one or several slugs separated by commas), start (a poster's slug), refresh (minutes between readings of
 * the poster list), transition (seconds of the fade) and mode=results.
 *
 * With mode=results, once the count is published (the posters' `awards` in the list), every round starts
 * with the results: each winning poster (of the posters the address asks for), place by place, scope by
 * scope, with its award and its votes; then the posters in their usual order, then the results again.
 * Without published results the slideshow is the usual one.
 *
 * Two slide elements are reused for the whole day: the next poster is loaded and decoded into the hidden
 * one before it fades in (no blank frame), and nothing accumulates from slide to slide, so memory stays
 * flat. A poster whose image fails is skipped. The service worker (sw.js) keeps the page, the list and
 * the images, so the show goes on when the Wi-Fi drops and picks up new posters when it returns.
 *
 * Each slide shown fires a `kiosk:slide` event on document ({detail: {slug, index, award}}, award being the
 * award's label on a slide of the results, else ''); the body carries data-state
 * (loading|playing|paused|empty), data-online, data-current, data-count and data-results (true while a
 * slide of the results is on screen).
 */
import {matchesFilters, readFilters} from './filters.js';
import {firstRound, nextRound, sortedSlugs, withNewcomers} from './playlist.js';
import {skewFromDate} from './siteclock.js';

(function () {
  var IDLE_MS = 3000; // the mouse pointer hides after this long without movement
  var OFFLINE_RETRY_MS = 30000; // re-read the poster list at least this often while it cannot be reached
  // A poster's image that has not come in this long is given up for now (the next poster is tried): a
  // download stalled on the venue's Wi-Fi must not hold the show.
  var IMAGE_WAIT_MS = 60000;
  var LIST_WAIT_MS = 30000; // the same for a read of the poster list
  // A poster list whose read took longer than this tells the site's time too loosely to set the screen's clock by.
  var TIMED_READ_MS = 10000;

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
  var resultsMode = params.get('mode') === 'results';

  var bySlug = {}; // slug -> poster, from the last poster list read
  var vote = null; // the last poster list's "vote" ({closes}), or null: the site has no vote
  var playlist = []; // what to show, in showing order: the results' keys (honours), then the posters' slugs
  var honours = []; // keys of the results' slides ('#' + index in `honoured`), in showing order
  var honoured = []; // [{slug, award}] of the results' slides
  var rounds = []; // slugs of the posters in the usual order
  var pos = -1; // index in playlist of the poster on screen
  var current = null; // slug of the poster on screen
  var front = 0; // index in slides of the visible slide
  var next = null; // Promise of the slug prepared in the hidden slide (null: nothing loadable)
  var token = 0; // a new preparation abandons the older ones
  var advancing = false; // a poster has been asked for and is not on screen yet
  var aim = -1; // index in playlist of the poster being loaded into the hidden slide
  var shownAs = ''; // what the poster on screen showed when it came (described())
  var roundOver = false; // shuffled: the poster on screen ended the last round, the next begins the new one
  var timer = 0, leaveTimer = 0, refreshTimer = 0, idleTimer = 0;
  var started = 0, remaining = interval, paused = false;
  var clockSkew = 0; // the site's clock minus the screen's, from the last poster list the site itself sent

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
    // The whole read, body included, has a time limit: the next read is set only once this one is over, so a
    // request stalled for good would leave the screen without new posters for the rest of the day.
    var controller = typeof AbortController === 'function' ? new AbortController() : null;
    var limit = controller ? setTimeout(function () { controller.abort(); }, LIST_WAIT_MS) : null;
    var options = {cache: 'no-store', signal: controller ? controller.signal : undefined};
    var refused = false; // the server answered with an error: the network works, the list is not there now
    var slow = false; // the network answers, too slowly: the saved list now, the one on its way at the next read
    var sent = Date.now();
    return fetch(manifestUrl, options).then(function (response) {
      // The worker answers a list the host refused with its saved copy, and says so.
      refused = !response.ok || response.headers.get('X-Kiosk-Refused') === '1';
      if (!response.ok) throw new Error('HTTP ' + response.status);
      // The service worker marks a list it answered from its cache because the network failed or was slow.
      var offline = response.headers.get('X-Kiosk-Offline') === '1';
      slow = response.headers.get('X-Kiosk-Slow') === '1';
      if (!offline && !refused && !slow) readClock(response.headers.get('Date'), sent);
      return response.json().then(function (data) {
        body.dataset.online = offline ? 'false' : 'true';
        vote = data.vote && typeof data.vote === 'object' ? data.vote : null;
        update(data.posters || []);
      });
    }).catch(function () {
      // A deploy half-published or the host's own error page is no reason to send the staff looking for a
      // Wi-Fi problem: the show goes on with the list it has, which is read again soon, without the badge.
      body.dataset.online = refused ? 'true' : 'false';
      if (!playlist.length) say(words.unreachable);
    }).then(function () {
      clearTimeout(limit);
      var wait = refused || slow || body.dataset.online === 'false' ? Math.min(refresh, OFFLINE_RETRY_MS) : refresh;
      refreshTimer = setTimeout(loadManifest, wait);
    });
  }

  function update(posters) {
    if (!Array.isArray(posters)) throw new Error('not a poster list'); // keep the list the show has
    var fresh = {};
    var wanted = [];
    posters.forEach(function (p) {
      if (!p || typeof p.slug !== 'string' || !p.images || !p.images.display) return;
      fresh[p.slug] = p;
      var facets = {slug: p.slug, role: p.role, center: p.center_slug, tags: p.tag_slugs || []};
      if (matchesFilters(filter, facets)) wanted.push(p.slug);
    });
    bySlug = fresh;
    var first = current === null && !playlist.length;
    rounds = arrange(wanted, first);
    honoured = resultsMode ? winners(wanted) : [];
    honours = honoured.map(function (h, i) { return '#' + i; });
    playlist = honours.concat(rounds);
    body.dataset.count = String(playlist.length);
    warmCache();
    if (!playlist.length) {
      clearTimeout(timer);
      finishFade(); // (else, still fading, it would load "the next poster" of none, for the list's return to show)
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
      // Nothing on screen yet, also where the list is read again while the first poster is still loading: the show
      // starts at `start` all the same, asked afresh (not the poster after the one being loaded).
      pos = startSlug && playlist.indexOf(startSlug) >= 0 ? playlist.indexOf(startSlug) - 1 : -1;
      setState(paused ? 'paused' : 'playing');
      advancing = false;
      advance(1);
      return;
    }
    pos = playlist.indexOf(current);
    var taken = pos < 0;
    // Shuffled, with the poster on screen the last of a round: it has a place in the new round already, but what
    // follows it is the new round's first, not the posters after that place (the rest of the round skipped).
    if (roundOver) pos = -1;
    if (taken) {
      // The poster on screen was taken out of the list: move on now, to a poster as the new list has it (the one
      // prepared already may have changed too). (pos is -1.)
      next = null;
      advance(1);
    } else if (advancing) {
      // Ask again with the new list (the request in flight is abandoned): for the poster after the one on screen,
      // not after the one being loaded, which would be left out.
      advancing = false;
      advance(1);
    } else if (!leaveTimer) {
      next = prepare(1); // the list changed: what follows may have too
    }
  }

  function arrange(wanted, first) {
    if (order !== 'shuffle') return sortedSlugs(wanted, order, bySlug, config.lang);
    return first ? firstRound(wanted, startSlug) : withNewcomers(rounds, wanted, roundOver ? null : current);
  }

  /** The results' slides: the awards of the posters in `wanted`, scope by scope (in the list's order of
   *  scopes), first place first. */
  function winners(wanted) {
    var found = [];
    wanted.forEach(function (slug) {
      (bySlug[slug].awards || []).forEach(function (award) { found.push({slug: slug, award: award}); });
    });
    var scopes = config.scopes;
    found.sort(function (a, b) {
      return (scopes.indexOf(a.award.scope) - scopes.indexOf(b.award.scope)) || (a.award.rank - b.award.rank)
        || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0);
    });
    return found;
  }

  /** The poster slug of a playlist entry, and its award when it is a slide of the results. */
  function entry(key) {
    if (key.charAt(0) !== '#') return {slug: key, award: null};
    return honoured[Number(key.slice(1))];
  }

  /** What the slide of `key` shows, as the list has it now: compared to tell a poster a deploy changed. */
  function described(key) {
    var shown = entry(key);
    return JSON.stringify([bySlug[shown.slug] || null, shown.award || null]);
  }

  // -------------------------------------------------------------------- slides --

  function following(index, step) {
    var n = playlist.length;
    if (order === 'shuffle' && step > 0 && index + 1 >= n && rounds.length > 2) {
      rounds = nextRound(rounds, current); // a new order, not starting with the poster just shown
      playlist = honours.concat(rounds);
      roundOver = true;
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

  /** Set the screen's clock right by the Date of a poster list the site sent just now, read between `sent` and
   *  now. A TV box or an old PC at the venue may be hours off (set by hand, in the wrong time zone, no network
   *  when it started): its own clock would ask phones to vote before voting opens or after it closed. A list
   *  without a Date leaves the clock as it was. */
  function readClock(header, sent) {
    var received = Date.now();
    var skew = skewFromDate(header, sent, received);
    if (!isNaN(skew) && received - sent <= TIMED_READ_MS) clockSkew = skew;
  }

  /** Whether the poster list names a vote still open to phones: the QR code's caption asks them to vote. The
   *  site's clock decides, as the last poster list brought it (else the screen's own); the list, read again
   *  every few minutes, also brings a closing time moved on. */
  function voting() {
    var now = Date.now() + clockSkew;
    return vote !== null && (typeof vote.opens !== 'number' || now >= vote.opens) &&
      (typeof vote.closes !== 'number' || now < vote.closes);
  }

  function caption(slide) {
    setText(slide, '.kiosk__scan', voting() ? words['scan.vote'] : words['scan.view']);
  }

  function setText(slide, selector, text) {
    var el = slide.querySelector(selector);
    if (el.textContent !== text) el.textContent = text;
    return el;
  }

  /** Put `poster` into `slide`, with `award` on a slide of the results; resolves when its image is decoded,
   *  rejects when it cannot be loaded. */
  function fill(slide, poster, award) {
    var image = rendition(poster);
    setText(slide, '.kiosk__award', award ? award.label : '').hidden = !award;
    setText(slide, '.kiosk__votes', award ? award.votes_label : '').hidden = !award;
    slide.classList.toggle('is-award', !!award);
    var img = slide.querySelector('.kiosk__img');
    var qr = slide.querySelector('.kiosk__qr-img');
    slide.style.setProperty('--kiosk-tint', poster.placeholder || '#222');
    setText(slide, '.kiosk__role', poster.role_label).dataset.role = poster.role;
    setText(slide, '.kiosk__title', poster.title);
    setText(slide, '.kiosk__authors', poster.authors.join(', '));
    setText(slide, '.kiosk__center', poster.center);
    setText(slide, '.kiosk__board', poster.board ? words.board.replace('{board}', poster.board) : '').hidden = !poster.board;
    slide.querySelector('.kiosk__qr').hidden = !poster.qr;
    if (poster.qr) load(qr, address(poster.qr));
    img.width = image.width;
    img.height = image.height;
    img.style.setProperty('--kiosk-ratio', String(image.width / image.height)); // (kiosk.css)
    load(img, address(image.src));
    var display = poster.images.display;
    var filling = slide.kioskFilling = (slide.kioskFilling || 0) + 1;
    var picture = image === display ? img.decode() : img.decode().catch(function (error) {
      // Given up and the slide filled with another poster since (its decode is what failed): that one stays.
      if (slide.kioskFilling !== filling) throw error;
      // The sharper rendition cannot be had (offline, the window grew since the show was saved): the one saved.
      img.width = display.width;
      img.height = display.height;
      img.style.setProperty('--kiosk-ratio', String(display.width / display.height));
      load(img, address(display.src));
      return img.decode();
    });
    var loaded = Promise.all([picture, poster.qr ? qr.decode().catch(function () {}) : null]);
    var waiting;
    var late = new Promise(function (resolve, reject) {
      waiting = setTimeout(function () { reject(new Error('image too slow')); }, IMAGE_WAIT_MS);
    });
    return Promise.race([loaded, late]).then(function (done) {
      clearTimeout(waiting);
      return done;
    }, function (failure) {
      clearTimeout(waiting);
      throw failure;
    });
  }

  /** Point `img` at `src`; the same address again only when its last try failed, so that a poster whose
   *  image could not be fetched once (offline, a file missing during a deploy) is fetched again, not
   *  failed from memory all day (the only poster of a one-poster show is never anything else). */
  function load(img, src) {
    if (img.src !== src || (img.complete && img.naturalWidth === 0)) img.src = src;
  }

  /** A QR code that failed on the poster on screen is fetched again (a one-poster show never refills it). */
  function mendFront() {
    var qr = slides[front].querySelector('.kiosk__qr-img');
    if (qr.src) load(qr, qr.src);
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
      var key = playlist[index];
      var shown = entry(key);
      var filled;
      try {
        filled = fill(slide, bySlug[shown.slug], shown.award);
      } catch (error) {
        filled = Promise.reject(error); // a poster the page cannot show (an entry unlike the others): skipped
      }
      slide.kioskShows = described(key); // as filled: a list read meanwhile may change the poster (advance)
      return filled.then(function () {
        return mine === token ? key : undefined;
      }, attempt);
    }
    return Promise.resolve().then(attempt);
  }

  /** Show the next (step 1) or previous (step -1) poster as soon as it is loaded. */
  function advance(step) {
    if (!playlist.length) return; // nothing to show (a key pressed): the screen's message stays as it is
    clearTimeout(timer);
    finishFade();
    if (playlist.length === 1 && current === playlist[0] && described(current) === shownAs) {
      // One poster, unchanged: it stays, without a fade to itself. (Changed by a deploy, it is shown again.)
      mendFront();
      caption(slides[front]); // voting may have closed (or its closing time moved) since it came
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

  function show(key) {
    var slug = entry(key).slug, award = entry(key).award;
    var leaving = slides[front];
    front = 1 - front;
    var arriving = slides[front];
    leaving.classList.remove('is-front');
    // The very first poster fades in over the dark background, not over the other, still empty slide.
    if (current !== null) leaving.classList.add('is-leaving');
    leaving.setAttribute('aria-hidden', 'true');
    arriving.classList.add('is-front');
    arriving.removeAttribute('aria-hidden');
    // Said as it shows, not as it was prepared a slide earlier: voting may have closed in between.
    caption(arriving);
    current = key;
    shownAs = arriving.kioskShows;
    roundOver = false;
    pos = playlist.indexOf(key);
    body.dataset.current = slug;
    body.dataset.results = award ? 'true' : 'false';
    say('');
    if (body.dataset.state !== 'paused') setState('playing');
    restartProgress();
    schedule(interval);
    leaveTimer = setTimeout(function () {
      finishFade();
      next = prepare(1); // preload what comes next while this one is on screen
    }, fade);
    document.dispatchEvent(new CustomEvent('kiosk:slide', {detail: {slug: slug, index: pos, award: award ? award.label : ''}}));
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

  // A pause ends by itself after this long: a key pressed by accident (a TV remote's play/pause, sent over HDMI)
  // would otherwise hold one poster until someone came by. Long enough to show a poster to a group.
  var PAUSE_MAX_MS = 10 * 60 * 1000;
  var pauseEnds = 0;

  function togglePause() {
    paused = !paused;
    clearTimeout(pauseEnds);
    if (paused) {
      clearTimeout(timer);
      remaining = Math.max(0, remaining - (performance.now() - started));
      setState('paused');
      pauseEnds = setTimeout(function () { if (paused) togglePause(); }, PAUSE_MAX_MS);
    } else {
      setState(current === null ? 'loading' : 'playing');
      // (Before any poster came, too: the next try at one, which the pause held back.)
      if (current !== null || playlist.length) schedule(remaining);
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
    if (key === 'ArrowRight' || key === 'PageDown' || key === 'MediaTrackNext') advance(1);
    else if (key === 'ArrowLeft' || key === 'PageUp' || key === 'MediaTrackPrevious') advance(-1);
    else if (key === ' ' || key === 'Spacebar' || key === 'MediaPlayPause') togglePause();
    else if (key === 'f' || key === 'F') toggleFullscreen();
    // A TV remote's D-pad moves the focus (spatial navigation) to the help line's link, and its OK then leaves
    // the slideshow for good: nobody is there to come back. (Tab and Enter stay a keyboard's way to the link.)
    else if (key !== 'ArrowUp' && key !== 'ArrowDown') return;
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
    rounds.forEach(function (slug) {
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
