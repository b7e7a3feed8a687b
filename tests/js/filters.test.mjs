/* filters.js: the filter words of the gallery, the kiosk and the labels, read from and written to addresses. */
import assert from "node:assert/strict";
import { test } from "node:test";

import { gallery } from "./site.mjs";

const { FILTER_KEYS, foldText, matchesFilters, readFilters, splitValues, writeQuery } = await gallery("filters.js");

const WELDING = { slug: "las-smaw", role: "alumni", center: "bpvp-bandung", tags: ["las", "kewirausahaan"] };
const COFFEE = { slug: "kopi-gayo", role: "trainee", center: "bpvp-banda-aceh", tags: ["kewirausahaan"] };
const CASHIER = { slug: "web-kasir", role: "instructor", center: "bbpvp-bekasi", tags: [] };
const ALL = [WELDING, COFFEE, CASHIER];

function shown(search) {
  const filters = readFilters(search);
  return ALL.filter((poster) => matchesFilters(filters, poster)).map((poster) => poster.slug);
}

test("one value, several separated by commas, or the parameter repeated", () => {
  assert.deepEqual(readFilters("?role=alumni"), { role: ["alumni"] });
  assert.deepEqual(readFilters("?role=trainee,alumni"), { role: ["trainee", "alumni"] });
  assert.deepEqual(readFilters("?role=trainee%2Calumni"), { role: ["trainee", "alumni"] });
  assert.deepEqual(readFilters("?role=trainee&role=alumni"), { role: ["trainee", "alumni"] });
  assert.deepEqual(readFilters("role=trainee&center=bpvp-bandung&tag=las&poster=las-smaw"),
    { role: ["trainee"], center: ["bpvp-bandung"], tag: ["las"], poster: ["las-smaw"] });
});

test("values are trimmed, in lower case, each once; empty ones and other parameters are left out", () => {
  assert.deepEqual(readFilters("?role= Alumni ,,ALUMNI,&center=&tag=%20&q=kopi&sort=newest&interval=5"),
    { role: ["alumni"] });
  assert.deepEqual(readFilters(""), {});
  assert.deepEqual(splitValues(["a, b", "b,c", " "]), ["a", "b", "c"]);
});

test("only the keys asked for are read: the gallery has no poster filter", () => {
  assert.deepEqual(FILTER_KEYS, ["role", "center", "tag", "poster"]);
  assert.deepEqual(readFilters("?role=alumni&poster=las-smaw", ["role", "center", "tag"]), { role: ["alumni"] });
});

test("the values of one parameter are alternatives, and every parameter given must hold", () => {
  assert.deepEqual(shown(""), ["las-smaw", "kopi-gayo", "web-kasir"]);
  assert.deepEqual(shown("?role=trainee,alumni"), ["las-smaw", "kopi-gayo"]);
  assert.deepEqual(shown("?role=trainee,alumni&center=bpvp-bandung"), ["las-smaw"]);
  assert.deepEqual(shown("?tag=kewirausahaan"), ["las-smaw", "kopi-gayo"]);
  assert.deepEqual(shown("?tag=las,kewirausahaan&role=trainee"), ["kopi-gayo"]);
  assert.deepEqual(shown("?poster=web-kasir,kopi-gayo"), ["kopi-gayo", "web-kasir"]);
  assert.deepEqual(shown("?role=nobody"), []);
  assert.deepEqual(shown("?role=nobody,instructor"), ["web-kasir"]);
  assert.deepEqual(shown("?tag=las&center=bbpvp-bekasi"), []);
});

test("a very long list is cut, not read without end", () => {
  const many = Array.from({ length: 1000 }, (_, i) => `c${i}`).join(",");
  assert.equal(readFilters(`?center=${many}`).center.length, 200);
});

test("addresses are written in the order given, lists with plain commas, empty values left out", () => {
  assert.equal(writeQuery([["q", "kopi susu"], ["role", ["trainee", "alumni"]], ["center", []], ["sort", ""]]),
    "?q=kopi+susu&role=trainee,alumni");
  assert.equal(writeQuery([["role", ["alumni"]], ["center", ["bpvp-padang"]]]), "?role=alumni&center=bpvp-padang");
  assert.equal(writeQuery([["q", ""], ["role", []]]), "");
  assert.equal(writeQuery([["q", "a&b=c,d"], ["size", "a5"]]), "?q=a%26b%3Dc,d&size=a5");
});

test("what is written reads back as the same filters", () => {
  for (const filters of [{ role: ["trainee", "alumni"] }, { center: ["bpvp-bandung"], tag: ["las", "k3"] },
    { role: ["alumni"], center: ["a", "b"], tag: ["c"], poster: ["d", "e", "f"] }]) {
    const query = writeQuery(FILTER_KEYS.map((key) => [key, filters[key] || []]));
    assert.deepEqual(readFilters(query), filters, query);
  }
  assert.equal(new URLSearchParams(writeQuery([["q", "kopi, teh & susu"]])).get("q"), "kopi, teh & susu");
});

test("the search's words: any case, accents and apostrophes as any keyboard writes them, or none", () => {
  assert.equal(foldText("Siti Nur’aini — KOPÍ Gayo"), "siti nuraini — kopi gayo");
  for (const name of ["Ma'ruf", "Ma’ruf", "Ma‘ruf", "Maʼruf", "Ma`ruf", "Ma´ruf", "maruf", "MA'RUF"]) {
    assert.equal(foldText(name), "maruf", name);
  }
  assert.equal(foldText("Syafi’i"), foldText("syafi'i"));
  assert.equal(foldText(undefined), "");
});
