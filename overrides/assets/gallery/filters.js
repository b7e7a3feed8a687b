/* Which posters an address asks for: the filter words of the gallery, the kiosk slideshow and the printable
 * labels, read and written here for all three.
 *
 *   ?role=trainee,alumni&center=bpvp-bandung&tag=las&poster=las-smaw-dari-nol
 *
 * Values are the slugs the gallery uses in its own addresses (role/alumni/, center/bpvp-bandung/, tag/las/).
 * A parameter may hold several values separated by commas, or be repeated: the values of one parameter are
 * alternatives (role=trainee,alumni: trainees or alumni), and every parameter given must hold (role AND
 * centre AND topic). The gallery reads role, center and tag; the slideshow and the labels also poster.
 */
export const FILTER_KEYS = Object.freeze(["role", "center", "tag", "poster"]);
const MAX_VALUES = 200; // values kept per parameter: more than a site has centres, and an address stays cheap to read

/** The values in one parameter's texts: split at commas, trimmed, in lower case, each once, in order. */
export function splitValues(texts) {
  const values = [];
  for (const text of texts) {
    for (const part of String(text).split(",")) {
      const value = part.trim().toLowerCase();
      if (value && !values.includes(value) && values.length < MAX_VALUES) values.push(value);
    }
  }
  return values;
}

/** {role: [...], center: [...], ...}: the values of each of `keys` present in the query string `search`. */
export function readFilters(search, keys = FILTER_KEYS) {
  const params = new URLSearchParams(search);
  const filters = {};
  for (const key of keys) {
    const values = splitValues(params.getAll(key));
    if (values.length) filters[key] = values;
  }
  return filters;
}

/** Whether a poster {slug, role, center, tags: [...]} (all slugs) is one the filters ask for. */
export function matchesFilters(filters, poster) {
  return FILTER_KEYS.every((key) => {
    const wanted = filters[key];
    if (!wanted || !wanted.length) return true;
    const has = key === "tag" ? poster.tags : [key === "poster" ? poster.slug : poster[key]];
    return has.some((value) => wanted.includes(value));
  });
}

/**
 * "?key=value&…" for the [key, value] pairs in the order given ("" when none has a value). A list is written
 * as its values separated by commas, which stay commas (role=trainee,alumni): the address reads as it is typed.
 */
export function writeQuery(pairs) {
  const params = new URLSearchParams();
  for (const [key, value] of pairs) {
    const text = Array.isArray(value) ? value.join(",") : String(value ?? "");
    if (text) params.set(key, text);
  }
  const query = params.toString().replace(/%2C/gi, ",");
  return query ? "?" + query : "";
}

/**
 * Shows `values` in a filter's <select>: none is its first choice ("all"), one is that value's own choice, and
 * several (or a value without a choice of its own) are one more choice that names them all, e.g.
 * "Peserta Pelatihan (3), Alumni (4)", added once and kept, so the visitor can go back to it. The choice's
 * value is the values separated by commas, which splitValues reads back.
 */
export function showInSelect(select, values) {
  const value = values.join(",");
  const options = Array.from(select.options);
  let several = options.find((o) => "pgSeveral" in o.dataset);
  if (value && !options.some((o) => o.value === value && o !== several)) {
    if (!several) {
      several = select.ownerDocument.createElement("option");
      several.dataset.pgSeveral = "";
      select.add(several);
    }
    const byValue = new Map(options.map((o) => [o.value, o.textContent]));
    several.value = value;
    several.textContent = values.map((v) => byValue.get(v) ?? v).join(", ");
  }
  select.value = value;
}

/**
 * A text as the gallery's search compares it: in lower case, without accents ("e" finds "é") and without
 * apostrophes, which keyboards write differently (an iPhone's ’, an Android's '): "ma'ruf" finds "Ma’ruf",
 * and "nuraini" finds "Nur'aini".
 */
export function foldText(text) {
  return (text || "").normalize("NFD").replace(/[\u0300-\u036f'`\u00b4\u2018\u2019\u02bc]/g, "").toLowerCase();
}
