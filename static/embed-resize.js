// For a course page that embeds dirtybit: sizes each dirtybit iframe to its
// content, so the page has one scrollbar, not one per frame. The embedded
// page posts "dirtybit:height:N" whenever it renders.
window.addEventListener("message", (e) => {
  if (typeof e.data !== "string" || !e.data.startsWith("dirtybit:height:")) return;
  const height = parseInt(e.data.slice("dirtybit:height:".length), 10);
  for (const frame of document.querySelectorAll("iframe")) {
    if (frame.contentWindow === e.source && height > 0) {
      frame.style.height = height + "px";
    }
  }
});
