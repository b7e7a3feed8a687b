/* The people's-choice vote, in the visitor's browser.
 *
 * The pages hold plain HTML forms that already work without JavaScript (they post straight to
 * the form service). This script adds: a random voter token kept in localStorage and sent with
 * each vote; sending without leaving the page, saying "sent" only once the request completed;
 * a retry (and, for Google Forms, a link to the form already filled in) when it failed; the
 * remembered choice; a question before a second vote; buttons disabled outside the voting
 * window; the search and ?poster=<id> on the vote page; Tally's form embedded with hidden fields.
 *
 * Everything it needs (addresses, field names, window, words in the site's language) comes from
 * the JSON in the data-pg-vote attribute written by scripts/postergallery/vote.py.
 */
(function () {
  "use strict";
  if (window.pgVoteLoaded) return;
  window.pgVoteLoaded = true;

  var TIMEOUT_MS = 20000;
  var store = openStore();
  var pendingTally = null;

  function openStore() {
    try {
      var probe = "pg-vote:probe";
      window.localStorage.setItem(probe, probe);
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (e) {  // private mode or storage switched off: remember for this page only
      var memory = {};
      return {
        getItem: function (k) { return Object.prototype.hasOwnProperty.call(memory, k) ? memory[k] : null; },
        setItem: function (k, v) { memory[k] = String(v); },
        removeItem: function (k) { delete memory[k]; }
      };
    }
  }

  function fill(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (all, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : all;
    });
  }

  /* ---- the voter token: 128 random bits, one per ballot and browser ---- */

  function voterToken(config) {
    var key = "pg-vote:" + config.ballot + ":token";
    var token = store.getItem(key) || "";
    if (!/^[0-9a-f]{32}$/.test(token)) {
      var bytes = new Uint8Array(16);
      window.crypto.getRandomValues(bytes);
      token = Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
      store.setItem(key, token);
    }
    return token;
  }

  /* ---- what this browser voted for, per ballot (all posters, or one role) ---- */

  function choiceKey(config, scope) { return "pg-vote:" + config.ballot + ":choice:" + scope; }

  function rememberedChoice(config, scope) {
    try { return JSON.parse(store.getItem(choiceKey(config, scope)) || "null"); } catch (e) { return null; }
  }

  function rememberChoice(config, scope, choice, code) {
    store.setItem(choiceKey(config, scope), JSON.stringify({
      poster: choice.poster, title: choice.title, code: code ? fingerprint(code) : ""
    }));
  }

  /* A short fingerprint, so a later vote can tell "same code" without keeping the code itself. */
  function fingerprint(text) {
    var hash = 2166136261;
    for (var i = 0; i < text.length; i++) {
      hash ^= text.charCodeAt(i);
      hash = Math.imul(hash, 16777619) >>> 0;
    }
    return hash.toString(16);
  }

  /* ---- ballot codes: same alphabet and Luhn mod 32 check as scripts/postergallery/codes.py ---- */

  function normaliseCode(text) { return text.toUpperCase().replace(/[\s\u00a0-]/g, ""); }

  function codeIsWellFormed(config, code) {
    var alphabet = config.alphabet, n = alphabet.length;
    if (code.length !== config.codeLength) return false;
    var total = 0, factor = 1;
    for (var i = code.length - 1; i >= 0; i--) {
      var index = alphabet.indexOf(code.charAt(i));
      if (index < 0) return false;
      var addend = factor * index;
      total += Math.floor(addend / n) + (addend % n);
      factor = factor === 1 ? 2 : 1;
    }
    return total % n === 0;
  }

  /* ---- the voting window ---- */

  function windowState(config) {
    var now = Date.now();
    if (config.opens !== null && now < config.opens) return "before";
    if (config.closes !== null && now >= config.closes) return "after";
    return "open";
  }

  function applyWindow(root, config) {
    var state = windowState(config);
    var notice = root.querySelector("[data-pg-vote-notice]");
    if (notice) {
      notice.hidden = state === "open";
      notice.textContent = state === "open" ? "" : config.text[state];
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

  /* Resolves when the service has the vote; rejects with the reason to show. */
  function post(config, data) {
    var controller = typeof AbortController === "function" ? new AbortController() : null;
    var timer = controller ? setTimeout(function () { controller.abort(); }, TIMEOUT_MS) : null;
    var options = { method: "POST", body: data, credentials: "omit", signal: controller ? controller.signal : undefined };
    if (config.provider === "google_forms") {
      // Google answers without CORS headers: the answer cannot be read, only that the request completed.
      options.mode = "no-cors";
    } else {
      options.headers = { Accept: "application/json" };
    }
    return fetch(config.action, options).then(function (response) {
      clearTimeout(timer);
      if (config.provider === "google_forms") return null;
      if (!response.ok) throw fill(config.text["reason.status"], { status: response.status });
      return response.text().then(function (body) {
        var answer = null;
        try { answer = JSON.parse(body); } catch (e) { answer = null; }
        if (answer && (answer.ok === false || answer.success === false || answer.errors || answer.error)) {
          throw fill(config.text["reason.status"], { status: response.status });
        }
        return answer;
      });
    }, function () {
      clearTimeout(timer);
      throw controller && controller.signal.aborted ? config.text["reason.timeout"] : config.text["reason.offline"];
    });
  }

  function setBusy(root, config, form, busy) {
    form.dataset.pgVoteBusy = busy ? "1" : "";
    form.setAttribute("aria-busy", busy ? "true" : "false");
    applyWindow(root, config);
  }

  function send(root, config, form, choice, code) {
    var data = payload(config, choice, code);
    if (config.provider === "tally") {
      openTally(config, form, choice, code, data);
      return;
    }
    setBusy(root, config, form, true);
    say(form, config.text.sending, "busy");
    post(config, data).then(function () {
      rememberChoice(config, form.dataset.scope, choice, code);
      say(form, config.text.sent, "ok");
      showChosen(config, form);
    }, function (reason) {
      var box = say(form, fill(config.text.failed, { reason: reason }), "error");
      var actions = document.createElement("p");
      actions.className = "pg-vote__actions";
      actions.appendChild(button(config.text.retry, function () { send(root, config, form, choice, code); }, true));
      if (config.prefilled) {
        var link = document.createElement("a");
        link.href = config.prefilled + "?usp=pp_url&" + data.toString();
        link.target = "_blank";
        link.rel = "noopener";
        link.className = "pg-vote__prefilled";
        link.textContent = config.text.prefilled;
        actions.appendChild(link);
      }
      box.appendChild(actions);
    }).then(function () { setBusy(root, config, form, false); });
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
    pendingTally = { config: config, form: form, choice: choice, code: code, frame: frame };
  }

  /* Tally's embed tells the page hosting it that the form was sent (a JSON string in a message). */
  window.addEventListener("message", function (event) {
    var pending = pendingTally;
    if (!pending || event.origin !== pending.config.tallyOrigin || event.source !== pending.frame.contentWindow) return;
    if (typeof event.data !== "string" || event.data.indexOf("Tally.FormSubmitted") < 0) return;
    var message = null;
    try { message = JSON.parse(event.data); } catch (e) { return; }
    if (!message || message.event !== "Tally.FormSubmitted") return;
    rememberChoice(pending.config, pending.form.dataset.scope, pending.choice, pending.code);
    say(pending.form, pending.config.text["tally.sent"], "ok");
    showChosen(pending.config, pending.form);
    pendingTally = null;
  });

  function askFirst(root, config, form, before, choice, code) {
    var text = fill(config.codes ? config.text["again.code"] : config.text.again, { title: before.title });
    var box = say(form, text, "ask");
    var actions = document.createElement("p");
    actions.className = "pg-vote__actions";
    actions.appendChild(button(config.text["again.yes"], function () { send(root, config, form, choice, code); }, true));
    actions.appendChild(button(config.text["again.no"], function () { say(form, "", ""); }, false));
    box.appendChild(actions);
    actions.querySelector("button").focus();
  }

  function setUpForm(root, config, form) {
    form.noValidate = true;  // the browser's own bubbles give way to the messages below, in the site's language
    var tokenInput = form.querySelector("[data-pg-vote-token]");
    if (tokenInput) tokenInput.value = voterToken(config);
    showChosen(config, form);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (form.dataset.pgVoteBusy === "1" || windowState(config) !== "open") return;
      var choice = selectedPoster(form);
      if (!choice) {
        say(form, config.text.pick, "error");
        return;
      }
      var code = "";
      if (config.codes) {
        var input = form.querySelector("[data-pg-vote-code]");
        code = normaliseCode(input.value);
        var problem = !code ? config.text["code.missing"] : (!codeIsWellFormed(config, code) ? config.text["code.invalid"] : "");
        input.setAttribute("aria-invalid", problem ? "true" : "false");
        if (problem) {
          say(form, problem, "error");
          input.focus();
          return;
        }
      }
      var before = rememberedChoice(config, form.dataset.scope);
      if (before && (!config.codes || before.code === fingerprint(code))) {
        askFirst(root, config, form, before, choice, code);
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
      count.textContent = words.length ? fill(config.text["search.count"], { count: shown }) : "";
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
    root.querySelectorAll("[data-pg-vote-form]").forEach(function (form) { setUpForm(root, config, form); });
    setUpSearch(root, config);
    preselect(root);
    applyWindow(root, config);
    setInterval(function () { applyWindow(root, config); }, 15000);
  }

  function startAll() { document.querySelectorAll("[data-pg-vote]").forEach(start); }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", startAll);
  } else {
    startAll();
  }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(startAll);  // Material's instant navigation swaps pages without a reload
  }
})();
