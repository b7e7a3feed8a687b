/* The people's-choice vote, in the visitor's browser.
 *
 * The pages hold plain HTML forms that already work without JavaScript (they post straight to
 * the form service). This script adds: a random voter token kept in localStorage and sent with
 * each vote; sending without leaving the page, saying "sent" only once the request completed;
 * a vote that could not be sent kept on the phone and sent again by itself (see "votes waiting
 * on this phone"); a retry (and, for Google Forms, a link to the form already filled in); the
 * remembered choice; a question before a second vote; buttons disabled outside the voting
 * window; the search and ?poster=<id> on the vote page; Tally's form embedded with hidden fields.
 *
 * Everything it needs (addresses, field names, window, words in the site's language, the rules of
 * ballot codes and tokens that ballot.js applies) comes from the JSON in the data-pg-vote attribute
 * written by scripts/postergallery/features/vote.py.
 *
 * A module: it runs once per page load however often a page includes it, and Material's instant
 * navigation (document$, at the end) starts the ballots of each page it swaps in.
 */
import { codeIsWellFormed, normaliseCode, randomHex, TOKEN_BYTES, tokenIsValid } from "./ballot.js";
import { CLOCK_SLACK_MS, skewFromDate } from "./siteclock.js";

(function () {
  if (window.pgVoteLoaded) return;
  window.pgVoteLoaded = true;

  var TIMEOUT_MS = 20000;
  var RETRY_FIRST_MS = 5000;   // first automatic retry of a waiting vote; doubles up to RETRY_MAX_MS
  var RETRY_MAX_MS = 60000;
  // Timer tries per page (about seven minutes), then only "online", a return to the page, the button
  // and the next page try again: an endpoint that hides its answer from the page (no CORS header)
  // makes every vote look unanswered though it arrived, and a timer without end would resend it.
  var RETRY_TRIES = 10;
  var LEASE_MS = TIMEOUT_MS + 10000;  // a send lease outlives the longest request
  var LEASE_SETTLE_MS = 150;
  var ENTRY_MAX = 4000;  // characters of a stored waiting vote; a real one is a few hundred
  // Answers that mean "not now" rather than "no": the service timed out, is limiting the rate (a venue's
  // phones share one internet address) or failed for a moment. Such a vote stays waiting and is sent
  // again like one that got no answer; a repeat carries the same token and the count keeps one.
  var NOT_NOW = [408, 425, 429, 500, 502, 503, 504];
  // Of those, the ones that say nothing was taken (too early, too many). The others may come after the service
  // stored the vote (a gateway's time limit in front of a slow service), so such a vote may have arrived.
  var NOTHING_TAKEN = [425, 429];
  // The ballots of this site (not of another site on the same host: github.io holds many), in the order this
  // browser first met them: a new deploy that changes the vote form's address or service starts a new ballot.
  var SITE_ROOT = new URL("../../", import.meta.url);  // this file is assets/gallery/vote.js
  var SITE_BALLOTS = "pg-vote:site:" + SITE_ROOT.pathname;
  var SITE_BALLOTS_MAX = 8;
  var store = openStore();
  var tabId = randomHex(8);
  var ballots = {};  // ballot id -> { config, roots, delay, tries, timer }: one retry schedule per ballot
  var pendingTally = [];  // the Tally forms shown in the page (one a ballot with per_role), until each is sent

  /* localStorage, or memory for this page where the browser refuses it (site data blocked); a value that cannot be
     written (private mode, storage full) is kept in memory for this page (setItem). */
  function openStore() {
    var local = null, memory = {};
    try {
      // Read, not written: storage filled to the brim by another site of the same host is still read, so that the
      // votes waiting in it are seen and sent, and the voter keeps the token they went with.
      window.localStorage.getItem("pg-vote:probe");
      local = window.localStorage;
    } catch (e) {
      local = null;
    }
    var behind = {};  // keys whose value in memory says more than localStorage's of the same thing (see setItem)
    function inMemory(k) { return Object.prototype.hasOwnProperty.call(memory, k); }
    return {
      /* Whether k is kept in localStorage, not in this page's memory alone (refused, or full when it was written). */
      kept: function (k) { return local !== null && (!inMemory(k) || behind[k] === true); },
      getItem: function (k) {
        if (inMemory(k)) return memory[k];
        try { return local ? local.getItem(k) : null; } catch (e) { return null; }
      },
      /* ``more``: v is what k holds with more said about it (a waiting vote marked as sent once), not another thing
         in its place. Where v cannot be written, what localStorage holds stays (the vote, still to be sent). */
      setItem: function (k, v, more) {
        var keep = more === true && (!inMemory(k) || behind[k] === true);  // (localStorage has this page's latest)
        for (var attempt = 0; local && attempt < 2; attempt++) {
          try {
            local.setItem(k, v);
            delete memory[k];
            delete behind[k];
            return;
          } catch (e) {
            // Full. What the key held is out of date, and must not stay behind for another page to act on (a vote
            // the visitor replaced, sent by the next page): it goes, and the new value is tried in the room it leaves.
            if (keep) break;
            try { local.removeItem(k); } catch (gone) { break; }
          }
        }
        memory[k] = String(v);  // kept for this page
        if (keep && local) behind[k] = true;
        else delete behind[k];
      },
      removeItem: function (k) {
        delete memory[k];
        delete behind[k];
        try { if (local) local.removeItem(k); } catch (e) { /* nothing to remove */ }
      },
      keys: function () {
        var all = Object.keys(memory);
        try {
          for (var i = 0; local && i < local.length; i++) {
            if (!inMemory(local.key(i))) all.push(local.key(i));  // (a key this page holds a later value of: once)
          }
        } catch (e) { /* storage went away: memory only */ }
        return all;
      }
    };
  }

  function fill(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (all, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : all;
    });
  }

  /* ---- the voter token: 128 random bits, one per ballot and browser ---- */

  function tokenKey(ballot) { return "pg-vote:" + ballot + ":token"; }

  function voterToken(config) {
    var key = tokenKey(config.ballot);
    var token = store.getItem(key) || "";
    if (!tokenIsValid(token, config)) {
      token = earlierToken(config) || randomHex(TOKEN_BYTES);
      store.setItem(key, token);
    }
    return token;
  }

  /* The token this browser had for the site's latest earlier form, if any: a browser stays one voter across the
     site's forms, so that the same vote in the exports of an old and a new form shows as one browser's. */
  function earlierToken(config) {
    var earlier = otherBallots(config);
    for (var i = 0; i < earlier.length; i++) {
      var token = store.getItem(tokenKey(earlier[i])) || "";
      if (tokenIsValid(token, config)) return token;
    }
    return "";
  }

  /* The site's ballots (their ids) other than this one, the one this browser met last first. */
  function otherBallots(config) {
    return siteBallots().filter(function (b) { return b.ballot !== config.ballot; })
      .map(function (b) { return b.ballot; }).reverse();
  }

  /* ---- what this browser voted for, per ballot (all posters, or one role) ---- */

  function choiceKey(config, scope) { return "pg-vote:" + config.ballot + ":choice:" + scope; }

  /* The choice remembered on this ballot itself (null when none). */
  function ownChoice(config, scope) { return storedChoice(choiceKey(config, scope)); }

  function storedChoice(key) {
    var choice = null;
    try { choice = JSON.parse(store.getItem(key) || "null"); } catch (e) { choice = null; }
    var fine = !!choice && typeof choice === "object" &&
      ["poster", "title", "code"].every(function (k) { return typeof choice[k] === "string"; });
    return fine ? choice : null;
  }

  /* What this browser voted for in ``scope``: on this ballot, or else on the site's latest other ballot (found as
     earlierToken finds the token) where this browser was the same voter (the same token) and voted as this ballot
     asks (with a ballot code, or without). A deploy that moves the vote to a new form starts a new ballot, and the
     count, over both forms' exports, keeps that voter's first vote: the new pages name it and ask before another. */
  function rememberedChoice(config, scope) {
    var own = ownChoice(config, scope);
    if (own) return own;
    var token = voterToken(config);
    var earlier = otherBallots(config);
    for (var i = 0; i < earlier.length; i++) {
      if ((store.getItem(tokenKey(earlier[i])) || "") !== token) continue;
      var choice = storedChoice(choiceKey({ ballot: earlier[i] }, scope));
      if (choice && (choice.code !== "") === !!config.codes) return choice;
    }
    return null;
  }

  /* Whether this browser keeps the token and the choice of ``scope`` for other pages (not when storage is refused
     or full: then only this page has them). */
  function remembered(config, scope) {
    return store.kept(tokenKey(config.ballot)) && store.kept(choiceKey(config, scope));
  }

  /* What a vote is, as remembered: the poster, its title, the code's fingerprint and (once it went
     through the waiting list) the id of the waiting vote, so another tab can tell that it was sent. */
  function ballotRecord(choice, code) {
    return { poster: choice.poster, title: choice.title, code: code ? fingerprint(code) : "" };
  }

  /* The count keeps a voter's first vote (tokens: this browser's; codes: the code's). A later vote of the
     same voter sent from here (after the visitor was asked) is remembered as sent (its id) but does not change
     what the page says was voted for. */
  function rememberChoice(config, scope, record) {
    var first = record.code && codeChoice(config, scope, record.code) || rememberedChoice(config, scope);
    var counted = first && first.code === record.code ? first : record;
    var kept = JSON.stringify({ poster: counted.poster, title: counted.title, code: counted.code, id: record.id || "" });
    store.setItem(choiceKey(config, scope), kept);
    if (record.code) store.setItem(choiceKey(config, scope) + ":" + record.code, kept);
  }

  /* With ballot codes, the choice remembered for the code whose fingerprint is ``code`` (null when none): on a
     phone several people vote from, each with their own code, the last vote is another code's, and a second
     vote with an earlier code must still be asked about (the count keeps that code's first vote). */
  function codeChoice(config, scope, code) { return storedChoice(choiceKey(config, scope) + ":" + code); }

  /* A short fingerprint, so a later vote can tell "same code" without keeping the code itself. */
  function fingerprint(text) {
    var hash = 2166136261;
    for (var i = 0; i < text.length; i++) {
      hash ^= text.charCodeAt(i);
      hash = Math.imul(hash, 16777619) >>> 0;
    }
    return hash.toString(16);
  }

  /* ---- the voting window, by the site's clock where the phone's may be wrong ----
   *
   * A phone whose time was set by hand is hours off (set in the wrong time zone) or days (the wrong date,
   * which HTTPS lets pass within the months a site's certificate holds). Where the phone's clock says voting
   * is not open, or open but less than a day from an edge of the window, the page asks the site for the time
   * (once, and again should the phone's clock be set meanwhile): the Date of a HEAD request of vote/index.html,
   * past the browser's cache and the site worker (which keeps vote/, not vote/index.html). Until that
   * answer is in, no waiting vote is dropped as late, and none is sent while the phone's clock alone says
   * voting is open: a vote the form service takes before 'opens' or after 'closes' by its own clock is
   * rejected by the count, while the page would say it was sent. Where the site gives no time although it
   * answers (no Date header), the phone's clock decides. Deeper inside the window the phone's clock
   * decides without asking.
   */

  var CLOCK_ASK_MS = 24 * 3600 * 1000;  // how near the window's edges, inside it, the phone's clock is checked
  var clockSkew = 0;  // the site's clock minus the phone's, once known
  var timeKnown = false;  // the site's clock was read
  var clockAsked = null;  // the ask under way
  var clockUnanswered = false;  // the site answered without its time: votes go by the phone's clock until resume()
  var clockBase = 0;  // Date.now() - performance.now() when the site's clock was read

  function now() {
    // The phone's clock set (by hand, or by the network once the visitor fixed its time zone) since the site's was
    // read, or the phone asleep meanwhile (Android's performance.now() stops in sleep): the two look the same. The
    // site's clock is read again before the difference decides anything that cannot be undone (a vote dropped as
    // late, or sent near an edge: clockInDoubt, nearAnEdge). Until then the page keeps the difference it read: set
    // to nought, a phone hours fast that woke offline said voting had closed and took no vote while it was open.
    if (timeKnown && Math.abs(Date.now() - performance.now() - clockBase) > CLOCK_SLACK_MS) {
      timeKnown = false;
    }
    return Date.now() + clockSkew;
  }

  function windowState(config) {
    var time = now();
    if (config.opens !== null && time < config.opens) return "before";
    if (config.closes !== null && time >= config.closes) return "after";
    return "open";
  }

  /* Whether the phone's clock, which says this ballot's window is shut, should be checked against the site's before
     that is trusted: however far from the window, as a phone a week ahead would refuse every vote of the event.
     (Only pages shown before or after the window ask, not the votes made in it.) */
  function clockInDoubt(config) {
    return !timeKnown && !clockUnanswered && windowState(config) !== "open";
  }

  /* Whether the phone's clock says voting is open, but less than CLOCK_ASK_MS from an edge of the window, where
     a phone set by hand could be on the wrong side of it; false once the site's clock was read. */
  function nearAnEdge(config) {
    var time = now();
    return !timeKnown && !clockUnanswered && windowState(config) === "open" &&
      (config.opens !== null && time - config.opens < CLOCK_ASK_MS ||
        config.closes !== null && config.closes - time < CLOCK_ASK_MS);
  }

  var NO_TIME = new Error("no time");  // the site answered without its time

  /* Reads the site's clock once per page; resolves true once it is known, false when it could not be asked now
     (offline, no answer: asked again next time). Then every ballot's window is shown again and its waiting
     votes looked at. */
  function askTheTime() {
    if (timeKnown) return Promise.resolve(true);
    if (clockAsked) return clockAsked;
    var sent = Date.now();
    clockAsked = fetchWithin(new URL("vote/index.html", SITE_ROOT).href, {
      method: "HEAD", cache: "no-store", credentials: "same-origin"
    }, function (response) {
      var skew = skewFromDate(response.headers.get("Date"), sent, Date.now());
      if (response.redirected || isNaN(skew)) throw NO_TIME;
      // The (empty) body read to its end: a request left unread is reported as cut off.
      return response.text().then(function () {
        clockSkew = skew;
        clockBase = Date.now() - performance.now();
        timeKnown = true;
        return true;
      });
    }).then(function (known) {
      clockAsked = null;
      Object.keys(ballots).forEach(function (id) {
        adopt(ballots[id].config);  // what an older form's closing held back
        ballots[id].roots.forEach(function (root) { applyWindow(root, ballots[id].config); });
      });
      resume();
      return known;
    }, function (failure) {
      clockAsked = null;
      // Only a site that answers without a time leaves the phone's clock to decide; no answer (a dropped connection,
      // the time limit) is asked again, and votes near the edges wait for it.
      if (failure === NO_TIME) clockUnanswered = true;
      return false;
    });
    return clockAsked;
  }

  function replaced(config) { return !!(ballots[config.ballot] && ballots[config.ballot].replaced); }

  function applyWindow(root, config) {
    var state = replaced(config) ? "replaced" : windowState(config);
    var notice = root.querySelector("[data-pg-vote-notice]");
    if (notice && notice.dataset.state !== state) {  // said once, not again under the visitor's finger
      notice.dataset.state = state;
      notice.hidden = state === "open";
      notice.textContent = state === "open" ? "" : config.text[state];
      if (state === "replaced") {
        notice.appendChild(button(config.text.reload, function () { window.location.reload(); }, true));
      }
    }
    root.querySelectorAll("[data-pg-vote-send]").forEach(function (button) {
      var form = button.form;
      button.disabled = state !== "open" || (form && form.dataset.pgVoteBusy === "1");
    });
    root.classList.toggle("pg-vote--closed", state !== "open");
  }

  /* ---- status messages ---- */

  function statusBox(form) { return form.querySelector("[data-pg-vote-status]"); }

  function say(form, text, kind) {
    var box = statusBox(form);
    box.textContent = "";
    box.className = "pg-vote__status" + (kind ? " pg-vote__status--" + kind : "");
    if (text) {
      var p = document.createElement("p");
      p.textContent = text;
      box.appendChild(p);
    }
    return box;
  }

  function button(text, onClick, primary) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "md-button" + (primary ? " md-button--primary" : "");
    b.textContent = text;
    b.addEventListener("click", onClick);
    return b;
  }

  function showChosen(config, form) {
    var scope = form.dataset.scope;
    var choice = rememberedChoice(config, scope);
    var line = form.querySelector("[data-pg-vote-chosen]");
    if (line) {
      line.hidden = !choice;
      line.textContent = choice ? fill(config.text.chosen, { title: choice.title }) : "";
    }
    form.querySelectorAll(".pg-vote__item").forEach(function (item) {
      var mine = !!choice && item.dataset.slug === choice.poster;
      item.classList.toggle("pg-vote__item--mine", mine);
      var badge = item.querySelector(".pg-vote__mine");
      if (mine && !badge) {
        badge = document.createElement("span");
        badge.className = "pg-vote__mine";
        badge.textContent = config.text["chosen.here"];
        item.querySelector(".pg-vote__text").appendChild(badge);
      } else if (!mine && badge) {
        badge.remove();
      }
    });
  }

  /* ---- sending ---- */

  function selectedPoster(form) {
    var input = form.querySelector("[data-pg-vote-poster]") || form.querySelector(".pg-vote__radio:checked");
    return input ? { poster: input.value, title: input.dataset.title || input.value } : null;
  }

  function payload(config, choice, code) {
    var data = new URLSearchParams();
    data.append(config.fields.poster, choice.poster);
    data.append(config.fields.token, voterToken(config));
    if (config.codes) data.append(config.fields.code, code);
    return data;
  }

  function statusReason(config, status) { return fill(config.text["reason.status"], { status: status }); }

  /* Resolves when the service has the vote. Rejects with { refused: true, status, reason } when the service
     answered no (the same vote again would be refused again); with { refused: false } when no answer
     came (no connection, the connection dropped, nothing within TIMEOUT_MS), and with { refused: false,
     reason, untaken } when it answered "not now" (NOT_NOW; untaken: it said it took nothing). */
  function post(config, data) {
    // keepalive: the browser carries the request on if the page is closed (or the phone locked) before it went
    // out, as on a crowded network, where the first tries to connect go unanswered. (A vote is a few hundred
    // bytes, far within the 64 KB a page may have on its way so.)
    var options = { method: "POST", body: data, credentials: "omit", keepalive: true };
    if (config.provider === "google_forms") {
      // Google answers without CORS headers: the answer cannot be read, only that the request completed.
      options.mode = "no-cors";
    } else {
      options.headers = { Accept: "application/json" };
    }
    // The time limit runs until the whole answer is in, so an answer that stalls half-way is cut off (and
    // taken as the yes it began as) instead of holding the send, and its lock, for good.
    return fetchWithin(config.action, options, function (response) {
      if (config.provider === "google_forms") return null;
      var refused = { refused: true, status: response.status, reason: statusReason(config, response.status) };
      if (NOT_NOW.indexOf(response.status) >= 0) {
        throw { refused: false, reason: refused.reason, untaken: NOTHING_TAKEN.indexOf(response.status) >= 0 };
      }
      if (!response.ok) throw refused;
      if (response.redirected && signInPage(config, response)) {
        // Sent on to a sign-in page (the endpoint wants an account): its 200 is that page's, and the vote was not
        // taken. Kept and sent again: the committee may open the endpoint meanwhile. (Another page reached so, a
        // thank-you page after the vote was stored, is a yes; a Google Apps Script web app's redirect ends in its
        // own answer, JSON or text.)
        throw { refused: false, reason: config.text["reason.page"], untaken: true };
      }
      return response.text().then(function (body) {
        var answer = null;
        try { answer = JSON.parse(body); } catch (e) { answer = null; }
        if (answer && (answer.ok === false || answer.success === false || answer.error || hasErrors(answer))) {
          // A no in words, under a 200: said as one, not as "answered 200".
          throw { refused: true, status: response.status, reason: config.text["reason.said"] };
        }
        return answer;
      }, function () { return null; });  // the service said yes; only the rest of its answer was lost on the way
    }).then(null, function (failure) {
      // The service's own answer as above; anything else (no connection, the connection dropped, the time
      // limit) is no answer.
      throw failure && typeof failure.refused === "boolean" ? failure : { refused: false };
    });
  }

  /* Whether an answer is a web page at a sign-in address (vote.py SIGN_IN_PATH). */
  function signInPage(config, response) {
    if (!/^\s*text\/html/i.test(response.headers.get("Content-Type") || "")) return false;
    try {
      return new RegExp(config.signInPath, "i").test(new URL(response.url).pathname);
    } catch (e) {
      return false;
    }
  }

  /* An answer's error list, where it has one: some services send an empty one beside their yes. */
  function hasErrors(answer) {
    return Array.isArray(answer.errors) ? answer.errors.length > 0 : !!answer.errors;
  }

  /* ---- votes waiting on this phone ----
   *
   * Every vote goes through a waiting list in localStorage before it is sent: at most one entry per
   * ballot scope (all posters, or one role), holding the request body exactly as it is sent, and a
   * newer choice replaces the waiting one, unless that one is on its way (from any tab), or was sent once and got
   * no answer, or a "not now" that may come after the service stored it ("tried", see send and flush). The entry leaves the list once the service has the vote (or refused it). A vote that got no answer (no connection, the connection dropped, no answer in
   * time) therefore stays on the phone and is sent again by itself: when the browser says it is
   * online again, on a timer that backs off while the page is open, and whenever a page with a vote
   * button is opened later. Only one tab sends a scope's entry at a time (see exclusively()).
   *
   * The honest limit: a request that got no answer may still have arrived (Google's answer cannot
   * even be read), and a page closed while its request was under way (which the browser carries on:
   * keepalive, in post()) leaves its vote waiting too. The repeat carries the same token and choice,
   * and the count keeps one vote per token. While the
   * browser knows it is offline nothing is sent at all, so no repeat can start there.
   */

  function queueKey(config, scope) { return "pg-vote:" + config.ballot + ":queue:" + scope; }

  function queuedScopes(config) {
    var prefix = queueKey(config, ""), scopes = [];
    store.keys().forEach(function (key) {
      var scope = key.indexOf(prefix) === 0 ? key.slice(prefix.length) : "";
      if (scope && scopes.indexOf(scope) < 0 && scopes.length < 20) scopes.push(scope);
    });
    return scopes;
  }

  /* The waiting vote of a scope, or null. Anything else on this origin can write localStorage
     (SECURITY.md), so an entry that is not exactly what enqueue() writes is removed, never sent. */
  function readQueued(config, scope) {
    var key = queueKey(config, scope);
    var raw = store.getItem(key);
    if (raw === null) return null;
    var entry = parsedEntry(raw);
    if (wellFormed(config, entry)) return entry;
    // Written for other field names (a new deploy renamed them: a form's questions made again): the same vote,
    // sent under the names the form has now. Not written back: a tab of the other deploy would write its own
    // names back in turn, without end.
    var vote = config.provider === "tally" ? null : voteIn(entry, voterToken(config));
    var moved = vote ? carried(config, entry, vote) : null;
    if (moved) return moved;
    store.removeItem(key);
    return null;
  }

  /* The vote a waiting entry holds whatever its field names, or null when it is not one vote.js wrote: its
     body has the poster it names, the given token and at most a ballot code with the fingerprint it names. */
  function voteIn(entry, token) {
    if (!shaped(entry)) return null;
    var body = new URLSearchParams(entry.body), names = Array.from(body.keys()), values = Array.from(body.values());
    var posters = values.filter(function (v) { return v === entry.poster; }).length;
    var tokens = values.filter(function (v) { return v === token; }).length;
    var rest = values.filter(function (v) { return v !== entry.poster && v !== token; });
    var code = rest.length ? rest[0] : "";
    var fine = !!entry.poster && posters === 1 && tokens === 1 && rest.length <= 1 &&
      names.length === new Set(names).size && (code ? fingerprint(code) === entry.code : entry.code === "");
    return fine ? { poster: entry.poster, title: entry.title, code: code } : null;
  }

  /* A vote as a waiting entry of this ballot (its field names, this browser's token; still marked if it was sent
     once), or null when this ballot cannot take it (it asks for a ballot code the vote was made without, or one
     that is not valid). */
  function carried(config, entry, vote) {
    if (config.codes && !(vote.code && codeIsWellFormed(vote.code, config))) return null;
    var code = config.codes ? vote.code : "";
    var record = ballotRecord(vote, code);
    var moved = { id: entry.id, body: payload(config, vote, code).toString(), poster: record.poster, title: record.title, code: record.code };
    if (typeof entry.madeAt === "number") moved.madeAt = entry.madeAt;  // (made in time still goes: madeInTime)
    if (entry.tried === true) {  // sent once: it may have arrived, under the old names or form
      moved.tried = true;
      if (typeof entry.triedAt === "number") moved.triedAt = entry.triedAt;
    }
    return moved;
  }

  /* This ballot among the site's ballots, met now if it is new; returns the ones met before it. */
  function meet(config) {
    var list = siteBallots();
    var here = list.filter(function (b) { return b.ballot === config.ballot; })[0];
    if (here) here.closes = config.closes;  // its place stays (but see reclaim); its closing time is its pages' now
    else list.push(here = { ballot: config.ballot, closes: config.closes });
    list = list.slice(-SITE_BALLOTS_MAX);
    store.setItem(SITE_BALLOTS, JSON.stringify(list));
    return list.slice(0, list.indexOf(here));
  }

  /* This ballot made the one this browser met last: the site is back on its form (reclaim). */
  function meetAgain(config) {
    var list = siteBallots().filter(function (b) { return b.ballot !== config.ballot; });
    list.push({ ballot: config.ballot, closes: config.closes });
    store.setItem(SITE_BALLOTS, JSON.stringify(list.slice(-SITE_BALLOTS_MAX)));
  }

  function siteBallots() {
    var list = null;
    try { list = JSON.parse(store.getItem(SITE_BALLOTS) || "[]"); } catch (e) { list = null; }
    return (Array.isArray(list) ? list : []).filter(function (b) {
      return b && typeof b.ballot === "string" && /^[0-9a-f]{12}$/.test(b.ballot) &&
        (b.closes === null || typeof b.closes === "number");
    }).slice(-SITE_BALLOTS_MAX);
  }

  /* Votes still waiting for a ballot this site had before (a deploy since changed the form's address or
     service) go to the form it has now: the old one may be closed, and its pages are gone, so nothing else
     would ever send them. A vote made once voting on the old form had closed (by the site's clock, where the
     phone's says so) is dropped, as on its own page, and said; a choice made on the new form since stands,
     unless it waits unsent while the old vote was sent once (it may have arrived, and the count keeps the first:
     as in send, the newer choice does not replace it). A vote the new form cannot take (it now asks for ballot
     codes), or one with another ballot code than the vote waiting for the new form (another person's), stays
     where it is. */
  function adopt(config) {
    if (config.provider === "tally") return;
    meet(config).forEach(function (old) {
      var prefix = "pg-vote:" + old.ballot + ":queue:";
      var token = store.getItem(tokenKey(old.ballot)) || "";
      store.keys().forEach(function (key) {
        if (key.indexOf(prefix) !== 0) return;
        var scope = key.slice(prefix.length), entry = parsedEntry(store.getItem(key) || "");
        var vote = tokenIsValid(token, config) ? voteIn(entry, token) : null;
        var moved = vote ? carried(config, entry, vote) : null;
        if (vote && !moved) return;
        if (moved && clockInDoubt({ opens: null, closes: old.closes })) {
          askTheTime();  // left where it is until the site's clock says whether voting on the old form had closed
          return;
        }
        var waiting = moved ? readQueued(config, scope) : null;
        if (waiting && waiting.code !== moved.code) return;  // it goes once that one has gone
        store.removeItem(key);
        if (!moved) return;
        var since = ownChoice(config, scope);
        if (waiting ? !(moved.tried === true && waiting.tried !== true) : since && since.code === moved.code) return;
        if (old.closes !== null && now() >= old.closes) {
          tell(config, scope, "late", moved);
          return;
        }
        store.setItem(queueKey(config, scope), JSON.stringify(moved));
      });
    });
  }

  /* Votes waiting for a form this browser met after this page's form. Either this page is an old copy (from
     the browser's cache, of a deploy the site has since left) and they are not its to send, or the site went
     back to this page's form, and then no page would ever send them. The site's vote page, asked past the
     browser's cache and the site worker (which keeps vote/, not vote/index.html), tells which: where it holds
     this page's ballot, this ballot becomes the one met last, and its pages take those votes over (adopt). */
  var reclaiming = {};

  function reclaim(config) {
    if (config.provider === "tally" || replaced(config) || reclaiming[config.ballot] || !laterWaiting(config)) return;
    reclaiming[config.ballot] = true;
    votePageBallots("vote/index.html", "no-cache").then(function (live) {
      delete reclaiming[config.ballot];
      var here = (live || []).some(function (other) { return other.ballot === config.ballot; });
      if (!here || !laterWaiting(config)) return;
      meetAgain(config);
      adopt(config);
      flushAll(config);
    });
  }

  /* Whether a vote waits for a form this browser met after this ballot's. */
  function laterWaiting(config) {
    var list = siteBallots().map(function (b) { return b.ballot; });
    var at = list.indexOf(config.ballot);
    return at >= 0 && list.slice(at + 1).some(function (ballot) {
      return queuedScopes({ ballot: ballot }).length > 0;
    });
  }

  /* A stored waiting entry read back (JSON of at most ENTRY_MAX characters), or null. */
  function parsedEntry(raw) {
    try { return raw.length <= ENTRY_MAX ? JSON.parse(raw) : null; } catch (e) { return null; }
  }

  /* Whether ``entry`` has the fields enqueue() writes, of their types. */
  function shaped(entry) {
    return !!entry && typeof entry === "object" && typeof entry.id === "string" && /^[0-9a-f]{16}$/.test(entry.id) &&
      ["body", "poster", "title", "code"].every(function (k) { return typeof entry[k] === "string"; });
  }

  function wellFormed(config, entry) {
    if (config.provider === "tally" || !shaped(entry)) return false;
    var body = new URLSearchParams(entry.body);
    var names = [config.fields.poster, config.fields.token].concat(config.codes ? [config.fields.code] : []);
    var seen = [];
    var known = Array.from(body.keys()).every(function (name) {
      var fresh = names.indexOf(name) >= 0 && seen.indexOf(name) < 0;
      seen.push(name);
      return fresh;
    });
    return known && body.get(config.fields.poster) === entry.poster &&
      body.get(config.fields.token) === voterToken(config);
  }

  function enqueue(config, scope, record, data, tried) {
    var entry = {
      id: randomHex(8), body: data.toString(), poster: record.poster, title: record.title, code: record.code,
      madeAt: Date.now()  // by the phone's clock: see madeInTime
    };
    if (tried) entry.tried = true;
    store.setItem(queueKey(config, scope), JSON.stringify(entry));  // replaces an older waiting choice
    return entry;
  }

  /* The waiting vote ``id`` was sent and no answer came, or one that may come after the service stored it (a 5xx,
     408): it may have arrived (see above), so no newer choice replaces it (send). Marked where it is stored in this page's own field names (see readQueued). */
  function markTried(config, scope, id) {
    var key = queueKey(config, scope);
    var entry = parsedEntry(store.getItem(key) || "");
    if (!shaped(entry) || entry.id !== id || entry.tried === true) return;  // (it may be under other field names)
    entry.tried = true;
    entry.triedAt = Date.now();  // by the phone's clock: the site's may be read only later (lateText)
    store.setItem(key, JSON.stringify(entry), true);  // (with no room for the mark, the vote stays as it was)
  }

  /* The service said it took nothing of the waiting vote ``id`` (NOTHING_TAKEN), sent for the first time: a newer
     choice may replace it again. */
  function unmarkTried(config, scope, id) {
    var key = queueKey(config, scope);
    var entry = parsedEntry(store.getItem(key) || "");
    if (!shaped(entry) || entry.id !== id || entry.tried !== true) return;
    delete entry.tried;
    store.setItem(key, JSON.stringify(entry), true);
  }

  /* The waiting vote ``entry`` was sent and may have arrived (markTried). Where another choice of the same voter
     took its place meanwhile (a tab that read the list just before it was marked), it goes back ahead of it: the
     count keeps the first vote that arrived, and sent again, it is that one, which the page then names, never the
     later choice. One that was itself sent once stays (either may have arrived first); a list emptied meanwhile
     (the vote moved to another form, or dropped as late) stays so. */
  function keepTried(config, scope, entry) {
    var key = queueKey(config, scope);
    var now = parsedEntry(store.getItem(key) || "");
    if (!shaped(now)) return;
    if (now.id === entry.id) {
      markTried(config, scope, entry.id);
      return;
    }
    if (now.tried === true || now.code !== entry.code) return;
    var kept = { id: entry.id, body: entry.body, poster: entry.poster, title: entry.title, code: entry.code, tried: true,
      triedAt: typeof entry.triedAt === "number" ? entry.triedAt : Date.now() };  // (else sent just now)
    if (typeof entry.madeAt === "number") kept.madeAt = entry.madeAt;  // (made in time still goes: madeInTime)
    store.setItem(key, JSON.stringify(kept));
  }

  /* A vote refused where it was sent from is told there (tell); another tab that shows the same vote waiting
     learns of it here as it finds the list emptied (update), and tells it too, retry and all, rather than nothing.
     One note a scope, each refusal writing over the last; the status alone, the words made by the page reading it
     (anything on this origin can write localStorage). */
  function refusalKey(config, scope) { return "pg-vote:" + config.ballot + ":refused:" + scope; }

  function noteRefusal(config, scope, id, status) {
    store.setItem(refusalKey(config, scope), JSON.stringify({ id: id, status: status }));
  }

  /* Why the vote ``id`` of ``scope`` was refused in another tab, or null when that is not on record. */
  function refusalOf(config, scope, id) {
    var note = parsedEntry(store.getItem(refusalKey(config, scope)) || "");
    if (!note || note.id !== id || !Number.isInteger(note.status)) return null;
    return statusReason(config, note.status);
  }

  function unqueue(config, scope, id) {
    var entry = readQueued(config, scope);
    if (entry && entry.id === id) store.removeItem(queueKey(config, scope));  // a newer choice stays
  }

  /* Runs task(release) when no other tab (and no other call in this tab) is sending under ``name``;
     else calls busy(). The Web Locks API does this exactly. Without it (older phones) a lease in
     localStorage with an expiry stands in; of two tabs writing it at once, the one whose write is
     still there after a pause goes on. The lease is best effort: the count keeps one vote per token.
     sendingHere[name] is true while this tab holds or asks for the lock, then, until the Web Lock it
     gave back is free again, a promise: a call in that moment (the visitor pressing retry right
     after a failure) waits for it rather than finding the lock taken. */
  var sendingHere = {};

  function exclusively(name, task, busy) {
    var here = sendingHere[name];
    if (here && typeof here.then === "function") {
      here.then(function () { exclusively(name, task, busy); });
      return;
    }
    if (here) {
      busy();
      return;
    }
    sendingHere[name] = true;
    var locks = window.navigator.locks;
    if (locks && typeof locks.request === "function") {
      var letGo = null, granted = false;
      var request = locks.request(name, { ifAvailable: true }, function (lock) {
        granted = true;
        if (!lock) {
          delete sendingHere[name];
          busy();
          return null;
        }
        return new Promise(function (resolve) {
          runOnce(task, function () {
            sendingHere[name] = letGo;
            resolve();
          });
        });
      });
      letGo = request.then(null, function () {
        if (!granted) {  // refused outright (site data blocked): the lease stands in, as where locks are missing
          delete sendingHere[name];
          byLease(name, task, busy);
        }
        return null;
      }).then(function () {
        if (sendingHere[name] === letGo) delete sendingHere[name];
      });
      return;
    }
    byLease(name, task, busy);
  }

  function byLease(name, task, busy) {
    sendingHere[name] = true;
    var lease = readLease(name);
    // A lease reaching further ahead than any tab takes one was not written by this site's pages (or the clock
    // was set back since): it is not honoured, or it would hold every vote on this phone for good.
    if (lease && lease.owner !== tabId && lease.until > Date.now() && lease.until <= Date.now() + LEASE_MS) {
      delete sendingHere[name];
      busy();
      return;
    }
    store.setItem(name, JSON.stringify({ owner: tabId, until: Date.now() + LEASE_MS }));
    setTimeout(function () {
      var mine = readLease(name);
      if (!mine || mine.owner !== tabId) {
        delete sendingHere[name];
        busy();
        return;
      }
      runOnce(task, function () {
        var now = readLease(name);
        if (now && now.owner === tabId) store.removeItem(name);
        delete sendingHere[name];
      });
    }, LEASE_SETTLE_MS);
  }

  /* task(release), with release taking effect once, also when task fails before calling it. */
  function runOnce(task, release) {
    var released = false;
    var once = function () {
      if (released) return;
      released = true;
      release();
    };
    try {
      task(once);
    } catch (e) {
      once();
      throw e;
    }
  }

  function readLease(name) {
    try {
      var lease = JSON.parse(store.getItem(name) || "null");
      return lease && typeof lease.owner === "string" && typeof lease.until === "number" ? lease : null;
    } catch (e) {
      return null;
    }
  }

  function sendLock(config, scope) { return "pg-vote:" + config.ballot + ":send:" + scope; }

  /* Whether a waiting vote, now that voting has closed, was made before it closed by the site's clock, and can
     still reach the form while the count takes it as sent in time (lateMs after 'closes'). A vote made in the last
     seconds waits for the site's clock (nearAnEdge); on crowded Wi-Fi the answer may come after closing, and the
     vote, made in time by every clock, was dropped as late. One sent already without an answer goes again too:
     its connection may have dropped before the form took anything, and sent again with its token it counts once
     either way. After lateMs it is not sent again: the page says it counts if it arrived. */
  function madeInTime(config, entry) {
    return timeKnown && typeof entry.madeAt === "number" && config.closes !== null &&
      entry.madeAt + clockSkew < config.closes && now() < config.closes + config.lateMs;
  }

  /* Sends the waiting vote of one scope, if any, and tells every form of that scope what became of it.
     The window is judged as the buttons judge it (by the site's clock where the phone's says the vote is
     outside it): a vote still waiting when 'closes' has passed is dropped (the count would reject it) and
     the visitor told; before 'opens' it keeps waiting. */
  function flush(config, scope) {
    if (replaced(config)) return;  // its waiting votes stay on the phone for the new deploy's pages
    if (newDeploy) return;  // sent once the newer deploy being saved is in (follow)
    var away = leaving[sendLock(config, scope)];
    if (away) {  // sent as the page went out of sight, and not answered yet: its answer decides first
      away.then(function () { flush(config, scope); });
      return;
    }
    exclusively(sendLock(config, scope), function (release) {
      var entry = readQueued(config, scope);
      var state = windowState(config);
      if (!entry) {
        release();
        update(config, scope);
      } else if (clockInDoubt(config)) {
        // Outside the window by the phone's clock alone: the site's clock decides (askTheTime looks again).
        release();
        askTheTime().then(function (known) {
          if (known) return;
          tell(config, scope, "waiting", entry);
          retryLater(config);
        });
      } else if (state === "after" && !madeInTime(config, entry)) {
        release();
        stillClosed(config).then(function (closed) {
          if (closed === null) {  // the site's vote page could not be read: kept, and looked at again
            tell(config, scope, "waiting", entry);
            retryLater(config);
          } else if (closed) {
            unqueue(config, scope, entry.id);
            tell(config, scope, "late", entry);
          }  // else the site moved 'closes' on: this page is replaced, and the new pages send the vote
        });
      } else if (state === "before" || window.navigator.onLine === false) {
        release();
        tell(config, scope, "waiting", entry);
        retryLater(config);
      } else if (nearAnEdge(config)) {
        // Open by the phone's clock alone, near an edge: sent once the site's clock agrees (askTheTime looks
        // again), or by the phone's clock where the site gives no time.
        release();
        tell(config, scope, "sending", entry);
        askTheTime().then(function (known) {
          if (known) return;
          if (clockUnanswered) {
            flush(config, scope);
          } else {
            tell(config, scope, "waiting", entry);
            retryLater(config);
          }
        });
      } else {
        var lock = sendLock(config, scope);
        tell(config, scope, "sending", entry);
        postingNow[lock] = true;
        // On its way, it may arrive whatever becomes of its answer: marked before it goes, so that no newer choice
        // (from another tab) takes its place meanwhile (send), as lastChance does.
        var triedBefore = entry.tried === true;
        markTried(config, scope, entry.id);
        post(config, new URLSearchParams(entry.body)).then(function () {
          delete postingNow[lock];
          took(config, scope, entry);  // while this tab still holds the lock, so nothing sends it again
          release();
          restartBackoff(ballots[config.ballot]);
          tell(config, scope, "sent", entry);
        }, function (failure) {
          delete postingNow[lock];
          if (failure && failure.refused) {
            noteRefusal(config, scope, entry.id, failure.status);  // first: other tabs read it as the list empties
            unqueue(config, scope, entry.id);
          } else if (failure && failure.untaken) {
            if (!triedBefore) unmarkTried(config, scope, entry.id);
          } else {
            keepTried(config, scope, entry);  // it may have arrived
          }
          release();
          if (failure && failure.refused) {
            tell(config, scope, "refused", entry, failure.reason);
          } else {
            // As it waits now, marked as sent once (or not, above): what the page says of it, should another tab
            // drop it at closing (lateText), rests on the mark.
            var stored = readQueued(config, scope);
            tell(config, scope, "waiting", stored && stored.id === entry.id ? stored : entry, failure && failure.reason);
            retryLater(config);
          }
        });
      }
    }, function () {
      // Another tab is sending it: look again later. What that tab did while this one asked for the lock (or
      // waited on its lease) went untold here, as this tab counted itself the sender then (update): told now.
      update(config, scope);
      retryLater(config);
    });
  }

  /* The form service took the waiting ``entry``: it is the choice remembered, and off the list. */
  function took(config, scope, entry) {
    rememberChoice(config, scope, entry);
    unqueue(config, scope, entry.id);
  }

  /* Lock names of the scopes whose vote this tab has on its way now. */
  var postingNow = {};
  /* Lock name -> the send lastChance made, until it is answered (or fails). */
  var leaving = {};

  /* The page goes out of sight (the phone put away, another app, the tab closed, another page opened) while a
     vote that voting is open for waits on this phone without ever having been sent: for the site's clock near
     the window's edges (which on a crowded network can take a while), or for the send lock. Nothing says the
     page will run again before voting closes, so the vote goes now, carried on after the page has gone
     (keepalive in post()). It stays on the phone, marked as sent once (as a send that got no answer is, so
     this happens once a vote), and is sent again as every waiting vote is, with the same token: the count
     keeps one vote per token, and rejects a vote the service took outside the window, which then still waits
     here. Where the page runs on to get the answer (only out of sight, or kept by the browser's back/forward
     cache) and the window was not in doubt (as flush would have sent it), the vote is done as a sent one is,
     rather than sent again. A vote sent before is left to its retries. Not while the browser
     knows it is offline. Also while a newer deploy is being saved (follow), which may send votes to another
     form: the page may never run again to see it in, and the old form takes votes until the committee closes
     it (README); the vote stays on the phone, marked, for the new deploy's pages. */
  function lastChance() {
    if (window.navigator.onLine === false) return;
    Object.keys(ballots).forEach(function (id) {
      var config = ballots[id].config;
      if (replaced(config) || windowState(config) !== "open") return;
      queuedScopes(config).forEach(function (scope) {
        var entry = readQueued(config, scope);
        var lock = sendLock(config, scope);
        if (!entry || entry.tried === true || postingNow[lock]) return;
        var sure = !clockInDoubt(config) && !nearAnEdge(config);  // in the window, as flush sends a vote
        markTried(config, scope, entry.id);
        var sending = post(config, new URLSearchParams(entry.body)).then(function () {
          var still = readQueued(config, scope);
          if (!sure || !still || still.id !== entry.id) return;
          took(config, scope, entry);
          tell(config, scope, "sent", entry);
        }, function () { /* still waiting here */ });
        leaving[lock] = sending;
        sending.then(function () { if (leaving[lock] === sending) delete leaving[lock]; });
      });
    });
  }

  function flushAll(config) {
    queuedScopes(config).forEach(function (scope) { flush(config, scope); });
  }

  function retryLater(config) {
    var ballot = ballots[config.ballot];
    if (ballot.timer || ballot.tries >= RETRY_TRIES) return;
    ballot.tries++;
    ballot.timer = setTimeout(function () {
      ballot.timer = null;
      flushAll(config);
    }, ballot.delay);
    ballot.delay = Math.min(ballot.delay * 2, RETRY_MAX_MS);
  }

  /* The next wait is short again; a timer already set stays, as it may serve another scope. */
  function restartBackoff(ballot) {
    ballot.delay = RETRY_FIRST_MS;
    ballot.tries = 0;
  }

  /* Back online, or back to this page: try every waiting vote now and restart the backoff. */
  function resume() {
    clockUnanswered = false;  // back online, or back to the page: the site's clock may answer now
    Object.keys(ballots).forEach(function (id) {
      var ballot = ballots[id];
      clearTimeout(ballot.timer);
      ballot.timer = null;
      restartBackoff(ballot);
      reclaim(ballot.config);
      flushAll(ballot.config);
    });
  }

  /* ---- what the forms say about a vote ---- */

  function eachForm(config, fn) {
    ballots[config.ballot].roots.forEach(function (root) {
      if (!document.contains(root)) return;
      root.querySelectorAll("[data-pg-vote-form]").forEach(function (form) { fn(root, form); });
    });
  }

  function setBusy(root, config, form, busy) {
    form.dataset.pgVoteBusy = busy ? "1" : "";
    form.setAttribute("aria-busy", busy ? "true" : "false");
    applyWindow(root, config);
  }

  /* state: "sending", "waiting" (kept on the phone; with the reason when the service said "not now"),
     "sent", "refused" (with reason), "late" (dropped after the window closed) or "gone" (left the list
     elsewhere, not as a vote of this page). */
  function showState(root, config, form, state, entry, reason) {
    var shown = form.pgVoteWaiting;
    if (state === "waiting" && shown && shown.id === entry.id && form.dataset.pgVoteBusy !== "1") {
      return;  // already says so: a retry that could not start leaves the button where the finger is
    }
    form.pgVoteWaiting = state === "sending" || state === "waiting" ? entry : null;
    // A refusal shown, and the choice remembered then: a newer one (another page or tab) makes it stale (update).
    var before = state === "refused" ? rememberedChoice(config, form.dataset.scope) : null;
    form.pgVoteRefused = state === "refused" ? { chosen: before ? before.id : null } : null;
    setBusy(root, config, form, state === "sending");
    if (state === "sending") {
      say(form, config.text.sending, "busy");
      return;
    }
    if (state === "sent" || state === "gone") {
      var said = say(form, state === "sent" ? config.text.sent : "", state === "sent" ? "ok" : "");
      if (state === "sent" && !remembered(config, form.dataset.scope)) {
        // The other pages (and this one, reloaded) neither know of this vote nor make the same voter of this
        // browser: each would take another vote, which the count (another token) takes too.
        var p = document.createElement("p");
        p.textContent = config.text["sent.forgotten"];
        said.appendChild(p);
      }
      showChosen(config, form);
      return;
    }
    if (state === "late") {
      say(form, lateText(config, entry), "error");
      return;
    }
    var waiting = state === "waiting";
    var text = !waiting ? fill(config.text.failed, { reason: reason })
      : !store.kept(queueKey(config, form.dataset.scope)) ? config.text["queued.page"]  // only this page has it
      : reason ? fill(config.text["queued.busy"], { reason: reason }) : config.text.queued;
    var box = say(form, text, waiting ? "queued" : "error");
    var actions = document.createElement("p");
    actions.className = "pg-vote__actions";
    actions.appendChild(button(config.text.retry, function () {
      var counted = waiting ? null : countedInstead(config, form.dataset.scope, entry);
      if (counted) askFirst(config, form, counted, function () { retryNow(config, form.dataset.scope, entry, true); });
      else retryNow(config, form.dataset.scope, entry, !waiting);
    }, true));
    if (config.prefilled) {
      var link = document.createElement("a");
      link.href = config.prefilled + "?usp=pp_url&" + entry.body;
      link.target = "_blank";
      link.rel = "noopener";
      link.className = "pg-vote__prefilled";
      link.textContent = config.text.prefilled;
      actions.appendChild(link);
    }
    box.appendChild(actions);
  }

  /* The retry button: a waiting vote is tried now; a refused one goes back on the list first
     (unless a newer choice waits), exactly as it was. (Asked first where another vote counts since:
     countedInstead.) */
  function retryNow(config, scope, entry, refused) {
    if (refused && !readQueued(config, scope)) store.setItem(queueKey(config, scope), JSON.stringify(entry));
    restartBackoff(ballots[config.ballot]);
    flush(config, scope);
  }

  /* The vote the count keeps, were the refused ``entry`` sent now: a choice of the same voter (this browser;
     with ballot codes, the same code) remembered since, sent from another page or tab. Retried unasked, the
     page would say the refused vote was sent, while the count keeps the other. */
  function countedInstead(config, scope, entry) {
    var before = config.codes ? codeChoice(config, scope, entry.code) : rememberedChoice(config, scope);
    return before && before.id !== entry.id ? before : null;
  }

  /* What became of a vote dropped once voting closed: never sent, or sent and never confirmed, which the count
     takes if it arrived (within the seconds the count allows after 'closes' for a vote on its way). */
  function lateText(config, entry) {
    // First sent at or after closing by the site's clock (the phone's ran behind): it cannot count, whatever came of it.
    var afterClosing = typeof entry.triedAt === "number" && config.closes !== null &&
      entry.triedAt + clockSkew >= config.closes;
    return fill(config.text[entry.tried === true && !afterClosing ? "late.tried" : "late"], { title: entry.title });
  }

  function tell(config, scope, state, entry, reason) {
    var shown = false, first = null;
    eachForm(config, function (root, form) {
      if (!first) first = form;
      if (form.dataset.scope !== scope) return;
      showState(root, config, form, state, entry, reason);
      shown = true;
    });
    if (!shown && first && (state === "late" || state === "refused")) {
      // A poster page of another role: say it below its own ballot, without taking that ballot's place. A refused
      // vote has left the list: told nowhere else, and without this button, it would be gone without a word.
      var box = statusBox(first);
      var p = document.createElement("p");
      p.className = "pg-vote__status--error";
      p.textContent = state === "late" ? lateText(config, entry)
        : fill(config.text["failed.other"], { title: entry.title, reason: reason });
      box.appendChild(p);
      if (state === "refused") {
        var actions = document.createElement("p");
        actions.className = "pg-vote__actions";
        var done = function (shown) {
          box.removeChild(p);
          box.removeChild(shown);
        };
        actions.appendChild(button(config.text.retry, function () {
          var counted = countedInstead(config, scope, entry);
          if (!counted) {
            done(actions);
            retryNow(config, scope, entry, true);
            return;
          }
          p.textContent = againText(config, counted);
          var asked = againActions(config, function () {
            done(asked);
            retryNow(config, scope, entry, true);
          }, function () { done(asked); });
          box.replaceChild(asked, actions);
          asked.querySelector("button").focus();
        }, true));
        box.appendChild(actions);
      }
    }
  }

  /* Another tab changed the list or the remembered choice (or this tab found the entry gone):
     bring the forms of that scope in line with what is stored. */
  function update(config, scope) {
    if (sendingHere[sendLock(config, scope)] === true) return;  // this tab is sending it and will tell
    var entry = readQueued(config, scope);
    var chosen = rememberedChoice(config, scope);
    eachForm(config, function (root, form) {
      if (form.dataset.scope !== scope) return;
      var waiting = form.pgVoteWaiting;
      if (entry) {
        if (!waiting || waiting.id !== entry.id) showState(root, config, form, "waiting", entry);
      } else if (waiting) {
        var sent = chosen && chosen.id === waiting.id;
        var refusal = sent ? null : refusalOf(config, scope, waiting.id);
        if (refusal) showState(root, config, form, "refused", waiting, refusal);
        else showState(root, config, form, sent ? "sent" : (windowState(config) === "after" ? "late" : "gone"), waiting);
      } else if (form.pgVoteRefused && (chosen ? chosen.id : null) !== form.pgVoteRefused.chosen) {
        // Another vote was sent since the refusal (another page or tab; back to a page the browser kept): the
        // page names that choice, and no longer offers to send the refused one.
        form.pgVoteRefused = null;
        say(form, "", "");
      }
      showChosen(config, form);
    });
  }

  function send(root, config, form, choice, code) {
    var data = payload(config, choice, code);
    if (config.provider === "tally") {
      openTally(config, form, choice, code, data);
      return;
    }
    var record = ballotRecord(choice, code);
    var waiting = readQueued(config, form.dataset.scope);
    if (waiting && waiting.code !== record.code) {
      // With ballot codes, another person's vote from this phone still waits to be sent (it goes by itself,
      // as every waiting vote does). A newer choice would replace it: this one waits its turn instead.
      say(form, config.text["queued.other"], "error");
      return;
    }
    if (waiting && waiting.tried === true && waiting.poster !== record.poster) {
      // Sent once without an answer, it may have arrived, and the count keeps the first vote: replaced, the page
      // would name a choice the count does not have. It goes again by itself, and then the page says so.
      say(form, fill(config.text["queued.tried"], { title: waiting.title }), "error");
      return;
    }
    var entry = enqueue(config, form.dataset.scope, record, data, !!waiting && waiting.tried === true);
    showState(root, config, form, "sending", entry);
    restartBackoff(ballots[config.ballot]);
    flush(config, form.dataset.scope);
  }

  function openTally(config, form, choice, code, data) {
    var query = data.toString();
    var shareLink = config.tallyOpen + "?" + query;
    if (!config.embed) {
      window.open(shareLink, "_blank", "noopener");
      say(form, config.text["tally.opened"], "ok");
      return;
    }
    var box = form.querySelector("[data-pg-vote-embed]");
    box.textContent = "";
    var frame = document.createElement("iframe");
    frame.className = "pg-vote__frame";
    frame.title = config.text["tally.title"];
    frame.src = config.tallyEmbed + "?" + query + "&alignLeft=1&hideTitle=1&transparentBackground=1";
    var link = document.createElement("a");
    link.href = shareLink;
    link.target = "_blank";
    link.rel = "noopener";
    link.textContent = config.text["tally.newtab"];
    var p = document.createElement("p");
    p.appendChild(link);
    box.appendChild(frame);
    box.appendChild(p);
    box.hidden = false;
    say(form, "", "");
    pendingTally = pendingTally.filter(function (p) { return p.form !== form; });  // its earlier frame is gone
    pendingTally.push({ config: config, form: form, choice: choice, code: code, frame: frame });
  }

  /* Tally's embed tells the page hosting it that the form was sent (a JSON string in a message). */
  window.addEventListener("message", function (event) {
    var pending = pendingTally.find(function (p) { return event.source === p.frame.contentWindow; });
    if (!pending || event.origin !== pending.config.tallyOrigin) return;
    if (typeof event.data !== "string" || event.data.indexOf("Tally.FormSubmitted") < 0) return;
    var message = null;
    try { message = JSON.parse(event.data); } catch (e) { return; }
    if (!message || message.event !== "Tally.FormSubmitted") return;
    rememberChoice(pending.config, pending.form.dataset.scope, ballotRecord(pending.choice, pending.code));
    say(pending.form, pending.config.text["tally.sent"], "ok");
    showChosen(pending.config, pending.form);
    pendingTally = pendingTally.filter(function (p) { return p !== pending; });
  });

  /* "You already voted for …: only the first vote counts. Send anyway?", below the form; yes() sends. */
  function askFirst(config, form, before, yes) {
    var box = say(form, againText(config, before), "ask");
    box.appendChild(againActions(config, yes, function () { say(form, "", ""); }));
    box.querySelector("button").focus();
  }

  function againText(config, before) {
    return fill(config.codes ? config.text["again.code"] : config.text.again, { title: before.title });
  }

  function againActions(config, yes, no) {
    var actions = document.createElement("p");
    actions.className = "pg-vote__actions";
    actions.appendChild(button(config.text["again.yes"], yes, true));
    actions.appendChild(button(config.text["again.no"], no, false));
    return actions;
  }

  function setUpForm(root, config, form) {
    form.noValidate = true;  // the browser's own bubbles give way to the messages below, in the site's language
    var tokenInput = form.querySelector("[data-pg-vote-token]");
    if (tokenInput) tokenInput.value = voterToken(config);
    showChosen(config, form);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (form.dataset.pgVoteBusy === "1") return;
      if (windowState(config) !== "open" || replaced(config)) {
        // Closed (or opened, or replaced) in the seconds since the window was last shown: said now, not at the
        // next look up to 15 s later, with the button still live and the tap answered by nothing.
        applyWindow(root, config);
        return;
      }
      var choice = selectedPoster(form);
      if (!choice) {
        say(form, config.text.pick, "error");
        return;
      }
      var code = "";
      if (config.codes) {
        var input = form.querySelector("[data-pg-vote-code]");
        code = normaliseCode(input.value, config);
        var problem = !code ? config.text["code.missing"] : (!codeIsWellFormed(code, config) ? config.text["code.invalid"] : "");
        input.setAttribute("aria-invalid", problem ? "true" : "false");
        if (problem) {
          say(form, problem, "error");
          input.focus();
          return;
        }
      }
      var before = config.codes && codeChoice(config, form.dataset.scope, fingerprint(code)) ||
        rememberedChoice(config, form.dataset.scope);
      if (before && (!config.codes || before.code === fingerprint(code))) {
        askFirst(config, form, before, function () { send(root, config, form, choice, code); });
        return;
      }
      send(root, config, form, choice, code);
    });
  }

  /* ---- the vote page: search and ?poster=<id> ---- */

  function plain(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function setUpSearch(root, config) {
    var box = root.querySelector("[data-pg-vote-search]");
    if (!box) return;
    var input = box.querySelector("[data-pg-vote-query]");
    var count = box.querySelector("[data-pg-vote-count]");
    var items = root.querySelectorAll(".pg-vote__item");
    items.forEach(function (item) { item.dataset.plain = plain(item.dataset.search || ""); });
    box.hidden = false;
    input.addEventListener("input", function () {
      var words = plain(input.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      items.forEach(function (item) {
        var match = words.every(function (w) { return item.dataset.plain.indexOf(w) >= 0; });
        item.hidden = !match;
        if (match) shown++;
      });
      root.querySelectorAll("[data-pg-vote-form]").forEach(function (form) {
        var none = form.querySelector("[data-pg-vote-none]");
        if (none) none.hidden = !!form.querySelector(".pg-vote__item:not([hidden])");
      });
      var found = config.text[shown === 1 ? "search.count.one" : "search.count"];
      count.textContent = words.length ? fill(found, { count: shown }) : "";
    });
  }

  function preselect(root) {
    var wanted = new URLSearchParams(window.location.search).get("poster");
    if (!wanted) return;
    root.querySelectorAll(".pg-vote__radio").forEach(function (radio) {
      if (radio.value !== wanted) return;
      radio.checked = true;
      var item = radio.closest(".pg-vote__item");
      item.classList.add("pg-vote__item--wanted");
      item.scrollIntoView({ block: "center" });
      radio.focus({ preventScroll: true });
    });
  }

  function start(root) {
    if (root.dataset.pgVoteReady === "1") return;
    var config;
    try { config = JSON.parse(root.getAttribute("data-pg-vote")); } catch (e) { return; }
    root.dataset.pgVoteReady = "1";
    var ballot = ballots[config.ballot] ||
      (ballots[config.ballot] = { config: config, roots: [], delay: RETRY_FIRST_MS, tries: 0, timer: null });
    ballot.roots.push(root);
    adopt(config);
    reclaim(config);
    root.querySelectorAll("[data-pg-vote-form]").forEach(function (form) {
      setUpForm(root, config, form);
      update(config, form.dataset.scope);  // a vote still waiting from earlier says so
    });
    setUpSearch(root, config);
    preselect(root);
    var shownState = windowState(config);
    var watchWindow = function () {
      applyWindow(root, config);
      // (Once known, never again; not while the phone says it is offline, a request sure to fail: asked once back.)
      if ((clockInDoubt(config) || nearAnEdge(config)) && navigator.onLine !== false) askTheTime();
      var state = windowState(config);
      if (shownState === "before" && state === "open") {
        // A vote made before voting opened by the site's clock (the phone's said it had) goes now, however long
        // the retry timer has been given up.
        restartBackoff(ballot);
        flushAll(config);
      }
      shownState = state;
    };
    watchWindow();
    setInterval(watchWindow, 15000);
    flushAll(config);  // votes waiting from any page of this site, whichever ballot this page shows
  }

  function startAll() { document.querySelectorAll("[data-pg-vote]").forEach(start); }

  /* What decides where and how a vote goes. */
  function sending(config) {
    return JSON.stringify([config.provider, config.action, config.fields, config.codes, config.opens, config.closes]);
  }

  /* A new deploy of the site took over this page (its service worker claimed it). Where the new deploy's copy
     of this page sends votes elsewhere or otherwise, this page stops sending and asks to be reloaded: a vote
     made here would go to a form the site no longer uses. Votes waiting on the phone stay there, and the new
     pages send them to the new form (adopt). */
  function checkDeploy() {
    var shown = Object.keys(ballots).filter(function (id) {
      return ballots[id].roots.some(function (root) { return document.contains(root); });
    });
    if (!shown.length) return Promise.resolve();
    // The vote page, which every page's ballot matches and the new worker keeps (this page may be gone from
    // the new deploy).
    return votePageBallots("vote/", "default").then(function (live) {
      if (live === null) return;  // offline again, or no answer: the next page is the new deploy's
      var sendingNow = live.map(sending);
      shown.forEach(function (id) {
        if (sendingNow.indexOf(sending(ballots[id].config)) < 0) markReplaced(id);
      });
    });
  }

  /* This page's ballot ``id`` no longer says where and how the site's votes go: it stops sending, and its
     notice asks for a reload. */
  function markReplaced(id) {
    var ballot = ballots[id];
    ballot.replaced = true;
    clearTimeout(ballot.timer);
    ballot.timer = null;
    eachForm(ballot.config, function (root, form) {
      if (form.pgVoteWaiting) say(form, "", "");  // the notice says what becomes of it; no retry from here
      setBusy(root, ballot.config, form, false);
    });
  }

  /* Whether voting on this page's ballot has closed by the site as published now, before a waiting vote is
     dropped as late: a deploy may have moved 'closes' on since this page was saved (the committee extends the
     vote when the Wi-Fi was bad). Resolves true (closed: drop it), false (the site's vote page holds this
     ballot still open: this page is marked replaced, and the vote waits for the new pages) or null (no answer:
     keep it). Asked once per page and ballot, past the browser's cache and the site worker. */
  var closings = {};

  function stillClosed(config) {
    if (!closings[config.ballot]) {
      closings[config.ballot] = votePageBallots("vote/index.html", "no-cache").then(function (live) {
        if (live === null) {
          delete closings[config.ballot];
          return null;
        }
        var open = live.some(function (other) {
          return other.ballot === config.ballot && (other.closes === null || now() < other.closes);
        });
        if (open) markReplaced(config.ballot);
        return !open;
      });
    }
    return closings[config.ballot];
  }

  /* The ballots (their settings) on the site's vote page at ``path`` (relative to the site root), fetched
     with ``cache`` (a fetch cache mode): [] where the site has no vote page any more (404), null when no
     answer came. */
  function votePageBallots(path, cache) {
    var options = { credentials: "same-origin", cache: cache };
    return fetchWithin(new URL(path, SITE_ROOT).href, options, function (response) {
      return response.ok ? response.text() : response.status === 404 ? "" : null;
    }).then(function (html) {
      if (html === null) return null;
      var found = [];
      new DOMParser().parseFromString(html, "text/html").querySelectorAll("[data-pg-vote]").forEach(function (root) {
        try { found.push(JSON.parse(root.getAttribute("data-pg-vote"))); } catch (e) { /* not a ballot */ }
      });
      return found;
    }).catch(function () { return null; });
  }

  /* read(response) of fetch(url, options), both cut off after TIMEOUT_MS. */
  function fetchWithin(url, options, read) {
    var controller = typeof AbortController === "function" ? new AbortController() : null;
    var timer = controller ? setTimeout(function () { controller.abort(); }, TIMEOUT_MS) : null;
    if (controller) options.signal = controller.signal;
    return fetch(url, options).then(read).then(function (value) {
      clearTimeout(timer);
      return value;
    }, function (error) {
      clearTimeout(timer);
      throw error;
    });
  }

  /* A page from the phone's saved copy of the site while the site's worker saves a newer deploy beside it
     (site_sw.js): its votes wait until that is done, at most NEW_DEPLOY_WAIT_MS, as the new deploy may send
     votes to another form (checkDeploy). They wait on the phone, where they are safe. Not on a first visit
     (no worker controls the page yet): the first copy of the site is saved after the page, not before it. */
  var NEW_DEPLOY_WAIT_MS = 60000;
  var newDeploy = null;  // while a newer deploy is being saved: the promise of its end

  /* Follows the site worker's installs from the start of the page, so that a send never waits to ask: two tabs
     asking for the send lock at once must ask at once (see exclusively). */
  function watchDeploys() {
    var workers = window.navigator.serviceWorker;
    if (!workers || typeof workers.getRegistration !== "function") return;
    workers.getRegistration().then(function (registration) {
      if (!registration) return;
      // A new deploy already saved may wait to take over (the worker in place still answers another tab): its
      // votes wait for it as for one being saved.
      follow(registration.installing || registration.waiting);
      registration.addEventListener("updatefound", function () { follow(registration.installing); });
    }).catch(function () { /* no worker: pages come from the network */ });
  }

  function follow(worker) {
    if (!worker || newDeploy || !window.navigator.serviceWorker.controller) return;
    newDeploy = new Promise(function (resolve) {
      var timer = setTimeout(resolve, NEW_DEPLOY_WAIT_MS);
      worker.addEventListener("statechange", function () {
        if (worker.state !== "activated" && worker.state !== "redundant") return;
        clearTimeout(timer);
        resolve();
      });
    }).then(function () {
      return worker.state === "activated" ? checkDeploy() : undefined;
    }).then(function () {
      newDeploy = null;
      resume();  // what waited is sent now, unless this page was replaced
    });
  }

  window.addEventListener("online", resume);
  watchDeploys();
  if (window.navigator.serviceWorker) window.navigator.serviceWorker.addEventListener("controllerchange", checkDeploy);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") resume();  // phones hold back timers of pages out of sight
    else lastChance();
  });
  window.addEventListener("pagehide", lastChance);  // (some browsers close a tab without saying it went out of sight)
  /* Another tab sent, queued or replaced a vote of a ballot shown here. */
  window.addEventListener("storage", function (event) {
    Object.keys(ballots).forEach(function (id) {
      var prefix = "pg-vote:" + id + ":";
      var ours = event.key && event.key.indexOf(prefix) === 0;
      var match = ours ? /^(?:queue|choice):([^:]+)(?::[0-9a-f]+)?$/.exec(event.key.slice(prefix.length)) : null;
      if (match) update(ballots[id].config, match[1]);
    });
  });

  // The page loads this script async, after its ballots: they start now, while the rest of the page (Material's
  // bundle above all) may still be on its way. Once the page is whole, any ballot after it starts too, and so do
  // those of each page Material's instant navigation swaps in without a reload (this module runs once): Material's
  // document$ starts them, followed from then on, its bundle run.
  function whenWhole() {
    startAll();
    if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(startAll);
  }
  startAll();
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", whenWhole);
  else whenWhole();
})();
