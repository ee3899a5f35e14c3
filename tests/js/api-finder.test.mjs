import test from "node:test";
import assert from "node:assert/strict";
import { findApi, MAX_FRAME_DEPTH } from "../../scormgen/runtime/api-finder.js";

// Fake windows: `parent` links, an optional API, and frames of another origin, whose
// every property read throws as a browser's does.
function win(options = {}) {
  const w = { opener: null, top: null };
  w.parent = options.parent || w;
  if (options.api) w[options.name || "API"] = options.api;
  return w;
}
function foreign(parent) {
  return new Proxy({}, { get(target, key) {
    if (key === "parent") return parent;
    throw new Error("SecurityError: Blocked a frame with origin from accessing a cross-origin frame.");
  } });
}

const API = { LMSInitialize() { return "true"; } };

test("finds the API in the frame itself, a parent, or a grandparent", () => {
  const top = win({ api: API });
  assert.equal(findApi(top, "API"), API);
  assert.equal(findApi(win({ parent: top }), "API"), API);
  assert.equal(findApi(win({ parent: win({ parent: top }) }), "API"), API);
});

test("looks for the standard's own name", () => {
  const top = win({ api: API, name: "API_1484_11" });
  assert.equal(findApi(win({ parent: top }), "API"), null);
  assert.equal(findApi(win({ parent: top }), "API_1484_11"), API);
});

test("a frame of another origin on the way is passed, not a crash", () => {
  const top = win({ api: API });
  const middle = foreign(top);
  assert.equal(findApi(win({ parent: middle }), "API"), API);
});

test("then the opener window and its parents", () => {
  const lmsTop = win({ api: API });
  const opener = win({ parent: lmsTop });
  const popup = win();
  popup.top = popup;
  popup.opener = opener;
  assert.equal(findApi(popup, "API"), API);
});

test("no LMS: null, and the search is bounded", () => {
  assert.equal(findApi(win(), "API"), null);
  // a chain longer than the bound ends the search without an answer
  let w = win({ api: API });
  for (let i = 0; i < MAX_FRAME_DEPTH + 5; i++) w = win({ parent: w });
  assert.equal(findApi(w, "API"), null);
});
