/* What the JavaScript tests share: the site's modules, and the rules as the Python package states them.
 *
 * gallery(name) imports overrides/assets/gallery/<name> as the browser does (see esm-hooks.mjs).
 * python(script) runs a script of tests/js/ with the gallery's Python and returns what it printed, read as
 * JSON: GALLERY_PYTHON when set (the pytest test sets it to its own interpreter), else the checkout's
 * .venv/bin/python (the README's and .ci/run's), else python3 from PATH.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import * as nodeModule from "node:module";
import { fileURLToPath } from "node:url";

// Module hooks came with Node 18.19 and 20.6; Node 20.19, 22.7 and later would also recognise the modules without.
if (typeof nodeModule.register === "function") nodeModule.register("./esm-hooks.mjs", import.meta.url);

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

export function gallery(name) {
  return import(new URL(`../../overrides/assets/gallery/${name}`, import.meta.url).href);
}

function interpreter() {
  if (process.env.GALLERY_PYTHON) return process.env.GALLERY_PYTHON;
  const venv = `${ROOT}.venv/bin/python`;
  return existsSync(venv) ? venv : "python3";
}

export function python(script) {
  const env = { ...process.env, PYTHONPATH: [`${ROOT}scripts`, process.env.PYTHONPATH].filter(Boolean).join(":") };
  const out = execFileSync(interpreter(), [fileURLToPath(new URL(script, import.meta.url))],
    { env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(out);
}
