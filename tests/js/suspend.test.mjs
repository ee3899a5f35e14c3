import test from "node:test";
import assert from "node:assert/strict";
import { TRUNCATION_MARKER } from "../../scormgen/runtime/codec.js";
import { isComplete, progressFraction } from "../../scormgen/runtime/progress.js";
import { decodeState, encodeState, pageHash } from "../../scormgen/runtime/suspend.js";
import { DATA_MODEL } from "./data-model.mjs";

const rt = { encodeState, decodeState, pageHash, progressFraction, isComplete, TRUNCATION_MARKER };

const CONFIG = {
  course: { id: "c" },
  completion: { pages: "all", reflections: "all" },
  pages: [
    { id: "welcome", reflections: [] },
    { id: "alliance", reflections: ["r-goals"] },
    { id: "fostering", reflections: ["r-rupture"] },
    { id: "summary", reflections: ["r-closing"] },
    { id: "about", reflections: [] },
  ],
};

function state(overrides) {
  return Object.assign({ rev: 3, pagesSeen: ["welcome", "fostering"], reflections: {}, notes: "" }, overrides);
}

// The limits of cmi.suspend_data in characters: SCORM 1.2, 2004 3rd Edition, 2004 4th Edition.
const LIMITS = Object.values(DATA_MODEL.suspend).filter(Boolean).map(([characters]) => characters);

test("round trip of a small state", () => {
  const s = state({ reflections: { "r-goals": "Shared goals.\nSecond line \"quoted\"" }, notes: "My notes" });
  const { data, truncated } = rt.encodeState(CONFIG, s, 4000);
  assert.deepEqual(truncated, []);
  const back = rt.decodeState(CONFIG, data);
  assert.deepEqual(back.pagesSeen, ["welcome", "fostering"]);
  assert.deepEqual(back.reflections, s.reflections);
  assert.equal(back.notes, "My notes");
  assert.equal(back.rev, 3);
});

for (const limit of LIMITS) {
  for (const [name, notes, answer] of [
    ["20,000-character note", "n".repeat(20000), "short"],
    ["very long reflections", "", "\u00e9\n\"\\".repeat(30000)],
    ["both", "x\n".repeat(40000), "y".repeat(90000)],
  ]) {
    test(`suspend_data within ${limit}: ${name}`, () => {
      const s = state({ notes, reflections: { "r-goals": answer, "r-rupture": answer, "r-closing": "ok" } });
      const { data, truncated } = rt.encodeState(CONFIG, s, limit);
      assert.ok(data.length <= limit, `${data.length} > ${limit}`);
      const back = rt.decodeState(CONFIG, data);
      assert.deepEqual(back.pagesSeen, s.pagesSeen);
      assert.equal(back.reflections["r-closing"], "ok", "short texts are kept whole");
      for (const key of truncated) {
        const text = key === "n" ? back.notes : back.reflections[key.slice(2)];
        const full = key === "n" ? s.notes : s.reflections[key.slice(2)];
        assert.ok(text === "" || text.endsWith(rt.TRUNCATION_MARKER), `${key} is marked`);
        assert.ok(full.startsWith(text.replace(rt.TRUNCATION_MARKER, "")), `${key} keeps its beginning`);
      }
      assert.deepEqual(back.truncated, truncated);
      const total = s.notes.length + 2 * answer.length + 2;
      if (total + 200 > limit) assert.ok(truncated.length > 0);
      else assert.deepEqual(truncated, []);
    });
  }
}

test("the room is shared fairly: short texts whole, long ones cut to equal parts", () => {
  const s = state({ notes: "n".repeat(9000), reflections: { "r-goals": "g".repeat(9000), "r-rupture": "r".repeat(300) } });
  const { data, truncated } = rt.encodeState(CONFIG, s, 4000);
  const back = rt.decodeState(CONFIG, data);
  assert.deepEqual(truncated.sort(), ["a:r-goals", "n"]);
  assert.equal(back.reflections["r-rupture"], "r".repeat(300));
  assert.ok(Math.abs(back.notes.length - back.reflections["r-goals"].length) < 20);
  assert.ok(back.notes.length > 1500);
});

test("a limit in UTF-8 bytes is kept too (SCORM 2004 4th Edition)", () => {
  const s = state({ notes: "\u00e9".repeat(30000), reflections: { "r-goals": "\u4e2d".repeat(20000) } });
  const { data, truncated } = rt.encodeState(CONFIG, s, 64000, 24000);
  assert.ok(Buffer.byteLength(data, "utf8") <= 24000, String(Buffer.byteLength(data, "utf8")));
  assert.ok(data.length <= 64000);
  assert.deepEqual(truncated.sort(), ["a:r-goals", "n"]);
});

test("a changed course does not misread the pages seen", () => {
  const { data } = rt.encodeState(CONFIG, state(), 4000);
  const changed = Object.assign({}, CONFIG, { pages: [{ id: "new", reflections: [] }].concat(CONFIG.pages) });
  assert.deepEqual(rt.decodeState(changed, data).pagesSeen, []);
});

test("foreign or damaged suspend_data is ignored", () => {
  for (const data of ["", "not json", "{\"v\":99}", "[1,2]", "null", "lesson=3;page=7"]) {
    assert.equal(rt.decodeState(CONFIG, data), null, data);
  }
});

test("completion rule and progress", () => {
  const all = state({ pagesSeen: CONFIG.pages.map((p) => p.id) });
  assert.equal(rt.isComplete(CONFIG, all), false, "reflections missing");
  assert.equal(rt.progressFraction(CONFIG, all), 5 / 8);
  const done = state({ pagesSeen: all.pagesSeen, reflections: { "r-goals": "a", "r-rupture": "b", "r-closing": "c" } });
  assert.equal(rt.isComplete(CONFIG, done), true);
  assert.equal(rt.progressFraction(CONFIG, done), 1);
  const pagesOnly = Object.assign({}, CONFIG, { completion: { pages: "all", reflections: "none" } });
  assert.equal(rt.isComplete(pagesOnly, all), true);
  const nothing = Object.assign({}, CONFIG, { completion: { pages: "none", reflections: "none" } });
  assert.equal(rt.isComplete(nothing, state({ pagesSeen: ["welcome"] })), true);
  assert.equal(rt.progressFraction(nothing, state({ pagesSeen: ["welcome"] })), 1 / 5);
});

test("suspend_data holds no backslash and no double quote, whatever the learner writes", () => {
  const s = state({ reflections: { "r-goals": "say \"hi\"\n\\ it's ~a ~~ \u2028" }, notes: "C:\\notes\t\"" });
  const { data } = rt.encodeState(CONFIG, s, 4000);
  assert.doesNotMatch(data, /["\\\n\r\u2028\u2029]/);
  const back = rt.decodeState(CONFIG, data);
  assert.deepEqual(back.reflections, s.reflections);
  assert.equal(back.notes, s.notes);
});

test("suspend_data mangled as Chamilo does still decodes", () => {
  const s = state({ reflections: { "r-goals": "line one\nline two\ttab \"quoted\" \\ back" }, notes: "a\r\nb's" });
  const { data } = rt.encodeState(CONFIG, s, 4000);
  const manglings = [
    // written into a JavaScript string literal escaping quotes but not backslashes, read back
    (text) => text.replace(/\\n/g, "\n").replace(/\\t/g, "\t").replace(/\\r/g, "\r").replace(/\\(.)/g, "$1"),
    // backslashes dropped
    (text) => text.replace(/\\/g, ""),
    // quotes escaped and stored with their backslash
    (text) => text.replace(/['"]/g, "\\$&"),
  ];
  for (const mangle of manglings) {
    const back = rt.decodeState(CONFIG, mangle(data));
    assert.ok(back, mangle.toString());
    assert.deepEqual(back.reflections, s.reflections);
    assert.equal(back.notes, s.notes);
  }
});

test("format 1, saved by an earlier version, still resumes, also with escapes turned into raw control characters", () => {
  const reflections = { "r-goals": "line one\nline two\ttab \"q\"" };
  const data = JSON.stringify({ v: 1, r: 7, h: rt.pageHash(CONFIG), p: "5", a: reflections, n: "a\r\nb" });
  // what Chamilo hands back: its JavaScript string literal read \n, \t, \r as the characters
  const mangled = data.replace(/\\n/g, "\n").replace(/\\t/g, "\t").replace(/\\r/g, "\r");
  assert.notEqual(mangled, data);
  for (const text of [data, mangled]) {
    const back = rt.decodeState(CONFIG, text);
    assert.equal(back.rev, 7);
    assert.deepEqual(back.pagesSeen, ["welcome", "fostering"]);
    assert.deepEqual(back.reflections, reflections);
    assert.equal(back.notes, "a\r\nb");
  }
});
