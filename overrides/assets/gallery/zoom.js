/*
 * The poster page's zoom viewer (PhotoSwipe, vendored, loaded the first time a visitor zooms).
 *
 * Opening the viewer adds an entry to the browser's history (the address ends in #zoom), so the phone's
 * back gesture closes the viewer instead of leaving the page; closing it with its button or Esc takes
 * that entry off again. An address ending in #zoom (a shared link, a reload) opens the viewer at once,
 * with the poster page under it in the history. Where the viewer (its script or its stylesheet) cannot be
 * downloaded, the poster's image opens as the plain link would.
 */
const HASH = "#zoom";
const STATE = "pgZoom"; // marks the history entry the viewer added

let photoSwipe = null; // the module, loaded once

function pageAddress() {
  return location.pathname + location.search;
}

let styles = null; // the viewer's stylesheet: a promise, settled once it applies or could not be downloaded

/** The viewer's stylesheet, added once; the viewer waits for it, as without it it would lie in the page's flow. */
function loadStyles(base) {
  styles = styles || new Promise((resolve, reject) => {
    const css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = new URL("photoswipe.css", base).href;
    css.dataset.pswpCss = "";
    css.onload = resolve;
    css.onerror = () => {
      css.remove();
      styles = null; // the next tap tries again
      reject(new Error("photoswipe.css"));
    };
    document.head.append(css);
  });
  return styles;
}

/** Opens the poster `link` leads to in the viewer, which screen readers name `title`. */
export function initZoom(link, title) {
  const base = new URL("vendor/photoswipe/", import.meta.url);
  let viewer = null; // the open viewer
  let opening = false;
  let closedByHistory = false; // the viewer closes because the visitor went back

  async function open(clicked) {
    if (viewer || opening) return;
    opening = true;
    try {
      const [module] = await Promise.all([
        photoSwipe ? null : import(new URL("photoswipe.esm.min.js", base).href),
        loadStyles(base),
      ]);
      photoSwipe = photoSwipe || module.default;
    } catch (error) {
      // The viewer could not be downloaded (the venue's Wi-Fi): the poster opens as the plain link would, in
      // place of the viewer's history entry, so that back leads to the poster page.
      if (location.hash === HASH) location.replace(link.href);
      return;
    } finally {
      opening = false;
    }
    if (location.hash !== HASH) return; // the visitor went back while the viewer was loading
    const img = link.querySelector("img");
    viewer = new photoSwipe({
      dataSource: [{ src: link.href, width: Number(link.dataset.width), height: Number(link.dataset.height),
        alt: img ? img.alt : "", msrc: img ? img.currentSrc : undefined }],
      index: 0,
      bgOpacity: 0.94,
      wheelToZoom: true,
      secondaryZoomLevel: 1, // double-tap or Z: full resolution, where body text is readable
      maxZoomLevel: 2,
      arrowKeys: false, // one image: arrow keys pan instead
      closeTitle: link.dataset.close,
      zoomTitle: link.dataset.zoomLabel,
      errorMsg: link.dataset.error,
      returnFocus: true,
    });
    viewer.on("firstUpdate", () => viewer.element.setAttribute("aria-label", title)); // a dialog needs a name
    if (!clicked) {
      // Opened from the address or the history, the viewer has no element to give focus back to (it takes
      // the one focused when it opened): focus goes back to the poster, where the visitor sees it.
      viewer.on("destroy", () => link.focus({ preventScroll: true }));
    }
    viewer.on("keydown", ({ originalEvent: e }) => {
      const slide = viewer.currSlide;
      if (!slide || e.ctrlKey || e.metaKey || e.altKey) return;
      const step = { "+": 1.5, "=": 1.5, "-": 1 / 1.5, "_": 1 / 1.5 }[e.key];
      if (step) {
        e.preventDefault();
        const level = Math.min(slide.zoomLevels.max, Math.max(slide.zoomLevels.fit, slide.currZoomLevel * step));
        slide.zoomTo(level, undefined, 200);
      } else if (e.key === "0") {
        e.preventDefault();
        slide.zoomTo(slide.zoomLevels.fit, undefined, 200);
      }
    });
    viewer.on("close", () => {
      viewer = null;
      if (closedByHistory) {
        closedByHistory = false;
      } else if (history.state && history.state[STATE] && location.hash === HASH) {
        history.back(); // closed with its button or Esc: take the viewer's entry off the history
      }
    });
    viewer.init();
  }

  link.addEventListener("click", (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    if (location.hash !== HASH) history.pushState({ [STATE]: true }, "", pageAddress() + HASH);
    open(true);
  });

  window.addEventListener("popstate", () => {
    if (location.hash === HASH) {
      open(); // forward again
    } else if (viewer) {
      closedByHistory = true;
      const closing = viewer;
      // The viewer ignores close() while it is still opening: close it once it has opened.
      if (closing.opener.isOpen) closing.close();
      else closing.on("openingAnimationEnd", () => closing.close());
    }
  });

  if (location.hash === HASH) {
    // Opened from an address: the page without #zoom goes under the viewer, so back closes it. Not again on
    // a reload of the viewer's own entry (or a tab the phone discarded and loads again): it has that already.
    if (!(history.state && history.state[STATE])) {
      history.replaceState(null, "", pageAddress());
      history.pushState({ [STATE]: true }, "", pageAddress() + HASH);
    }
    open();
  }
}
