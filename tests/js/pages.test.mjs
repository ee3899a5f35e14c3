// The page loader (runtime/pages.js) with a fake document and window: a page's script
// is added once, what it hands over is kept, and a script that fails, hands over nothing
// or never comes is a failure the learner can try again.
import test from "node:test";
import assert from "node:assert/strict";
import { createPageLoader } from "../../scormgen/runtime/pages.js";

const PAGES = [{ id: "intro", file: "pages/intro.js" }, { id: "next", file: "pages/2.js" }];

// A document that records the scripts added, and a window whose timers run when told.
function fakeBrowser() {
  const added = [];
  const timers = new Map();
  let nextTimer = 1;
  const head = {
    appendChild(script) { script.parentNode = head; added.push(script); },
    removeChild(script) { script.parentNode = null; },
  };
  const doc = { head, createElement: (tag) => ({ tag, parentNode: null }) };
  const win = {
    setTimeout(fn, ms) { timers.set(nextTimer, { fn, ms }); return nextTimer++; },
    clearTimeout(id) { timers.delete(id); },
    runTimers() { for (const [id, timer] of [...timers]) { timers.delete(id); timer.fn(); } },
    timers,
  };
  // what the page's script does when it runs, then its load event
  const run = (script, entry) => { if (entry) win.scormgenPages.push(entry); script.onload && script.onload(); };
  return { doc, win, added, run };
}

test("a page's script is added once, its HTML kept, and the script element removed", async () => {
  const { doc, win, added, run } = fakeBrowser();
  const loader = createPageLoader(doc, win, PAGES, 20000);
  assert.equal(loader.cached("intro"), null);
  const first = loader.load("intro");
  const again = loader.load("intro");
  assert.equal(added.length, 1, "one script for two requests");
  assert.equal(added[0].src, "pages/intro.js");
  run(added[0], ["intro", "<p>Hello</p>"]);
  assert.equal(await first, "<p>Hello</p>");
  assert.equal(await again, "<p>Hello</p>");
  assert.equal(added[0].parentNode, null);
  assert.equal(win.timers.size, 0, "its timeout is cleared");
  assert.equal(loader.cached("intro"), "<p>Hello</p>");
  assert.equal(await loader.load("intro"), "<p>Hello</p>");
  assert.equal(added.length, 1, "nothing asked again once it is there");
});

test("the file named by the settings is used (a page id that is no good file name)", async () => {
  const { doc, win, added, run } = fakeBrowser();
  const loader = createPageLoader(doc, win, PAGES, 20000);
  const loading = loader.load("next");
  assert.equal(added[0].src, "pages/2.js");
  run(added[0], ["next", "<p>2</p>"]);
  assert.equal(await loading, "<p>2</p>");
});

test("a script that fails, hands over nothing or never comes is a failure, and can be tried again", async () => {
  const { doc, win, added, run } = fakeBrowser();
  const loader = createPageLoader(doc, win, PAGES, 20000);
  const failing = loader.load("intro");
  added[0].onerror();
  await assert.rejects(failing, /pages\/intro\.js: the script could not be loaded/);
  assert.equal(added[0].parentNode, null);

  const empty = loader.load("intro");
  assert.equal(added.length, 2, "tried again: a new script");
  run(added[1], ["next", "<p>not this one</p>"]);
  await assert.rejects(empty, /the script holds no such page/);

  const slow = loader.load("intro");
  assert.equal([...win.timers.values()][0].ms, 20000);
  win.runTimers();
  await assert.rejects(slow, /no answer in 20000 ms/);

  const working = loader.load("intro");
  run(added[3], ["intro", "<p>at last</p>"]);
  assert.equal(await working, "<p>at last</p>");
});

test("what is not a page of the course is ignored; scripts that ran before the loader are kept", async () => {
  const { doc, win, added } = fakeBrowser();
  win.scormgenPages = [["intro", "<p>early</p>"], ["elsewhere", "<p>x</p>"], "junk"];
  const loader = createPageLoader(doc, win, PAGES, 20000);
  assert.equal(loader.cached("intro"), "<p>early</p>");
  assert.equal(loader.cached("elsewhere"), null);
  win.scormgenPages.push(null, ["next", 42], ["next"]);
  assert.equal(loader.cached("next"), null);
  await assert.rejects(loader.load("elsewhere"), /no page elsewhere/);
  assert.equal(added.length, 0);
});

test("prefetch keeps a page's HTML aside and says nothing when it fails", async () => {
  const { doc, win, added, run } = fakeBrowser();
  const loader = createPageLoader(doc, win, PAGES, 20000);
  loader.prefetch("next");
  loader.prefetch("next");
  assert.equal(added.length, 1);
  added[0].onerror();  // no unhandled rejection
  loader.prefetch("next");
  run(added[1], ["next", "<p>2</p>"]);
  assert.equal(loader.cached("next"), "<p>2</p>");
  loader.prefetch("next");
  assert.equal(added.length, 2);
});
