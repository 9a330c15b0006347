// Loads the lesson module (a second WebAssembly module) when a lesson
// opens, so the page's first paint carries no lesson code. The playground
// adds this script when it needs it; the module mounts into #lesson-root.
import init from "./dirtybit-lessons-web.js";

const style = document.createElement("link");
style.rel = "stylesheet";
style.href = "lessons.css";
document.head.appendChild(style);

init().catch((e) => {
  const slot = document.getElementById("lesson-root");
  if (slot) {
    slot.setAttribute("role", "alert");
    slot.textContent = "The lessons could not load: " + String(e && e.message ? e.message : e) + ".";
  }
});
