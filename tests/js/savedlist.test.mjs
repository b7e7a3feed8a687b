/* savedlist.js: My list's lists of slugs, kept in the browser and carried in an address, within their bounds. */
import assert from "node:assert/strict";
import { test } from "node:test";

import { gallery, python } from "./site.mjs";

const {
  MAX_SAVED, MAX_SHARED, MAX_SHARED_CHARS, MAX_SLUG_LENGTH, SLUG_PATTERN, cleanList, decodeList, encodeList,
  hallOrder, isSlug, mergeLists, openStore, shareQuery, withSlug,
} = await gallery("savedlist.js");
const RULES = python("python_rules.py").slugs;

/** n distinct slugs of `width` (6 or more) characters each: p000-x, p001-xxx… */
function slugs(n, width = 10) {
  return Array.from({ length: n }, (_, i) => `p${String(i).padStart(3, "0")}-x`.padEnd(width, "x"));
}

test("a slug is what the Python side takes for a poster's folder name", () => {
  assert.equal(SLUG_PATTERN.source, RULES.pattern);
  assert.equal(MAX_SLUG_LENGTH, RULES.max);
  assert.ok(RULES.cases.length >= 20);
  for (const { slug, valid } of RULES.cases) assert.equal(isSlug(slug), valid, JSON.stringify(slug));
  assert.equal(isSlug(null), false);
  assert.equal(isSlug(["las-smaw"]), false);
});

test("a shared list is read from p=, trimmed, in lower case, each slug once, in its order", () => {
  assert.deepEqual(decodeList(""), { shared: false, slugs: [], invalid: 0, over: 0 });
  assert.deepEqual(decodeList("?q=kopi"), { shared: false, slugs: [], invalid: 0, over: 0 });
  assert.deepEqual(decodeList("?p="), { shared: true, slugs: [], invalid: 0, over: 0 });
  assert.deepEqual(decodeList("?p=las-smaw,kopi-gayo"), { shared: true, slugs: ["las-smaw", "kopi-gayo"], invalid: 0, over: 0 });
  assert.deepEqual(decodeList("?p=%20Las-SMAW%20,,kopi-gayo,las-smaw&p=web-kasir"),
    { shared: true, slugs: ["las-smaw", "kopi-gayo", "web-kasir"], invalid: 0, over: 0 });
  assert.deepEqual(decodeList("p=las-smaw%2Ckopi-gayo"), { shared: true, slugs: ["las-smaw", "kopi-gayo"], invalid: 0, over: 0 });
});

test("what is no slug is counted and left out, never kept", () => {
  const read = decodeList("?p=las-smaw,<script>,javascript:alert(1),../../etc,las_smaw,caf%C3%A9," + "x".repeat(81));
  assert.deepEqual(read, { shared: true, slugs: ["las-smaw"], invalid: 6, over: 0 });
});

test("an address carries at most MAX_SHARED posters; the rest is counted", () => {
  const many = slugs(MAX_SHARED + 7, 6);
  const read = decodeList("?p=" + many.join(","));
  assert.deepEqual(read.slugs, many.slice(0, MAX_SHARED));
  assert.equal(read.over, 7);
  assert.equal(read.invalid, 0);
});

test("an overlong address is read only as far as its bound", () => {
  const read = decodeList("?p=" + Array(5000).fill("las-smaw").join(",") + ",kopi-gayo");
  assert.deepEqual(read.slugs, ["las-smaw"]);
  assert.equal(read.invalid, 1);
  const huge = decodeList("?p=" + "a".repeat(100_000));
  assert.deepEqual(huge.slugs, []);
  assert.equal(huge.invalid, 1);
});

test("the link takes the slugs in order while they fit, and says how many it carries", () => {
  assert.deepEqual(encodeList([]), { value: "", count: 0 });
  assert.deepEqual(shareQuery([]), { query: "", count: 0 });
  assert.deepEqual(shareQuery(["las-smaw", "kopi-gayo"]), { query: "?p=las-smaw,kopi-gayo", count: 2 });
  const short = slugs(MAX_SHARED + 5, 6);
  assert.deepEqual(encodeList(short), { value: short.slice(0, MAX_SHARED).join(","), count: MAX_SHARED });
  const long = slugs(40, MAX_SLUG_LENGTH);
  const { value, count } = encodeList(long);
  assert.equal(count, Math.floor((MAX_SHARED_CHARS + 1) / (MAX_SLUG_LENGTH + 1)));
  assert.ok(value.length <= MAX_SHARED_CHARS && value.length + 1 + MAX_SLUG_LENGTH > MAX_SHARED_CHARS);
  assert.equal(value, long.slice(0, count).join(","));
});

test("a link made here reads back as the same list", () => {
  for (const list of [["a"], ["las-smaw", "kopi-gayo", "web-kasir"], slugs(MAX_SHARED, 12)]) {
    const { query, count } = shareQuery(list);
    assert.equal(count, list.length);
    assert.deepEqual(decodeList(query), { shared: true, slugs: list, invalid: 0, over: 0 });
  }
});

test("saving and removing keeps each slug once, the newest last, within the bound", () => {
  assert.deepEqual(withSlug([], "a", true), ["a"]);
  assert.deepEqual(withSlug(["a", "b"], "a", true), ["b", "a"]);
  assert.deepEqual(withSlug(["a", "b"], "a", false), ["b"]);
  assert.deepEqual(withSlug(["a", "b"], "c", false), ["a", "b"]);
  assert.deepEqual(withSlug(["a", "b", "c"], "d", true, 3), ["b", "c", "d"]);
  const full = slugs(MAX_SAVED);
  assert.deepEqual(withSlug(full, "new", true), [...full.slice(1), "new"]);
});

test("merging adds what the list lacks, as far as the bound allows, and counts it", () => {
  assert.deepEqual(mergeLists(["a", "b"], ["b", "c", "d"]), { list: ["a", "b", "c", "d"], added: 2 });
  assert.deepEqual(mergeLists(["a"], ["a"]), { list: ["a"], added: 0 });
  assert.deepEqual(mergeLists(["a", "b"], ["c", "d"], 3), { list: ["a", "b", "c"], added: 1 });
});

test("a stored list is cleaned: valid slugs, each once, at most the bound", () => {
  assert.deepEqual(cleanList(["a", "a", "B", 3, null, "b"]), ["a", "b"]);
  assert.deepEqual(cleanList("a,b"), []);
  assert.deepEqual(cleanList({ length: 2, 0: "a" }), []);
  assert.equal(cleanList(slugs(MAX_SAVED + 10)).length, MAX_SAVED);
});

test("the hall's order: by board when posters have one (A2 before A10), the rest by title after them", () => {
  const posters = [
    { slug: "z", title: "Zebra" },
    { slug: "b10", title: "Apple", board: "A10" },
    { slug: "b2", title: "Yak", board: "A2" },
    { slug: "n7", title: "Mango", board: 7 },
    { slug: "a", title: "apple" },
    { slug: "e", title: "Eel", board: "" },
  ];
  assert.deepEqual(hallOrder(posters, "en").map((p) => p.slug), ["n7", "b2", "b10", "a", "e", "z"]);
  const noBoards = [{ slug: "k", title: "Kopi" }, { slug: "b", title: "Barista" }, { slug: "a2", title: "barista" }];
  assert.deepEqual(hallOrder(noBoards, "id").map((p) => p.slug), ["a2", "b", "k"]);
  assert.deepEqual(noBoards.map((p) => p.slug), ["k", "b", "a2"], "the input is left as it was");
});

/** A localStorage stand-in; `full` makes setItem throw as a full storage does. */
function fakeStorage({ full = false } = {}) {
  const items = new Map();
  return {
    items,
    getItem: (key) => (items.has(key) ? items.get(key) : null),
    setItem: (key, value) => {
      if (full) throw Object.assign(new Error("quota"), { name: "QuotaExceededError" });
      items.set(key, String(value));
    },
  };
}

test("the store keeps lists under the site's prefix and reads back only valid slugs", () => {
  const storage = fakeStorage();
  const store = openStore(() => storage, "pg-mylist:/poster-gallery/:");
  assert.deepEqual(store.read("saved"), []);
  assert.equal(store.write("saved", ["las-smaw", "kopi-gayo"]), true);
  assert.equal(storage.items.get("pg-mylist:/poster-gallery/:saved"), '["las-smaw","kopi-gayo"]');
  assert.equal(store.persistent, true);
  storage.items.set("pg-mylist:/other/:saved", '["x"]');
  storage.items.set("pg-mylist:/poster-gallery/:seen", '["ok","javascript:alert(1)",{"a":1},"ok"]');
  assert.deepEqual(store.read("seen"), ["ok"]);
  storage.items.set("pg-mylist:/poster-gallery/:broken", "{not json");
  assert.deepEqual(store.read("broken"), []);
  const again = openStore(() => storage, "pg-mylist:/poster-gallery/:");
  assert.deepEqual(again.read("saved"), ["las-smaw", "kopi-gayo"]);
});

test("a full or refused storage: the lists still work for the page's lifetime, and the store says so", () => {
  const full = openStore(() => fakeStorage({ full: true }), "p:");
  assert.equal(full.persistent, true);
  assert.equal(full.write("saved", ["a"]), false);
  assert.equal(full.persistent, false);
  assert.deepEqual(full.read("saved"), ["a"]);
  full.write("saved", ["a", "b"]);
  assert.deepEqual(full.read("saved"), ["a", "b"]);
  const refused = openStore(() => { throw new Error("SecurityError"); }, "p:");
  assert.equal(refused.persistent, false);
  assert.deepEqual(refused.read("saved"), []);
  assert.equal(refused.write("saved", ["c"]), false);
  assert.deepEqual(refused.read("saved"), ["c"]);
  const none = openStore(() => null, "p:");
  assert.equal(none.persistent, false);
});

test("reload forgets the memory so that what another tab wrote is read", () => {
  const storage = fakeStorage();
  const store = openStore(() => storage, "p:");
  store.write("saved", ["a"]);
  storage.items.set("p:saved", '["a","b"]');
  assert.deepEqual(store.read("saved"), ["a"]);
  store.reload("saved");
  assert.deepEqual(store.read("saved"), ["a", "b"]);
});
