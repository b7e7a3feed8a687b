/* Module hooks for the tests: the site's scripts under overrides/assets/gallery/ are ES modules named .js
 * (browsers go by the <script type="module"> that loads them), with no package.json above them to say so.
 * Node 20.19 and 22.7 and later recognise them by their import/export; Node 18 and early 20 (Debian 12's
 * Node is 18) would read them as CommonJS, so they are loaded as modules here on every version. Nothing is
 * added to the published site for Node's sake.
 */
const GALLERY = new URL("../../overrides/assets/gallery/", import.meta.url).href;

export async function load(url, context, nextLoad) {
  if (!url.startsWith(GALLERY) || !url.endsWith(".js")) return nextLoad(url, context);
  const loaded = await nextLoad(url, { ...context, format: "module" });
  return { ...loaded, format: "module" };
}
