// Starts the playground: loads the WebAssembly module next to this file.
// An external script (not inline), so the page runs under a strict
// Content-Security-Policy: script-src 'self' 'wasm-unsafe-eval'.
// If the module cannot load, the page says so instead of staying blank.
import init from "./dirtybit-web.js";

function fail(why) {
  const boot = document.getElementById("boot");
  if (!boot) return;
  boot.className = "boot failed";
  boot.setAttribute("role", "alert");
  boot.textContent =
    "The simulator could not start: " + why +
    " It needs WebAssembly; a Content-Security-Policy must allow script-src 'self' 'wasm-unsafe-eval'.";
}

if (typeof WebAssembly !== "object") {
  fail("this browser has no WebAssembly.");
} else {
  init().then(
    () => document.getElementById("boot")?.remove(),
    (e) => fail(String(e && e.message ? e.message : e) + "."),
  );
}
