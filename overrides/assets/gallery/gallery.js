/*
 * Poster gallery, visitor side. Plain JavaScript, no dependencies; the zoom viewer
 * (PhotoSwipe, vendored) is loaded only when a visitor opens it.
 *
 * - Gallery page: filters by role, centre, topic and text, sort; the state lives in the URL
 *   (?q=kopi&role=alumni&center=bpvp-bandung&tag=las&sort=newest) so a view can be shared,
 *   survives a reload and the back button. Role, centre and topic are read as the kiosk and the
 *   labels read them (filters.js): role=trainee,alumni shows both roles.
 * - Any grid of cards: remembers the list a visitor opened a poster from (sessionStorage), so
 *   the poster page's previous/next follow that list.
 * - Poster page: zoom (pinch, double-tap, wheel, keyboard; zoom.js, imported on poster pages only, so that
 *   the other pages never wait for it), share (Web Share API, else copy).
 *
 * Without JavaScript every page still shows everything and every link works.
 */
import { foldText as fold, matchesFilters, readFilters, showInSelect, splitValues, writeQuery } from "./filters.js";

const BROWSE_KEY = "pg-browse";
const LIST_KEYS = ["role", "center", "tag"]; // filters that take several values (lists of slugs)
const SORTS = ["title", "center", "newest", "board"];


function format(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, key) => (key in values ? values[key] : ""));
}

/** Cards by board number as people count them (A2 before A10), the cards without a board last, by title. */
function boardOrder(cards) {
  const numeric = new Intl.Collator("en", { numeric: true, sensitivity: "base" });
  const board = (card) => card.el.dataset.board || "";
  return cards.slice().sort((a, b) => (!board(a) - !board(b)) || numeric.compare(board(a), board(b)) || a.index - b.index);
}

/** {q, role: [...], center: [...], tag: [...], sort} from a query string. */
function readState(search) {
  const params = new URLSearchParams(search);
  const lists = readFilters(search, LIST_KEYS);
  const state = { q: (params.get("q") || "").trim(), sort: (params.get("sort") || "").trim() };
  for (const key of LIST_KEYS) state[key] = lists[key] || [];
  if (!SORTS.includes(state.sort)) state.sort = "title";
  return state;
}

/** The address of a state, always in the same order: ?q=…&role=…&center=…&tag=…&sort=… */
function stateQuery(state) {
  return writeQuery([["q", state.q], ...LIST_KEYS.map((key) => [key, state[key]]),
    ["sort", state.sort === "title" ? "" : state.sort]]);
}

/* ------------------------------------------------------------------ gallery --- */

function initGallery(root) {
  const form = root.querySelector("[data-filters]");
  const grid = root.querySelector(".pg-grid");
  if (!form || !grid) return;
  const status = form.querySelector(".pg-filters__status");
  const noMatch = root.querySelector(".pg-nomatch");
  const clear = form.querySelector("[type=reset]");
  const collator = new Intl.Collator(document.documentElement.lang || undefined, { sensitivity: "base" });
  const cards = Array.from(grid.children).map((el, index) => ({
    el,
    index,
    hit: false, // whether the card has data-hit (is shown), kept here to avoid reading the DOM
    slug: el.dataset.slug,
    role: el.dataset.role,
    center: el.dataset.center,
    tags: (el.dataset.tags || "").split(" ").filter(Boolean),
    date: el.dataset.date || "",
    title: el.querySelector(".pg-card__title").textContent,
    centerName: el.querySelector(".pg-card__center").textContent,
    // The topics (as in their addresses: "teknologi-informasi") and the board number printed in the hall count too.
    text: fold([el.querySelector(".pg-card__title").textContent, el.querySelector(".pg-card__authors").textContent,
      el.querySelector(".pg-card__center").textContent, el.dataset.program, el.dataset.tags, el.dataset.board].join(" ")),
  }));
  const orders = {
    title: cards.slice(),
    center: cards.slice().sort((a, b) => collator.compare(a.centerName, b.centerName) || a.index - b.index),
    newest: cards.slice().sort((a, b) => (b.date > a.date ? 1 : b.date < a.date ? -1 : a.index - b.index)),
    board: boardOrder(cards),
  };
  const STEP = 96; // enough cards to fill any screen, few enough to lay out quickly on a phone
  let limit = STEP;
  let lastKey = null;
  let matched = []; // the cards that match, in the order shown
  let current = null; // the state the page shows
  // How many cards the visitor had revealed, kept in the history entry: Back from a poster to a list the phone
  // loads again (it kept no copy of the page) shows as many cards as before, so the place the browser scrolls
  // back to holds the card the visitor opened, not the end of a shorter list.
  const SHOWN = "pgShown";
  const kept = history.state && history.state[SHOWN];
  let restore = kept && typeof kept.key === "string" && Number.isInteger(kept.limit) ? kept : null;
  // The card a visitor opened, and where it stood on the screen: Back puts it there again. The browser's own
  // scroll restoration puts back the distance from the top, and the cards above that were never drawn since
  // the list came again (content-visibility) are laid out at a guessed height: the card came back up to a
  // screen away, or off it.
  const opened = restore && typeof restore.slug === "string" && Number.isFinite(restore.top) ? restore : null;
  let leftByCard = false;
  grid.addEventListener("click", (event) => {
    const link = event.target.closest("a.pg-card__link");
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const card = link.closest(".pg-card");
    const top = Math.round(card.getBoundingClientRect().top);
    history.replaceState({ ...history.state, [SHOWN]: { key: lastKey, limit, slug: card.dataset.slug, top } }, "");
    history.scrollRestoration = "manual"; // this entry only, and only when left by a card
    leftByCard = true;
  });
  // Left by any other way (a link in the header, a reload): the browser's own restoration, as on any page. Set
  // as the page goes, not as it comes back: Chromium reads the setting when it restores, after this script ran.
  window.addEventListener("pagehide", () => { if (!leftByCard) history.scrollRestoration = "auto"; });
  window.addEventListener("pageshow", (event) => { if (event.persisted) leftByCard = false; });
  const more = root.querySelector(".pg-more");
  more.addEventListener("click", () => {
    limit += STEP;
    apply(current, false);
    history.replaceState({ ...history.state, [SHOWN]: { key: lastKey, limit } }, "");
  });
  // Reveal the next cards before the visitor reaches the end of the list.
  if ("IntersectionObserver" in window) {
    new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && !more.hidden) more.click();
    }, { rootMargin: "0px 0px 1500px 0px" }).observe(more);
  }
  grid.gallery = { matchedSlugs: () => matched.map((c) => c.el) };
  let summaries = null; // slug -> folded summary, fetched the first time a visitor types
  let texts = null; // slug -> the folded words on the poster (poster/texts.json), likewise
  let searchLoading = 0; // downloads of those two on their way: "no poster matches" waits for them

  function loadSummaries() {
    if (summaries) return;
    summaries = {};
    texts = {};
    let failed = false;
    const url = new URL(root.dataset.manifest || "poster/posters.json", document.baseURI);
    const load = (address, take) => {
      searchLoading += 1;
      fetch(address).then((r) => {
        if (!r.ok) throw new Error(String(r.status));
        return r.json();
      }).then(take).catch(() => {
        failed = true;
      }).finally(() => {
        searchLoading -= 1;
        apply(current, false);
        // A download that failed (the venue's Wi-Fi) is tried again with the next words typed, not at once.
        if (!searchLoading && failed) summaries = texts = null;
      });
    };
    load(url, (data) => {
      for (const p of data.posters || []) summaries[p.slug] = fold(p.summary || "");
    });
    load(new URL("texts.json", url), (data) => {
      for (const [slug, words] of Object.entries(data.texts || {})) texts[slug] = fold(String(words));
    });
  }

  // Keeping the page's card order equal to the visible order (for reading and keyboard order)
  // without moving a thousand cards at once: when the sort changes, the shown cards move first,
  // the hidden rest follows in small batches between frames.
  let domSort = "title"; // the order all cards are in on the page
  let pending = 0; // the batch job that is moving the hidden cards, if any

  function placeCards(ordered, sort, shownCards) {
    if (sort === domSort) return;
    domSort = null; // until the last batch has moved: a sort back to the old order moves the cards again
    if (shownCards.some((card, i) => grid.children[i] !== card.el)) {
      const fragment = document.createDocumentFragment();
      for (const card of shownCards) fragment.appendChild(card.el);
      grid.prepend(fragment);
    }
    clearTimeout(pending);
    let next = 0;
    const moveBatch = () => {
      const fragment = document.createDocumentFragment();
      for (const stop = Math.min(next + 150, ordered.length); next < stop; next += 1) {
        if (!ordered[next].hit) fragment.appendChild(ordered[next].el);
      }
      grid.appendChild(fragment);
      if (next < ordered.length) pending = setTimeout(moveBatch, 16);
      else domSort = sort;
    };
    pending = setTimeout(moveBatch, 16);
  }

  function matches(card, state, words) {
    if (!matchesFilters(state, card)) return false;
    const summary = (summaries && summaries[card.slug]) || "";
    const text = (texts && texts[card.slug]) || "";
    return words.every((w) => card.text.includes(w) || summary.includes(w) || text.includes(w));
  }

  function apply(state, fillForm = true) {
    if (fillForm) {
      // Values the form has no choice for (an old or mistyped address) are left out, as if not asked for.
      const known = (field, value) => [...field.options].some((o) => o.value === value
        && !("pgSeveral" in o.dataset));
      for (const key of LIST_KEYS) {
        const field = form.elements[key];
        state[key] = field ? state[key].filter((value) => known(field, value)) : [];
        if (field) showInSelect(field, state[key]);
      }
      if (!known(form.elements.sort, state.sort)) state.sort = "title";
      form.elements.sort.value = state.sort;
      // Only when the words differ: rewriting the box would move the visitor's caret or drop a trailing space.
      if (form.elements.q.value.trim() !== state.q) form.elements.q.value = state.q;
    }
    current = state;
    if (state.q) loadSummaries();
    const words = fold(state.q).split(/\s+/).filter(Boolean);
    const ordered = orders[state.sort] || orders.title;
    // At most `limit` matching cards are shown (more on request or when scrolled near the end), and
    // only cards whose state changes are touched: filtering stays quick with a thousand posters.
    const key = stateQuery(state);
    if (key !== lastKey) {
      limit = restore && restore.key === key ? Math.min(Math.max(restore.limit, STEP), cards.length) : STEP;
    }
    restore = null;
    lastKey = key;
    matched = [];
    for (const card of ordered) {
      const match = matches(card, state, words);
      const visible = match && matched.length < limit;
      if (match) matched.push(card);
      if (card.hit !== visible) {
        card.el.toggleAttribute("data-hit", visible);
        card.hit = visible;
      }
    }
    const shown = matched.length;
    const rest = shown - Math.min(shown, limit);
    more.hidden = rest === 0;
    const next = Math.min(rest, STEP);
    more.textContent = format(next === 1 ? more.dataset.labelOne : more.dataset.label, { count: next });
    placeCards(ordered, state.sort, matched.slice(0, limit));
    // Each sentence comes in the form for a total of exactly one poster (…One) and for any other number.
    const one = cards.length === 1;
    status.textContent = shown === cards.length
      ? format(one ? form.dataset.statusAllOne : form.dataset.statusAll, { total: cards.length })
      : format(one ? form.dataset.statusSomeOne : form.dataset.statusSome, { shown, total: cards.length });
    if (noMatch) noMatch.hidden = shown > 0 || searchLoading > 0;
    // "Clear filters" only when something is filtered or sorted: on a phone it takes a line of its own, a
    // line of posters fewer on the first screen.
    clear.hidden = !state.q && !LIST_KEYS.some((key) => state[key].length) && state.sort === "title";
  }

  /**
   * Puts the shown state in the address. Material opens its own search dialog when the address holds ?q= as
   * its bundle starts, and this script may run before the bundle, at the end of the page, has arrived: until
   * the page has been read to its end, the words stay out of the address, and go in once it has.
   */
  function writeAddress(push, entry = null) {
    const state = document.readyState === "loading" ? { ...current, q: "" } : current;
    const url = location.pathname + stateQuery(state) + location.hash;
    if (url !== location.pathname + location.search + location.hash) {
      history[push ? "pushState" : "replaceState"](entry, "", url);
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => writeAddress(false, history.state));
  }

  let typing = false;
  function update(push) {
    const state = { q: form.elements.q.value.trim(), sort: form.elements.sort.value };
    for (const key of LIST_KEYS) state[key] = form.elements[key] ? splitValues([form.elements[key].value]) : [];
    apply(state, false);
    writeAddress(push);
  }

  const toggle = form.querySelector(".pg-filters__toggle");
  function setOpen(open) {
    form.classList.toggle("is-open", open);
    toggle.setAttribute("aria-expanded", String(open));
  }
  toggle.addEventListener("click", () => setOpen(!form.classList.contains("is-open")));

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    form.elements.q.blur();
  });
  form.addEventListener("change", (event) => {
    if (event.target.name !== "q") update(true);
  });
  form.addEventListener("input", (event) => {
    if (event.target.name !== "q") return;
    update(!typing); // one history entry per typing session, not per letter
    typing = true;
  });
  form.elements.q.addEventListener("blur", () => { typing = false; });
  form.addEventListener("reset", (event) => {
    event.preventDefault();
    for (const key of LIST_KEYS) if (form.elements[key]) form.elements[key].value = "";
    form.elements.q.value = "";
    form.elements.sort.value = "title";
    update(true);
    // The button just pressed is hidden now: focus stays in the form. On a touch screen not in the search box,
    // where it would open the keyboard over the posters just brought back, but on the sentence that counts them.
    const next = matchMedia("(pointer: coarse)").matches ? status : form.elements.q;
    if (next === status) status.tabIndex = -1;
    next.focus({ preventScroll: true });
  });
  window.addEventListener("popstate", () => {
    // Back while the box kept its focus (a phone's first Back only closes the keyboard): what is typed next
    // is a new search in a new entry, not a change of the entry gone back to.
    typing = false;
    apply(readState(location.search));
  });

  // The page's <head> took ?q= out of the address so Material's search would not claim it.
  const params = new URLSearchParams(location.search);
  if (typeof window.__galleryQuery === "string") params.set("q", window.__galleryQuery);
  const first = readState("?" + params.toString());
  // On a slow connection the form shows well before this script runs: what the visitor typed or chose
  // meanwhile wins over the address, as a change made a moment later would.
  const changed = (field) => field && field.value !== (field.type === "select-one"
    ? ([...field.options].find((o) => o.defaultSelected) || field.options[0] || { value: "" }).value
    : field.defaultValue);
  if (changed(form.elements.q)) {
    first.q = form.elements.q.value.trim();
    typing = document.activeElement === form.elements.q; // the rest of this typing goes into the same entry
  }
  for (const key of LIST_KEYS) if (changed(form.elements[key])) first[key] = splitValues([form.elements[key].value]);
  if (changed(form.elements.sort)) first.sort = form.elements.sort.value;
  if (LIST_KEYS.some((key) => first[key].length) || first.sort !== "title") setOpen(true); // q is never folded away
  grid.setAttribute("data-gallery-grid", ""); // from now on only cards marked data-hit show
  apply(first); // leaves out what the form has no choice for: the address below is the one the form shows
  writeAddress(false, history.state);
  if (opened) {
    const card = cards.find((c) => c.slug === opened.slug);
    // Not among the cards shown (the list changed with a new version of the site): the list's top.
    if (card && card.hit) {
      const top = Math.min(Math.max(opened.top, 0), innerHeight - 1);
      window.scrollTo(0, window.scrollY + card.el.getBoundingClientRect().top - top);
    }
  }
  // Once: a reload later is not a return from that poster.
  const shown = history.state && history.state[SHOWN];
  if (shown && "slug" in shown) {
    history.replaceState({ ...history.state, [SHOWN]: { key: shown.key, limit: shown.limit } }, "");
  }
}

/* ------------------------------------------------ remember where a poster was opened --- */

function rememberList(grid, label) {
  grid.addEventListener("click", (event) => {
    const link = event.target.closest("a.pg-card__link");
    if (!link) return;
    const visible = grid.gallery ? grid.gallery.matchedSlugs() : Array.from(grid.children);
    const list = visible.map((el) => ({
      slug: el.dataset.slug,
      title: el.querySelector(".pg-card__title").textContent,
      href: el.querySelector("a.pg-card__link").href,
    }));
    try {
      sessionStorage.setItem(BROWSE_KEY, JSON.stringify({ from: location.href, label, list }));
    } catch (e) { /* private mode: previous/next fall back to all posters */ }
  });
}

/* --------------------------------------------------------------- poster page --- */

/**
 * A link restored from sessionStorage, or null unless it is a web address of this site. Every
 * site under one github.io host shares the storage, so what is read back is not necessarily what
 * this site wrote: a `javascript:` or `data:` address must never become a link on the page.
 */
function sameSiteHref(value) {
  try {
    const url = new URL(String(value), location.href);
    const web = url.protocol === "https:" || url.protocol === "http:";
    return web && url.origin === location.origin ? url.href : null;
  } catch (e) {
    return null;
  }
}

/* Whether an address read back from sessionStorage is this page's own (its query and fragment aside). */
function samePage(value) {
  const href = sameSiteHref(value);
  if (!href) return false;
  const path = (p) => p.replace(/\/index\.html$/, "/");
  return path(new URL(href).pathname) === path(location.pathname);
}

function initContext(article) {
  let saved;
  try {
    saved = JSON.parse(sessionStorage.getItem(BROWSE_KEY) || "null");
  } catch (e) {
    saved = null;
  }
  if (!saved || !Array.isArray(saved.list)) return;
  const from = sameSiteHref(saved.from);
  // This poster's entry must lead to this very page: another gallery on the same github.io host keeps its own
  // list under the same key, and a poster there may have this poster's slug.
  const here = saved.list.findIndex((p) => p && p.slug === article.dataset.slug && samePage(p.href));
  if (!from || here < 0) return;
  const context = article.querySelector("[data-context]");
  const back = context.querySelector("a");
  back.href = from;
  back.textContent = "← " + context.dataset.labelResults;
  // Straight from that list (its card tapped): back in the history, where the list is as it was left,
  // scrolled to the card, rather than the list loaded again at its top.
  back.addEventListener("click", (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    if (history.length > 1 && sameSiteHref(document.referrer) === from) {
      event.preventDefault();
      history.back();
    }
  });
  const position = document.createElement("span");
  position.className = "pg-context__position";
  position.textContent = format(context.dataset.labelPosition, { n: here + 1, total: saved.list.length });
  context.append(" ", position);
  const nav = article.querySelector(".pg-prevnext");
  for (const [dir, index] of [["prev", here - 1], ["next", here + 1]]) {
    let link = nav.querySelector(`[data-nav="${dir}"]`);
    const target = saved.list[index];
    const href = target && sameSiteHref(target.href);
    if (!href) {
      if (link) link.remove();
      continue;
    }
    if (!link) {
      link = document.createElement("a");
      link.dataset.nav = dir;
      link.rel = dir;
      link.className = `pg-prevnext__${dir}`;
      link.innerHTML = '<span class="pg-prevnext__dir"></span> <span class="pg-prevnext__title"></span>';
      const label = nav.dataset[dir === "prev" ? "labelPrev" : "labelNext"];
      link.querySelector(".pg-prevnext__dir").textContent = label || (dir === "prev" ? "←" : "→");
      if (dir === "prev") nav.prepend(link);
      else nav.append(link);
    }
    link.href = href;
    link.querySelector(".pg-prevnext__title").textContent = String(target.title || "");
  }
}

function initShare(box, title) {
  const button = box.querySelector("button");
  const status = box.querySelector(".pg-share__status");
  button.addEventListener("click", async () => {
    const url = location.href.split("#")[0];
    if (navigator.share) {
      try {
        await navigator.share({ title, url });
        return;
      } catch (e) {
        if (e && e.name === "AbortError") return; // the visitor closed the share sheet
      }
    }
    try {
      await navigator.clipboard.writeText(url);
      status.textContent = box.dataset.copied;
    } catch (e) {
      status.textContent = box.dataset.failed + " ";
      const field = document.createElement("input");
      field.type = "text";
      field.readOnly = true;
      field.value = url;
      field.className = "pg-share__url";
      field.setAttribute("aria-label", box.dataset.failed);
      status.append(field);
      field.select();
    }
  });
}

function initPoster(article) {
  initContext(article);
  const share = article.querySelector("[data-share]");
  if (share) initShare(share, article.dataset.title);
  const zoom = article.querySelector("a.pg-zoom");
  // Until zoom.js has arrived (poster.html.j2 preloads it), and if it never does, the poster is a plain link
  // to the full image, as without JavaScript.
  if (zoom) import("./zoom.js").then(({ initZoom }) => initZoom(zoom, article.dataset.title), () => {});
}

/**
 * Keeps a region that scrolls sideways (a wide code block or table) reachable from the keyboard: it
 * takes focus while it overflows, so the arrow keys scroll it. Material does this for code blocks on
 * devices with a mouse only, and removes the attribute again on touch screens when it measures the
 * block; a phone with a keyboard or switch access needs it as much, and tables never get it.
 */
function focusableWhileScrollable(region) {
  const update = () => {
    const scrollable = region.scrollWidth > region.clientWidth + 1;
    if (scrollable && region.getAttribute("tabindex") !== "0") {
      region.setAttribute("tabindex", "0");
      region.dataset.pgFocusable = "";
    } else if (!scrollable && "pgFocusable" in region.dataset) {
      region.removeAttribute("tabindex");
      delete region.dataset.pgFocusable;
    }
  };
  new ResizeObserver(update).observe(region);
  new MutationObserver(update).observe(region, {attributes: true, attributeFilter: ["tabindex"]});
}

/** Makes every code block and table box under `root` focusable while it scrolls sideways. */
function watchScrollableRegions(root) {
  const selector = ".md-typeset pre > code, .md-typeset__scrollwrap";
  const seen = new WeakSet();
  const adopt = () => {
    for (const region of root.querySelectorAll(selector)) {
      if (!seen.has(region)) {
        seen.add(region);
        focusableWhileScrollable(region);
      }
    }
    // Material puts each code block's copy button in a <nav> of its own: several unnamed navigation
    // landmarks on one page, none of them navigation. The button stays; the landmark goes.
    for (const nav of root.querySelectorAll(".md-typeset pre > nav.md-code__nav:not([role])")) {
      nav.setAttribute("role", "presentation");
    }
  };
  adopt();
  // Material wraps tables in their scrolling box, and adds the code blocks' buttons, after this script has run.
  if (root.querySelector(".md-typeset table, .md-typeset pre > code")) {
    new MutationObserver(adopt).observe(root, {childList: true, subtree: true});
  }
}

/* -------------------------------------------------------------------- start --- */

// On the gallery page this script runs as soon as it has arrived, right after the cards (home.html.j2), not
// after Material's bundle at the end of the page: the filters work while a crowded network still brings the
// rest. What it does elsewhere waits until the page has been read to its end.
const gallery = document.querySelector("[data-gallery]");
if (gallery) {
  initGallery(gallery);
  const grid = gallery.querySelector(".pg-grid");
  if (grid) rememberList(grid, document.title);
}

function whenWhole() {
  // Material's search dialog has no accessible name; give it the search field's.
  const searchDialog = document.querySelector(".md-search[role=dialog]");
  const searchInput = document.querySelector(".md-search__input");
  if (searchDialog && searchInput && !searchDialog.hasAttribute("aria-label")) {
    searchDialog.setAttribute("aria-label", searchInput.getAttribute("aria-label") || "Search");
  }
  for (const grid of document.querySelectorAll(".pg-grid")) {
    if (!gallery || !gallery.contains(grid)) rememberList(grid, document.title);
  }
  const article = document.querySelector("article.pg-poster");
  if (article) initPoster(article);
  const content = document.querySelector(".md-content");
  if (content) watchScrollableRegions(content);
}
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", whenWhole);
else whenWhole();
