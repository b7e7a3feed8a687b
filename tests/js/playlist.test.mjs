/* playlist.js: the slideshow's orders, for every order the settings accept (kiosk.py ORDERS). */
import assert from "node:assert/strict";
import { test } from "node:test";

import { gallery, python } from "./site.mjs";

const { firstRound, nextRound, shuffled, SORTED_ORDERS, sortedSlugs, withNewcomers } = await gallery("playlist.js");
const { orders, boardOrder } = python("python_rules.py");

const POSTERS = {
  las: { title: "Las SMAW", date: "2024-01-10", board: "A10" },
  ekonomi: { title: "Ékonomi Kreatif", date: "2024-01-30", board: "A2" },
  kopi: { title: "kedai Kopi", date: "", board: null },
  ac: { title: "AC Hemat", date: "2024-01-30" },
  bengkel: { title: "Bengkel", date: "2023-12-01", board: "A-1" },
};
const SLUGS = Object.keys(POSTERS);

/** A repeatable stand-in for Math.random. */
function seeded(seed) {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
}

test("every order the settings accept is one the slideshow shows", () => {
  assert.deepEqual(orders, ["shuffle", "title", "newest", "board"]);
  assert.deepEqual([...SORTED_ORDERS].sort(), orders.filter((order) => order !== "shuffle").sort());
  for (const order of SORTED_ORDERS) assert.equal(sortedSlugs(SLUGS, order, POSTERS, "id").length, SLUGS.length);
  assert.throws(() => sortedSlugs(SLUGS, "random", POSTERS, "id"), /no such order: random/);
});

test("title: accents and case aside; newest: newest first, the same date by title, undated last", () => {
  assert.deepEqual(sortedSlugs(SLUGS, "title", POSTERS, "id"), ["ac", "bengkel", "ekonomi", "kopi", "las"]);
  assert.deepEqual(sortedSlugs(SLUGS, "newest", POSTERS, "id"), ["ac", "ekonomi", "las", "bengkel", "kopi"]);
  const twins = { b: { title: "Sama" }, a: { title: "sama" } };
  assert.deepEqual(sortedSlugs(["b", "a"], "title", twins, "id"), ["a", "b"]); // the same title: by slug
  assert.deepEqual(SLUGS, ["las", "ekonomi", "kopi", "ac", "bengkel"]); // the list given is left as it was
});

test("board: as people count boards (A-1, A2, A10), as the build sorts them; posters without a board last, by title", () => {
  assert.deepEqual(sortedSlugs(SLUGS, "board", POSTERS, "id"), ["bengkel", "ekonomi", "las", "ac", "kopi"]);
  const boards = ["B1", "A10", "A2", "10", "9", "A2-B", "A-1"];
  const posters = Object.fromEntries(boards.map((board) => [board, { title: "Sama", board }]));
  assert.deepEqual(sortedSlugs(boards, "board", posters, "id"), boardOrder); // the map page's list (board_key)
});

test("shuffle: every poster once per round, the start first, a new round never repeats the last poster", () => {
  for (let seed = 1; seed < 200; seed++) {
    const random = seeded(seed);
    const first = firstRound(SLUGS, "kopi", random);
    assert.equal(first[0], "kopi");
    assert.deepEqual([...first].sort(), [...SLUGS].sort());
    const next = nextRound(first, first.at(-1), random);
    assert.notEqual(next[0], first.at(-1));
    assert.deepEqual([...next].sort(), [...SLUGS].sort());
  }
  assert.deepEqual(firstRound(SLUGS, "nowhere", () => 0.99), SLUGS); // a start not in the list: no change
  const orders = new Set(Array.from({ length: 300 }, (_, seed) => shuffled(SLUGS, seeded(seed + 1)).join(" ")));
  assert.ok(orders.size > 60, orders.size); // of 120 possible orders
});

test("a changed poster list keeps the order, drops what left and puts newcomers ahead of the current poster", () => {
  const playlist = ["a", "b", "c", "d", "e"];
  for (let seed = 1; seed < 100; seed++) {
    const after = withNewcomers(playlist, ["e", "d", "x", "b", "a", "y"], "b", seeded(seed));
    assert.deepEqual(after.filter((slug) => !["x", "y"].includes(slug)), ["a", "b", "d", "e"]);
    assert.ok(after.indexOf("x") > after.indexOf("b") && after.indexOf("y") > after.indexOf("b"), after.join(" "));
  }
  assert.deepEqual(withNewcomers(["a", "b"], ["b"], "a", Math.random), ["b"]);
});
