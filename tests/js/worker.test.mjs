/* The kiosk's service worker as the build writes it: it keeps for good exactly the files whose names the build
 * makes from their content (renditions and QR codes), and nothing else. */
import assert from "node:assert/strict";
import { test } from "node:test";
import vm from "node:vm";

import { python } from "./site.mjs";

const { worker, paths } = python("python_rules.py");

/** The worker's top-level variables, as a browser would set them up for a slideshow at `scope`. */
function start(scope) {
  const listeners = {};
  const context = vm.createContext({
    URL, Headers, Response: class {}, Promise, caches: {}, fetch() {},
    self: { registration: { scope }, addEventListener: (type, fn) => { listeners[type] = fn; } },
  });
  vm.runInContext(worker, context);
  return { context, listeners };
}

test("the files the worker keeps for good are the ones named by their content", () => {
  const { context, listeners } = start("https://example.org/poster-gallery/kiosk/");
  assert.deepEqual(Object.keys(listeners).sort(), ["activate", "fetch", "install", "message"]);
  assert.equal(paths.filter((p) => p.cacheable).length, 13); // six renditions in two formats, and the QR code
  for (const { path, cacheable } of paths) assert.equal(context.CACHEABLE.test(path), cacheable, path);
});
