// The session treats a Commit the LMS refused as data not yet saved: it tries again,
// with growing delays, until the LMS accepts it, and says so.
import test from "node:test";
import assert from "node:assert/strict";
import { createSession } from "../../scormgen/runtime/session.js";

const CONFIG = {
  course: { id: "c" }, target: "scorm2004-4th", objectives: [],
  completion: { pages: "all", reflections: "all" },
  pages: [{ id: "one", reflections: [] }, { id: "two", reflections: [] }],
};

function fakeClock() {
  let now = 0;
  const timers = [];
  return {
    now: () => now,
    setTimeout: (fn, ms) => { timers.push({ fn, at: now + ms }); return timers.length - 1; },
    clearTimeout: (id) => { if (timers[id]) timers[id].fn = null; },
    advance(ms) {
      now += ms;
      for (const timer of timers) if (timer.fn && timer.at <= now) { const fn = timer.fn; timer.fn = null; fn(); }
    },
  };
}

function fakeAdapter(answers) {
  const calls = [];
  return {
    calls,
    standard: "scorm2004",
    limits: { suspendData: 64000, suspendBytes: 24000 },
    start: () => ({ connected: true, entry: "ab-initio", learnerId: "l", location: "", suspendData: "", status: "" }),
    setLocation: () => {}, setProgress: () => {}, setObjectives: () => {},
    addInteraction: () => ({ truncated: false }), setNotes: () => ({ truncated: false }),
    setSuspendData: () => {},
    commit: () => { const ok = answers.length ? answers.shift() : true; calls.push(ok); return ok; },
    finish: () => true,
  };
}

const STORAGE = { available: true, read: () => null, write: () => {} };

test("a refused Commit is tried again, later and later, until it is accepted", () => {
  const clock = fakeClock();
  const adapter = fakeAdapter([false, false, true]);
  const events = [];
  const session = createSession(CONFIG, adapter, STORAGE, (kind, data) => events.push([kind, data]), clock, null, null);
  session.start();
  session.pageViewed("one");
  assert.deepEqual(adapter.calls, [false]);
  assert.equal(session.hasUnsaved(), true);
  assert.deepEqual(events.filter((e) => e[0] === "commit-refused").map((e) => e[1].retryMs), [2000]);
  clock.advance(1999);
  assert.deepEqual(adapter.calls, [false]);
  clock.advance(1);
  assert.deepEqual(adapter.calls, [false, false]);  // refused again: next try in 4 s
  clock.advance(4000);
  assert.deepEqual(adapter.calls, [false, false, true]);
  assert.equal(session.hasUnsaved(), false);
  clock.advance(120000);
  assert.deepEqual(adapter.calls, [false, false, true]);  // nothing more once saved
});

test("no retry is left running after the session ends", () => {
  const clock = fakeClock();
  const adapter = fakeAdapter([false]);
  const session = createSession(CONFIG, adapter, STORAGE, () => {}, clock, null, null);
  session.start();
  session.pageViewed("one");
  session.finish();
  clock.advance(120000);
  assert.deepEqual(adapter.calls, [false]);
});

test("resume data the runtime cannot read is never overwritten, and the learner is told", () => {
  const clock = fakeClock();
  const written = [];
  const adapter = {
    ...fakeAdapter([]),
    start: () => ({ connected: true, entry: "ab-initio", learnerId: "l", location: "",
                    suspendData: "{\"v\":1,\"n\":\"a note \\x broken", status: "incomplete" }),
    setSuspendData: (data) => written.push(data),
  };
  const events = [];
  const session = createSession(CONFIG, adapter, STORAGE, (kind, data) => events.push(kind), clock, null, null);
  session.start();
  session.pageViewed("one");
  session.notesChanged("new notes");
  clock.advance(5000);
  session.finish();
  assert.deepEqual(written, []);
  assert.ok(events.includes("resume-unreadable"));
});

test("answers and notes suspend_data had to shorten come back in full from the interactions and comments", async () => {
  const { encodeState } = await import("../../scormgen/runtime/suspend.js");
  const config = { ...CONFIG, pages: [{ id: "one", reflections: ["r-a", "r-b"] }] };
  const answer = "A long and careful answer. ".repeat(110);   // about 3,000 characters
  const notes = "My notes, line after line. ".repeat(110);
  const full = { rev: 4, pagesSeen: ["one"], reflections: { "r-a": answer, "r-b": answer + " (b)" }, notes, truncated: [] };
  const { data, truncated } = encodeState(config, full, 4000, 0);
  assert.deepEqual(truncated.sort(), ["a:r-a", "a:r-b", "n"]);
  const adapter = {
    ...fakeAdapter([]),
    start: () => ({ connected: true, entry: "resume", learnerId: "l", location: "one", suspendData: data,
                    status: "incomplete", responses: { "r-a": answer, "r-b": answer + " (b)" }, notes }),
  };
  const session = createSession(config, adapter, STORAGE, () => {}, fakeClock(), null, null);
  session.start();
  assert.equal(session.state().reflections["r-a"], answer);
  assert.equal(session.state().reflections["r-b"], answer + " (b)");
  assert.equal(session.state().notes, notes);
  assert.deepEqual(session.state().truncated, []);
});

test("a response that is another answer, or shortened itself, is not taken", async () => {
  const { encodeState } = await import("../../scormgen/runtime/suspend.js");
  const config = { ...CONFIG, pages: [{ id: "one", reflections: ["r-a"] }] };
  const answer = "The answer I wrote. ".repeat(300);
  const { data } = encodeState(config, { rev: 1, pagesSeen: [], reflections: { "r-a": answer }, notes: "", truncated: [] },
                               1000, 0);
  for (const kept of ["Another answer altogether. ".repeat(200), answer.slice(0, 3000) + " [\u2026]"]) {
    const adapter = { ...fakeAdapter([]), start: () => ({ connected: true, entry: "resume", learnerId: "l",
      location: "", suspendData: data, status: "incomplete", responses: { "r-a": kept } }) };
    const session = createSession(config, adapter, STORAGE, () => {}, fakeClock(), null, null);
    session.start();
    assert.notEqual(session.state().reflections["r-a"], kept);
    assert.ok(session.state().reflections["r-a"].endsWith(" [\u2026]"));
  }
});
