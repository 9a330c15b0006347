// Page checks, run by `cargo xtask test` against the page it serves with a
// strict Content-Security-Policy (xtask/src/page.rs): the page loads under
// that policy, says so when it cannot start, keeps its address's query,
// passes an axe-core audit at 1280 px and embedded at 700 px, takes the
// keyboard on a fresh load, and fits its frames in the example course page.
// Nothing waits for a fixed time: every wait is on a condition in the page.
//
// usage: node tests/page/check.mjs http://127.0.0.1:PORT/
// (NODE_PATH names a node_modules with playwright-core and axe-core;
// DIRTYBIT_BROWSER the Chromium binary)
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";

const require = createRequire(import.meta.url);
const modules = process.env.NODE_PATH;
const { chromium } = require(path.join(modules, "playwright-core"));
const axeSource = fs.readFileSync(path.join(modules, "axe-core", "axe.min.js"), "utf8");
const base = process.argv[2];
const WAIT = { timeout: 60_000 };

const browser = await chromium.launch({
  executablePath: process.env.DIRTYBIT_BROWSER || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

let passed = 0;
let failed = 0;
async function check(name, body) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    await body(context);
    passed += 1;
    console.log(`ok - ${name}`);
  } catch (e) {
    failed += 1;
    console.log(`not ok - ${name}\n  ${String(e && e.stack ? e.stack : e).split("\n").join("\n  ")}`);
  } finally {
    await context.close();
  }
}

function assert(cond, message) {
  if (!cond) throw new Error(message);
}

async function steps(page, n) {
  for (let i = 0; i < n; i++) {
    const before = await page.textContent("#clock");
    await page.click("#step");
    await page.waitForFunction((b) => document.querySelector("#clock").textContent !== b, before, WAIT);
  }
}

async function audit(page, what) {
  // Through the DevTools protocol, so the page's own policy still holds.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.length} nodes, e.g. ${v.nodes[0].target.join(" ")})`);
  });
  assert(violations.length === 0, `${what}: ${violations.length} axe violations:\n${violations.join("\n")}`);
}

await check("the page runs under a strict Content-Security-Policy", async (context) => {
  const page = await context.newPage();
  const refused = [];
  page.on("console", (m) => { if (m.type() === "error") refused.push(m.text()); });
  page.on("pageerror", (e) => refused.push(String(e)));
  const response = await page.goto(base + "index.html?preset=write-through");
  assert((response.headers()["content-security-policy"] || "").includes("script-src 'self' 'wasm-unsafe-eval'"),
    "the server did not send the policy");
  await page.waitForSelector("#step", WAIT);
  assert(await page.$("#boot") === null, "the loading message stayed");
  await steps(page, 3);
  assert(refused.length === 0, "errors: " + refused.join(" | "));
});

await check("a page whose WebAssembly cannot load says so", async (context) => {
  const page = await context.newPage();
  await page.goto(base + "broken/index.html");
  await page.waitForSelector("#boot.failed", WAIT);
  const text = await page.textContent("#boot");
  assert(text.includes("could not start"), text);
});

await check("a page whose scripts never run says so (no script needed)", async (context) => {
  const page = await context.newPage();
  await page.goto(base + "noscript/index.html");
  // The message fades in by CSS alone, 6 s after the page is shown.
  await page.waitForFunction(() => {
    const slow = document.querySelector(".boot-slow");
    return slow && getComputedStyle(slow).opacity === "1";
  }, null, WAIT);
  const text = await page.textContent("#boot");
  assert(text.includes("scripts did not run") && text.includes("wasm-unsafe-eval"), text);
});

await check("the address keeps index.html and every query parameter", async (context) => {
  const page = await context.newPage();
  await page.goto(base + "index.html?preset=write-behind-hazelcast&embed");
  await page.waitForSelector("#step", WAIT);
  await steps(page, 2);
  // The page writes its address at most every 100 ms: wait for step 2's.
  await page.waitForFunction(() => document.querySelector("main").dataset.addressStep === "2", null, WAIT);
  const where = await page.evaluate(() => [location.pathname, location.search]);
  assert(where[0].endsWith("/index.html"), "path: " + where[0]);
  assert(where[1].includes("embed") && where[1].includes("preset=write-behind-hazelcast"), "query: " + where[1]);
  await page.reload();
  await page.waitForSelector("#step", WAIT);
  assert(await page.$("#scenario-json") === null, "reloaded without ?embed: the editor is back");
  assert((await page.textContent("#clock")).includes("step 2"), "the step was not kept");
});

await check("the arrows work on a fresh load; Space presses a focused button", async (context) => {
  const page = await context.newPage();
  await page.goto(base + "index.html");
  await page.waitForSelector("#step", WAIT);
  await page.keyboard.press("ArrowRight");
  await page.waitForFunction(() => document.querySelector("#clock").textContent.includes("step 1"), null, WAIT);
  await page.focus("#step");
  await page.keyboard.press("Space");
  await page.waitForFunction(() => document.querySelector("#clock").textContent.includes("step 2"), null, WAIT);
  const pressed = await page.getAttribute("#play", "aria-pressed");
  assert(pressed === "false", "Space on the Step button started Play");
});

await check("axe-core finds no violations on the page after 40 steps at 1280 px", async (context) => {
  const page = await context.newPage();
  await page.goto(base + "index.html");
  await page.waitForSelector("#step", WAIT);
  await steps(page, 40);
  await audit(page, "1280 px");
});

await check("axe-core finds no violations with the layers below the store and the time bars drawn", async (context) => {
  const page = await context.newPage();
  await page.goto(base + "index.html?preset=write-through-lying-ssd");
  await page.waitForSelector("#step", WAIT);
  await steps(page, 40);
  assert(await page.$("#below .chips li"), "the layers panel lists writes");
  assert(await page.$("#spent-writes rect"), "the time bars are drawn");
  await page.click("#power-cut");
  await page.waitForSelector("#at-risk-below", WAIT);
  await audit(page, "below the store");
});

await check("axe-core finds no violations on ?embed at 700 px after 40 steps, figures open", async (context) => {
  const page = await context.newPage();
  await page.setViewportSize({ width: 700, height: 900 });
  await page.goto(base + "index.html?preset=write-behind-hazelcast&embed");
  await page.waitForSelector("#step", WAIT);
  await steps(page, 40);
  await page.click("#more > summary");
  await audit(page, "embedded at 700 px");
});

await check("a lesson opens from ?lesson= in the lesson module, under the policy, and takes a step", async (context) => {
  const page = await context.newPage();
  const refused = [];
  page.on("console", (m) => { if (m.type() === "error") refused.push(m.text()); });
  page.on("pageerror", (e) => refused.push(String(e)));
  await page.goto(base + "index.html?lesson=write-behind-loss-window");
  await page.waitForSelector("#lesson-say", WAIT);
  assert((await page.textContent("#lesson-progress")).includes("Step 1 of 5"), "step 1");
  await page.fill("#lesson-number", "1.5");
  await page.click("#lesson-check");
  await page.waitForSelector("#lesson-feedback.right", WAIT);
  await page.click("#lesson-forward");
  await page.waitForFunction(() => document.querySelector("#lesson-progress").textContent.includes("Step 2 of 5"), null, WAIT);
  assert((await page.textContent("#clock")).includes("t = 1.5 ms"), "ran to the first acknowledgement: " + await page.textContent("#clock"));
  await page.waitForFunction(() => location.hash.startsWith("#l=1&s="), null, WAIT);
  await audit(page, "a lesson open at 1280 px");
  assert(refused.length === 0, "errors: " + refused.join(" | "));
});

await check("the share panel gives a link that opens the same moment", async (context) => {
  const page = await context.newPage();
  await page.goto(base + "index.html?preset=write-through");
  await page.waitForSelector("#step", WAIT);
  await steps(page, 7);
  await page.click("#share-open");
  await page.waitForSelector("#share-link", WAIT);
  await page.check("#share-hide-log");
  const snippet = await page.inputValue("#share-snippet");
  assert(snippet.includes("embed&amp;hide=log") || snippet.includes("embed&hide=log"), "the snippet hides the log: " + snippet);
  const link = await page.inputValue("#share-link");
  const other = await context.newPage();
  await other.goto(link);
  await other.waitForSelector("#step", WAIT);
  assert((await other.textContent("#clock")).includes("step 7"), "the link opens at step 7: " + await other.textContent("#clock"));
});

await check("the example course page loads everything it asks for and fits its frames", async (context) => {
  const page = await context.newPage();
  const missing = [];
  page.on("response", (r) => { if (r.status() >= 400) missing.push(`${r.status()} ${r.url()}`); });
  await page.addInitScript(() => {
    window.heights = [];
    window.addEventListener("message", (e) => {
      if (typeof e.data === "string" && e.data.startsWith("dirtybit:height:")) window.heights.push(e.data);
    });
  });
  await page.goto(base + "embed-example.html");
  const frames = await page.$$("iframe");
  assert(frames.length === 3, "three frames");
  for (const frame of frames) {
    await frame.scrollIntoViewIfNeeded();
    const inner = await frame.contentFrame();
    await inner.waitForSelector("#step", WAIT);
    // Wait until the course page has sized the frame to its content.
    await page.waitForFunction((f) => {
      const doc = f.contentDocument;
      return doc && doc.querySelector("#step") && Math.abs(f.clientHeight - doc.documentElement.scrollHeight) <= 2;
    }, frame, WAIT);
  }
  assert(missing.length === 0, "failed requests: " + missing.join(", "));
  // Opening a folded section changes the height without a render: the
  // frame posts the documented message again and the course page follows.
  const lesson = frames[2];
  const inner = await lesson.contentFrame();
  await inner.waitForSelector("#lesson-say", WAIT);
  const before = await page.evaluate(() => window.heights.length);
  const height = await lesson.evaluate((f) => f.clientHeight);
  await inner.click("#more > summary");
  await page.waitForFunction((n) => window.heights.length > n, before, WAIT);
  await page.waitForFunction((f) => Math.abs(f.clientHeight - f.contentDocument.documentElement.getBoundingClientRect().height) <= 2, lesson, WAIT);
  assert(await lesson.evaluate((f) => f.clientHeight) > height, "the frame grew with its content");
  // And shrinks with it (a frame measured by scrollHeight never could).
  const grown = await page.evaluate(() => window.heights.length);
  await inner.click("#more > summary");
  await page.waitForFunction((n) => window.heights.length > n, grown, WAIT);
  await page.waitForFunction((h) => Math.abs(document.querySelectorAll("iframe")[2].clientHeight - h) <= 2, height, WAIT);
});

await browser.close();
console.log(`page checks: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
