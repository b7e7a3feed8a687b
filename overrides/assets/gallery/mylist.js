/*
 * My list, visitor side: a save button on every poster card and poster page, a "seen" mark on the cards of
 * the posters this browser has opened, and the page list/ that shows the saved posters and carries them to
 * another phone by a link and its QR code (drawn here with Lean QR, vendored, loaded only on that page).
 *
 * Everything stays in this browser (localStorage, under a key of this site's own address, since every site
 * under one host shares the storage); when the browser refuses to keep it, the lists live as long as the
 * page and the page says so. Without JavaScript none of these controls is shown: the cards' buttons and
 * marks are made here, and the poster page's button is hidden by the .no-js rule.
 *
 * The words come from the page's configuration (data-pg-mylist, written by _mylist.html.j2).
 */
import {
  MAX_SEEN, MAX_SHARED, decodeList, hallOrder, isSlug, mergeLists, openStore, shareQuery, withSlug,
} from "./savedlist.js";

const SVG = "http://www.w3.org/2000/svg";
const BOOKMARK = "M6 3h12a1 1 0 0 1 1 1v17l-7-4.5L5 21V4a1 1 0 0 1 1-1z";
const EYE = "M12 5C6.5 5 2.7 9.3 1.5 12c1.2 2.7 5 7 10.5 7s9.3-4.3 10.5-7C21.3 9.3 17.5 5 12 5zm0 11a4 4 0 1 1 0-8 4 4 0 0 1 0 8z";

function format(template, values) {
  return String(template || "").replace(/\{(\w+)\}/g, (_, key) => (key in values ? values[key] : ""));
}

function plural(words, name, count) {
  return format(count === 1 ? words[name + "One"] : words[name], { count });
}

function icon(path) {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  const shape = document.createElementNS(SVG, "path");
  shape.setAttribute("d", path);
  svg.append(shape);
  return svg;
}

/**
 * The configuration: the site's root, the poster list and the words of the cards and the poster page from
 * data-pg-mylist (_mylist.html.j2); on the list page also its own words, as JSON (features/mylist.py).
 */
function readConfig() {
  const holder = document.querySelector("[data-pg-mylist]");
  if (!holder) return null;
  const d = holder.dataset;
  const cfg = {
    root: d.root, manifest: d.manifest,
    words: { save: d.wordSave, seen: d.wordSeen, count: d.wordCount, unkept: d.wordUnkept },
  };
  const page = document.querySelector("[data-pg-mylist-page]");
  if (page) {
    try {
      Object.assign(cfg.words, JSON.parse(page.dataset.pgMylistPage).words);
    } catch (e) { /* the page then shows what it can */ }
  }
  return cfg;
}

const config = readConfig();
if (config) start(config);

function start(cfg) {
  const words = cfg.words || {};
  const site = new URL(cfg.root || "./", location.href);
  const store = openStore(() => window.localStorage, "pg-mylist:" + site.pathname + ":");
  let saved = store.read("saved");
  let seen = store.read("seen", MAX_SEEN);
  const buttons = new Map(); // slug -> its save buttons on this page
  const listeners = []; // called after the saved list changed
  let savedSet = null; // while cards are being made: the lists as sets, for a thousand cards
  let seenSet = null;

  function showUnkept() {
    if (store.persistent) return;
    for (const note of document.querySelectorAll("[data-pg-mylist-unkept]")) {
      if (note.hidden) {
        note.hidden = false;
        note.textContent = words.unkept;
      }
    }
  }

  function refresh() {
    savedSet = seenSet = null;
    const set = new Set(saved);
    for (const [slug, list] of buttons) {
      for (const button of list) button.setAttribute("aria-pressed", String(set.has(slug)));
    }
    for (const count of document.querySelectorAll("[data-pg-mylist-count]")) {
      count.textContent = saved.length ? format(words.count, { count: saved.length }) : "";
    }
    for (const listener of listeners) listener();
  }

  function setSaved(slug, on) {
    saved = withSlug(saved, slug, on);
    store.write("saved", saved);
    refresh();
    showUnkept();
  }

  function attach(button, slug) {
    if (!buttons.has(slug)) buttons.set(slug, []);
    buttons.get(slug).push(button);
    button.addEventListener("click", () => {
      setSaved(slug, button.getAttribute("aria-pressed") !== "true");
    });
  }

  function decorateCard(card) {
    savedSet = savedSet || new Set(saved);
    seenSet = seenSet || new Set(seen);
    const slug = card.dataset.slug;
    const title = card.querySelector(".pg-card__title");
    if (!isSlug(slug) || !title || card.querySelector(".pg-save")) return;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "pg-save pg-save--card";
    button.setAttribute("aria-pressed", String(savedSet.has(slug)));
    button.setAttribute("aria-label", format(words.save, { title: title.textContent }));
    button.append(icon(BOOKMARK));
    card.append(button);
    attach(button, slug);
    if (seenSet.has(slug)) markSeen(card, true);
  }

  /** The card's "seen" mark, added or taken away (reread: a poster opened in another tab, or since this page was left). */
  function markSeen(card, on) {
    const mark = card.querySelector(".pg-card__seen");
    if (!on) {
      if (mark) mark.remove();
      return;
    }
    if (mark || !card.querySelector(".pg-save")) return;
    const made = document.createElement("span");
    made.className = "pg-card__seen";
    made.append(icon(EYE), document.createTextNode(" "));
    const text = document.createElement("span");
    text.textContent = words.seen;
    made.append(text);
    (card.querySelector(".pg-card__text") || card.querySelector(".pg-card__link") || card).append(made);
  }

  // The poster page: it counts as seen once opened; its button is in the page already.
  const article = document.querySelector("article.pg-poster[data-slug]");
  if (article && isSlug(article.dataset.slug)) {
    const slug = article.dataset.slug;
    seen = withSlug(seen, slug, true, MAX_SEEN);
    store.write("seen", seen);
    for (const button of document.querySelectorAll("button[data-pg-save]")) attach(button, slug);
  }
  for (const card of document.querySelectorAll(".pg-grid > .pg-card[data-slug]")) decorateCard(card);

  const page = document.querySelector("[data-pg-mylist-page]");
  if (page) initListPage(page, cfg, { store, words, decorateCard, listeners, getSaved: () => saved, setMerged });

  function setMerged(list) {
    saved = list;
    store.write("saved", saved);
    refresh();
    showUnkept();
  }

  /** The lists as stored now, written by another tab or page: the buttons, the count and the seen marks follow. */
  function reread() {
    store.reload("saved");
    store.reload("seen");
    saved = store.read("saved");
    seen = store.read("seen", MAX_SEEN);
    refresh();
    // Only here: saving changes no seen mark, and decorateCard marks each card it makes.
    const seenNow = new Set(seen);
    for (const card of document.querySelectorAll(".pg-grid > .pg-card[data-slug]")) {
      markSeen(card, seenNow.has(card.dataset.slug));
    }
  }
  // Another tab saved or removed a poster: follow it.
  window.addEventListener("storage", (event) => {
    if (event.key && event.key.startsWith("pg-mylist:" + site.pathname + ":")) reread();
  });
  // Back to this page as it was left (the back/forward cache): what was opened or saved since then shows, as
  // no storage event reaches a page while it is kept there.
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) reread();
  });
  refresh();
  showUnkept();
}

/* ---------------------------------------------------------------- list page --- */

function card(poster, root, lazy) {
  const li = document.createElement("li");
  li.className = "pg-card";
  li.dataset.slug = poster.slug;
  const link = document.createElement("a");
  link.className = "pg-card__link";
  link.href = new URL(`poster/${poster.slug}/`, root).href; // from the checked slug, as the site lays it out
  const thumb = poster.images && poster.images.thumb;
  if (thumb && typeof thumb.src === "string") {
    const img = document.createElement("img");
    img.className = "pg-card__img";
    img.src = new URL(thumb.src, root).href;
    img.width = Number(thumb.width) || 0;
    img.height = Number(thumb.height) || 0;
    img.alt = "";
    img.decoding = "async";
    if (lazy) img.loading = "lazy";
    if (typeof poster.placeholder === "string" && /^#[0-9a-f]{6}$/i.test(poster.placeholder)) {
      img.style.backgroundColor = poster.placeholder;
    }
    link.append(img);
  } else {
    const missing = document.createElement("span");
    missing.className = "pg-card__img pg-card__img--missing";
    missing.setAttribute("aria-hidden", "true");
    link.append(missing);
  }
  // The title and the authors beside a small thumbnail: a phone shows several saved posters at once.
  const text = document.createElement("span");
  text.className = "pg-card__text";
  const title = document.createElement("span");
  title.className = "pg-card__title";
  title.textContent = String(poster.title || poster.slug);
  const authors = document.createElement("span");
  authors.className = "pg-card__authors";
  authors.textContent = Array.isArray(poster.authors) ? poster.authors.map(String).join(", ") : "";
  text.append(title, authors);
  link.append(text);
  li.append(link);
  return li;
}

async function initListPage(page, cfg, ctx) {
  const { words } = ctx;
  const root = new URL(cfg.root || "../", location.href);
  const shared = decodeList(location.search);
  const status = page.querySelector("[data-pg-list-status]");
  let posters = null;
  try {
    const response = await fetch(new URL(cfg.manifest, location.href));
    const data = response.ok ? await response.json() : null;
    posters = data && Array.isArray(data.posters) ? data.posters.filter((p) => p && isSlug(p.slug)) : null;
  } catch (e) {
    posters = null;
  }
  if (!posters) {
    status.textContent = words.unreachable;
    return;
  }
  const bySlug = new Map(posters.map((p) => [p.slug, p]));
  const lang = document.documentElement.lang || undefined;

  function fill(grid, slugs) {
    const entries = hallOrder(slugs.filter((s) => bySlug.has(s)).map((s) => bySlug.get(s)), lang);
    grid.replaceChildren(...entries.map((p, i) => card(p, root, i >= 4)));
    for (const li of grid.children) ctx.decorateCard(li);
    return entries.map((p) => p.slug);
  }

  if (shared.shared) {
    const box = page.querySelector("[data-pg-shared]");
    box.hidden = false;
    const known = shared.slugs.filter((s) => bySlug.has(s));
    const unknown = shared.slugs.length - known.length + shared.invalid;
    box.querySelector("[data-pg-shared-count]").textContent = plural(words, "sharedCount", known.length);
    const problems = box.querySelector("[data-pg-shared-unknown]");
    // A link made by hand past what one link carries: the posters after the first MAX_SHARED are not shown.
    const said = [unknown ? plural(words, "unknown", unknown) : "", shared.over ? format(words.over, { max: MAX_SHARED }) : ""];
    problems.textContent = said.filter(Boolean).join(" ");
    problems.hidden = !problems.textContent;
    fill(box.querySelector("[data-pg-shared-grid]"), known);
    const merge = box.querySelector("[data-pg-merge]");
    const mergeStatus = box.querySelector("[data-pg-merge-status]");
    merge.hidden = known.length === 0;
    merge.addEventListener("click", () => {
      const { list, added } = mergeLists(ctx.getSaved(), known);
      ctx.setMerged(list);
      mergeStatus.textContent = plural(words, "added", added);
    });
  }

  const own = page.querySelector("[data-pg-own]");
  own.hidden = false;
  const grid = own.querySelector("[data-pg-own-grid]");
  const empty = own.querySelector("[data-pg-empty]");
  const share = own.querySelector("[data-pg-share]");
  const link = share.querySelector("[data-pg-share-link]");
  const partial = share.querySelector("[data-pg-share-partial]");
  const canvas = share.querySelector("[data-pg-qr]");
  let shown = [];
  let lastUrl = null;

  async function drawCode(url) {
    try {
      const { generate, correction } = await import(new URL("vendor/lean-qr/lean-qr.min.mjs", import.meta.url).href);
      generate(url, { minCorrectionLevel: correction.L }).toCanvas(canvas, {
        on: [0, 0, 0, 255], off: [255, 255, 255, 255], padX: 4, padY: 4,
      });
      canvas.setAttribute("aria-label", format(words.qr, { url }));
      canvas.hidden = false;
    } catch (e) {
      canvas.hidden = true;
    }
  }

  function updateShare() {
    // The list's order on the page is the hall's, and the link keeps it.
    const saved = new Set(ctx.getSaved());
    const slugs = shown.filter((s) => saved.has(s)).concat(ctx.getSaved().filter((s) => !shown.includes(s) && bySlug.has(s)));
    const { query, count } = shareQuery(slugs);
    share.hidden = count === 0;
    const url = location.origin + location.pathname + query;
    partial.hidden = count === slugs.length;
    partial.textContent = count < slugs.length ? format(words.partial, { count, total: slugs.length }) : "";
    if (count && url !== lastUrl) {
      lastUrl = url;
      link.href = url;
      link.textContent = url;
      drawCode(url);
    }
  }

  // Saved posters the poster list lacks: taken out of the gallery by a later deploy, or (for a few minutes
  // after a deploy) newer than the phone's saved copy of the site. They are said, and taken out of the list
  // only when the visitor asks, so that a poster saved from a newer page is never lost.
  const missing = own.querySelector("[data-pg-missing]");
  const missingText = missing.querySelector("[data-pg-missing-text]");
  const missingRemove = missing.querySelector("[data-pg-missing-remove]");
  missingRemove.addEventListener("click", () => {
    const saved = ctx.getSaved();
    const kept = saved.filter((s) => bySlug.has(s));
    ctx.setMerged(kept);
    missing.hidden = false; // after the listener: it says what was done, where the button was
    missingRemove.hidden = true;
    missingText.textContent = plural(words, "missingRemoved", saved.length - kept.length);
    missing.focus();
  });

  function showMissing() {
    const count = ctx.getSaved().filter((s) => !bySlug.has(s)).length;
    if (count) {
      missingText.textContent = plural(words, "missing", count);
      missingRemove.hidden = false;
    }
    missing.hidden = count === 0;
  }

  function render() {
    const mine = ctx.getSaved().filter((s) => bySlug.has(s));
    shown = fill(grid, mine);
    empty.hidden = shown.length > 0;
    status.textContent = plural(words, "ownCount", shown.length);
    showMissing();
    updateShare();
  }
  render();
  // A poster removed here stays on the page (its button undoes it) until the page is opened again; the
  // link follows at once. A poster added (a merged list, another tab) appears.
  ctx.listeners.push(() => {
    const mine = ctx.getSaved().filter((s) => bySlug.has(s));
    if (mine.some((s) => !shown.includes(s))) render();
    else {
      status.textContent = plural(words, "ownCount", mine.length);
      showMissing();
      updateShare();
    }
  });
}
