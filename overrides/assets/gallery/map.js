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
  // The marker in the middle of the plan's scrolling area, the plan's top just below the page header.
  const reduce = matchMedia("(prefers-reduced-motion: reduce)").matches;
  mark.scrollIntoView({ block: "center", inline: "center", behavior: reduce ? "auto" : "smooth" });
}

choose();
addEventListener("hashchange", choose);
