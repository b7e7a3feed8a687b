/* The kiosk slideshow's order of posters: pure functions of the poster list, used by kiosk.js.
 *
 * The orders a slideshow address may ask for are the ones the build accepts in mkdocs.yml
 * (scripts/postergallery/features/kiosk.py ORDERS), which the page's configuration carries: "shuffle" is
 * shuffled() and the functions after it, every other order is sortedSlugs(). `random` is Math.random
 * unless a caller (a test) passes its own.
 */

/** Posters by title (accents and case aside, in the site's language), then by slug. */
function byTitle(posters, lang) {
  const collator = new Intl.Collator(lang, { sensitivity: "base" });
  return (a, b) => collator.compare(posters[a].title, posters[b].title) || (a < b ? -1 : a > b ? 1 : 0);
}

const SORTED = {
  title: byTitle,
  /** Newest date first, posters without a date last; the same date by title. */
  newest(posters, lang) {
    const title = byTitle(posters, lang);
    return (a, b) => {
      const da = posters[a].date || "", db = posters[b].date || "";
      return da === db ? title(a, b) : (da < db ? 1 : -1);
    };
  },
  /** By board number as people count them (A2 before A10), posters without a board last, by title. */
  board(posters, lang) {
    const title = byTitle(posters, lang);
    const numeric = new Intl.Collator("en", { numeric: true, sensitivity: "base" });
    return (a, b) => {
      const ba = posters[a].board || "", bb = posters[b].board || "";
      return (!ba - !bb) || numeric.compare(ba, bb) || title(a, b);
    };
  },
};

/** The orders that sort (every order but "shuffle"). */
export const SORTED_ORDERS = Object.freeze(Object.keys(SORTED));

/** `slugs` in `order` (one of SORTED_ORDERS); `posters` maps a slug to its {title, date}. */
export function sortedSlugs(slugs, order, posters, lang) {
  if (!SORTED[order]) throw new Error(`no such order: ${order}`);
  return slugs.slice().sort(SORTED[order](posters, lang));
}

/** A copy of `list` in a random order (Fisher–Yates). */
export function shuffled(list, random = Math.random) {
  const copy = list.slice();
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

/** The first round of a shuffled show: a random order, starting with `start` when it is in the list. */
export function firstRound(slugs, start, random = Math.random) {
  const list = shuffled(slugs, random);
  const at = start ? list.indexOf(start) : -1;
  if (at > 0) list.unshift(list.splice(at, 1)[0]);
  return list;
}

/** The next round: a new random order that does not start with `current`, the poster just shown. */
export function nextRound(playlist, current, random = Math.random) {
  const list = shuffled(playlist, random);
  if (list.length > 1 && list[0] === current) list.push(list.shift());
  return list;
}

/**
 * The shuffled playlist after the poster list changed: the posters still wanted keep their places, and a new
 * one comes at a random place still ahead in this round (after `current`), so it shows up soon.
 */
export function withNewcomers(playlist, wanted, current, random = Math.random) {
  const still = new Set(wanted);
  const kept = playlist.filter((slug) => still.has(slug));
  const known = new Set(kept);
  const at = Math.max(0, kept.indexOf(current));
  for (const slug of wanted) {
    if (known.has(slug)) continue;
    kept.splice(at + 1 + Math.floor(random() * (kept.length - at)), 0, slug);
  }
  return kept;
}
