/* Ballot codes and voter tokens: ballot.js decides as the count (codes.py, TOKEN_PATTERN) does, on every kind
 * of input Python lists, with the rules the vote page's configuration carries. */
import assert from "node:assert/strict";
import { webcrypto } from "node:crypto";
import { test } from "node:test";

import { gallery, python } from "./site.mjs";

const { codeIsWellFormed, normaliseCode, randomHex, TOKEN_BYTES, tokenIsValid } = await gallery("ballot.js");
const rules = python("python_rules.py");
const config = rules.vote;

test("the page's configuration carries the code and token rules", () => {
  assert.equal(config.alphabet, "23456789ABCDEFGHJKLMNPQRSTUVWXYZ");
  assert.equal(config.codeLength, 8);
  assert.equal(typeof config.codeSeparators, "string");
  assert.equal(config.tokenPattern, "^[0-9a-f]{32}$");
});

test("every kind of typed code is normalised and judged as Python does", () => {
  const kinds = new Map();
  for (const { kind, typed, normalised, wellFormed } of rules.codes) {
    const mine = normaliseCode(typed, config);
    assert.equal(mine, normalised, `${kind} ${JSON.stringify(typed)}`);
    assert.equal(codeIsWellFormed(mine, config), wellFormed, `${kind} ${JSON.stringify(typed)}`);
    const seen = kinds.get(kind) || { valid: 0, invalid: 0 };
    seen[wellFormed ? "valid" : "invalid"] += 1;
    kinds.set(kind, seen);
  }
  // The inputs are what they say: valid codes however typed, every single typo caught, most swaps caught.
  assert.deepEqual(kinds.get("valid"), { valid: 40, invalid: 0 });
  for (const kind of ["as printed", "lower case", "around", "full width", "separator"]) {
    assert.equal(kinds.get(kind).invalid, 0, kind);
  }
  for (const kind of ["typo", "too short", "too long", "doubled", "not a separator"]) {
    assert.equal(kinds.get(kind).valid, 0, kind);
  }
  assert.equal(kinds.get("typo").invalid, 10 * 8 * 38);
  assert.ok(kinds.get("swapped").valid < kinds.get("swapped").invalid / 10, JSON.stringify(kinds.get("swapped")));
  assert.ok(kinds.get("random").valid > 0 && kinds.get("random").invalid > 300, JSON.stringify(kinds.get("random")));
});

test("separators and look-alikes: what a voter types", () => {
  const code = rules.codes.find((c) => c.kind === "valid").typed;
  const shown = `${code.slice(0, 4)}-${code.slice(4)}`;
  for (const typed of [shown, shown.toLowerCase(), ` ${shown}\n`, `${code.slice(0, 4)}\u2013${code.slice(4)}`,
    `${code.slice(0, 4)}\u00a0${code.slice(4)}`, `\u200b${code}\ufeff`]) {
    assert.equal(normaliseCode(typed, config), code, JSON.stringify(typed));
  }
  assert.equal(normaliseCode("abcd_2345", config), "ABCD_2345");
  assert.equal(codeIsWellFormed("ABCD2O45", config), false); // O is never on a card: not guessed to be anything
  assert.equal(codeIsWellFormed("", config), false);
});

test("tokens are accepted as the count accepts them, and the page makes only such tokens", () => {
  for (const { token, valid } of rules.tokens) {
    assert.equal(tokenIsValid(token, config), valid, JSON.stringify(token));
  }
  assert.deepEqual(rules.tokens.map((t) => t.valid).filter(Boolean).length, 22);
  assert.equal(tokenIsValid(null, config), false);
  const made = new Set();
  for (let i = 0; i < 200; i++) made.add(randomHex(TOKEN_BYTES, webcrypto));
  assert.equal(made.size, 200);
  for (const token of made) assert.ok(tokenIsValid(token, config), token);
});
