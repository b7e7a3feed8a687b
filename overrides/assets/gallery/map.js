/* The floor plan page (map/): brings the board the address names (map/#board-A12) into view inside the
 * plan, and says which poster hangs there. Without this script the board is still highlighted (CSS :target)
 * and the browser still scrolls to it; every marker and the list of boards are plain links. */
const root = document.querySelector("[data-pg-map]");

function choose() {
  if (!root) return;
  const chosen = root.querySelector("[data-pg-map-chosen]");
  for (const el of root.querySelectorAll(".pg-map__mark--chosen, .pg-map__list--chosen")) {
    el.classList.remove("pg-map__mark--chosen", "pg-map__list--chosen");
  }
  let id = "";
  try {
    id = decodeURIComponent(location.hash.slice(1));
  } catch {
    id = "";
  }
  const mark = id.startsWith("board-") ? document.getElementById(id) : null;
  if (!mark || !mark.classList.contains("pg-map__mark")) {
    chosen.hidden = true;
    return;
  }
  mark.classList.add("pg-map__mark--chosen");
  const item = root.querySelector(`.pg-map__list li[data-board="${CSS.escape(mark.dataset.board)}"]`);
  if (item) item.classList.add("pg-map__list--chosen");
  chosen.textContent = chosen.dataset.template.replace("{board}", mark.dataset.board).replace("{title}", mark.dataset.title);
  chosen.hidden = false;
  // After the browser's own scroll to the address's #board-…, which it makes until the page has loaded.
  if (document.readyState === "complete") bringIntoView(mark, chosen);
  else addEventListener("load", () => bringIntoView(mark, chosen), { once: true });
}

/** The marker in the middle of the plan's scrolling area, and the page scrolled so that the sentence naming
 * the board shows just below the page's header, the plan under it (the marker brought to the middle of the
 * window hid the sentence under the header on a phone). */
function bringIntoView(mark, chosen) {
  const behavior = matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth";
  const area = mark.closest(".pg-map__scroll");
  const box = area.getBoundingClientRect();
  const at = mark.getBoundingClientRect();
  area.scrollBy({ left: at.left + at.width / 2 - (box.left + area.clientWidth / 2),
    top: at.top + at.height / 2 - (box.top + area.clientHeight / 2), behavior });
  const header = document.querySelector(".md-header");
  const below = header ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
  scrollBy({ top: chosen.getBoundingClientRect().top - below - 8, behavior });
}

choose();
addEventListener("hashchange", choose);
