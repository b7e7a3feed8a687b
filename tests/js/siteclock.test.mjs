/* siteclock.js: the site's clock from an answer's Date header, as vote.js and kiosk.js read it. */
import assert from "node:assert/strict";
import { test } from "node:test";

import { gallery } from "./site.mjs";

const { CLOCK_SLACK_MS, skewFromDate } = await gallery("siteclock.js");

const SENT = Date.parse("2024-01-30T01:00:00Z");

test("a device three hours behind gets the three hours, taken from the middle of the request", () => {
  const header = new Date(SENT + 3 * 3600_000 + 1_000).toUTCString(); // "Tue, 30 Jan 2024 04:00:01 GMT"
  // Date counts whole seconds: the site's time is taken as half a second into the second it names.
  assert.equal(skewFromDate(header, SENT, SENT + 2_000), 3 * 3600_000 + 1_000 + 500 - 1_000);
  assert.equal(skewFromDate(header, SENT - 3 * 3600_000, SENT - 3 * 3600_000 + 2_000), 6 * 3600_000 + 500);
});

test("clocks within the slack agree, and one past it does not", () => {
  const header = new Date(SENT).toUTCString();
  assert.equal(skewFromDate(header, SENT, SENT), 0);
  assert.equal(skewFromDate(header, SENT - CLOCK_SLACK_MS + 500, SENT - CLOCK_SLACK_MS + 500), 0);
  assert.equal(skewFromDate(header, SENT - CLOCK_SLACK_MS, SENT - CLOCK_SLACK_MS), CLOCK_SLACK_MS + 500);
  assert.equal(CLOCK_SLACK_MS, 5000);
});

test("an answer without a readable Date tells no time", () => {
  for (const header of [null, "", "yesterday"]) assert.ok(Number.isNaN(skewFromDate(header, SENT, SENT)));
});
