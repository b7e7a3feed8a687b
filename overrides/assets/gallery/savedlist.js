/*
 * My list, the pure part: lists of poster slugs kept in the browser and carried in an address. No DOM here,
 * so tests/js/savedlist.test.mjs runs every function under Node.
 *
 * A shared list travels as list/?p=slug1,slug2 (slugs are letters, digits and hyphens, so the commas need no
 * escaping and the address stays readable). Its length is bounded twice: at most MAX_SHARED posters and
 * MAX_SHARED_CHARS characters, so that its QR code stays small enough for a phone camera to read from
 * another phone's screen. Whatever an address or the storage holds is checked against the slug rule of the
 * Python side (stages/load.py SLUG_RE, MAX_SLUG_LENGTH; tests/js holds them together).
 */

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const MAX_SLUG_LENGTH = 80;
export const MAX_SAVED = 300; // posters one browser keeps in its list
export const MAX_SEEN = 2000; // posters remembered as seen; the oldest are forgotten first
export const MAX_SHARED = 60; // posters one shared address carries
export const MAX_SHARED_CHARS = 1000; // characters of the p= value
const MAX_READ_CHARS = 8000; // of an address's p= value, read at all

export function isSlug(value) {
  return typeof value === "string" && value.length <= MAX_SLUG_LENGTH && SLUG_PATTERN.test(value);
}

/** The valid slugs of `values`, each once, in their order, at most `max`. */
export function cleanList(values, max = MAX_SAVED) {
  const out = [];
  const seen = new Set();
  for (const value of Array.isArray(values) ? values : []) {
    if (out.length >= max) break;
    if (isSlug(value) && !seen.has(value)) {
      seen.add(value);
      out.push(value);
    }
  }
  return out;
}

/** `list` with `slug` added at the end (on) or taken out (off); the oldest go when the list is full. */
export function withSlug(list, slug, on, max = MAX_SAVED) {
  const rest = list.filter((s) => s !== slug);
  if (!on) return rest;
  rest.push(slug);
  return rest.slice(Math.max(0, rest.length - max));
}

/** `list` followed by the slugs of `incoming` it lacks, as far as `max` allows: {list, added}. */
export function mergeLists(list, incoming, max = MAX_SAVED) {
  const out = list.slice(0, max);
  const have = new Set(out);
  let added = 0;
  for (const slug of incoming) {
    if (out.length >= max) break;
    if (!have.has(slug)) {
      have.add(slug);
      out.push(slug);
      added += 1;
    }
  }
  return { list: out, added };
}

/**
 * The p= value for `slugs`, taking them in order while they fit both bounds: {value, count}, where count
 * is how many of `slugs` it carries.
 */
export function encodeList(slugs) {
  const parts = [];
  let length = 0;
  for (const slug of slugs) {
    const extra = slug.length + (parts.length ? 1 : 0);
    if (parts.length >= MAX_SHARED || length + extra > MAX_SHARED_CHARS) break;
    parts.push(slug);
    length += extra;
  }
  return { value: parts.join(","), count: parts.length };
}

/** The query string of a shared list ("?p=a,b"), and how many of `slugs` it carries. */
export function shareQuery(slugs) {
  const { value, count } = encodeList(slugs);
  return { query: count ? "?p=" + value : "", count };
}

/**
 * A shared list read from a query string: {shared, slugs, invalid, over}. `shared` is false when the
 * address has no p=; `invalid` counts the values that are no slug (and the rest of an overlong value);
 * `over` counts the slugs past MAX_SHARED, which are left out.
 */
export function decodeList(search) {
  const params = new URLSearchParams(search);
  if (!params.has("p")) return { shared: false, slugs: [], invalid: 0, over: 0 };
  let text = params.getAll("p").join(",");
  let invalid = 0;
  if (text.length > MAX_READ_CHARS) {
    text = text.slice(0, MAX_READ_CHARS);
    text = text.slice(0, text.lastIndexOf(",") + 1);
    invalid += 1;
  }
  const slugs = [];
  const seen = new Set();
  let over = 0;
  for (const part of text.split(",")) {
    const slug = part.trim().toLowerCase();
    if (!slug) continue;
    if (!isSlug(slug)) {
      invalid += 1;
    } else if (!seen.has(slug)) {
      seen.add(slug);
      if (slugs.length < MAX_SHARED) slugs.push(slug);
      else over += 1;
    }
  }
  return { shared: true, slugs, invalid, over };
}

/**
 * Posters (manifest entries) in the order of the hall: by board when they have one ("A2" before "A10"),
 * those without a board after them by title, then by slug.
 */
export function hallOrder(posters, locale) {
  const collator = new Intl.Collator(locale || undefined, { numeric: true, sensitivity: "base" });
  const board = (p) => (p.board === undefined || p.board === null || p.board === "" ? null : String(p.board));
  return posters.slice().sort((a, b) => {
    const ba = board(a);
    const bb = board(b);
    if (ba !== null || bb !== null) {
      if (ba === null) return 1;
      if (bb === null) return -1;
      const byBoard = collator.compare(ba, bb);
      if (byBoard) return byBoard;
    }
    return collator.compare(String(a.title || ""), String(b.title || "")) || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0);
  });
}

/**
 * Lists kept under `prefix` in `storage()` (localStorage), or in memory for the page's lifetime when the
 * browser refuses it (private mode, storage turned off or full). `persistent` turns false at the first
 * refusal; every list keeps working from memory from then on.
 */
export function openStore(storage, prefix) {
  const memory = new Map();
  const store = { persistent: true };
  let backing = null;
  try {
    backing = storage();
    if (!backing) throw new Error("no storage");
    backing.getItem(prefix + "probe");
  } catch (e) {
    backing = null;
    store.persistent = false;
  }
  store.read = (name, max) => {
    if (memory.has(name)) return memory.get(name).slice();
    let values = [];
    if (backing) {
      try {
        values = JSON.parse(backing.getItem(prefix + name) || "[]");
      } catch (e) {
        values = []; // anything else on this origin may have written there
      }
    }
    const list = cleanList(values, max);
    memory.set(name, list);
    return list.slice();
  };
  store.write = (name, list) => {
    memory.set(name, list.slice());
    if (!backing) return false;
    try {
      backing.setItem(prefix + name, JSON.stringify(list));
      return true;
    } catch (e) {
      store.persistent = false;
      backing = null;
      return false;
    }
  };
  /** Forget the memory of `name`, so the next read sees what another tab wrote. */
  store.reload = (name) => {
    if (backing) memory.delete(name);
  };
  return store;
}
