import test from "node:test";
import assert from "node:assert/strict";
import { createLog } from "../../scormgen/runtime/lms.js";
import { createOutbox } from "../../scormgen/runtime/outbox.js";

function memoryStorage() {
  const data = {};
  return { available: true, data,
           read: (key) => (key in data ? JSON.parse(data[key]) : null),
           write: (key, value) => { data[key] = JSON.stringify(value); return true; } };
}

function fakeClock() {
  const timers = [];
  return {
    timers,
    now: () => 0,
    setTimeout: (fn, ms) => { timers.push({ fn, ms }); return timers.length; },
    clearTimeout: () => {},
    async runNext() {
      const timer = timers.shift();
      timer.fn();
      for (let i = 0; i < 5; i++) await Promise.resolve();
      return timer.ms;
    },
  };
}

function transport(answers) {
  const sent = [];
  return { sent, send(batch) { sent.push(batch.map((s) => s.id)); return Promise.resolve(answers.shift()); },
           sendOnUnload(batch) { sent.push(["unload", ...batch.map((s) => s.id)]); } };
}

const quietLog = () => { const log = createLog(); const original = console.warn; console.warn = () => {};
  return { log, restore: () => { console.warn = original; } }; };

test("a statement is stored before anything is sent, and removed once the LRS has it", async () => {
  const storage = memoryStorage();
  const clock = fakeClock();
  const box = createOutbox(storage, "k", createLog(), clock);
  box.add({ id: "a" });
  assert.deepEqual(storage.read("k").queue, [{ id: "a" }]);
  const t = transport([{ ok: true }]);
  box.setTransport(t);
  await clock.runNext();
  assert.deepEqual(t.sent, [["a"]]);
  assert.equal(box.pending(), 0);
  assert.deepEqual(storage.read("k").queue, []);
});

test("failures back off 1, 2, 4 ... seconds up to a minute, then the statements go", async () => {
  const { log, restore } = quietLog();
  const clock = fakeClock();
  const box = createOutbox(memoryStorage(), "k", log, clock);
  const failures = Array.from({ length: 8 }, () => ({ ok: false, status: 500 }));
  const t = transport([...failures, { ok: true }]);
  box.add({ id: "a" });
  box.setTransport(t);
  const delays = [];
  await clock.runNext();
  for (let i = 0; i < 8; i++) delays.push(await clock.runNext());
  restore();
  assert.deepEqual(delays, [1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000]);
  assert.equal(box.pending(), 0);
  assert.equal(log.failures().length, 1, "one message for a run of failures, not one per retry");
});

test("statements added while a batch is on its way stay queued", async () => {
  const clock = fakeClock();
  const box = createOutbox(memoryStorage(), "k", createLog(), clock);
  let resolve;
  box.add({ id: "a" });
  box.setTransport({ send: () => new Promise((r) => { resolve = r; }), sendOnUnload() {} });
  await clock.runNext();
  box.add({ id: "b" });
  resolve({ ok: true });
  for (let i = 0; i < 5; i++) await Promise.resolve();
  assert.equal(box.pending(), 1);
});

test("a statement the LRS refuses as invalid (400) is kept aside, not retried forever", async () => {
  const { log, restore } = quietLog();
  const storage = memoryStorage();
  const clock = fakeClock();
  const box = createOutbox(storage, "k", log, clock);
  box.add({ id: "bad" });
  box.setTransport(transport([{ ok: false, rejected: true, status: 400 }]));
  await clock.runNext();
  restore();
  assert.equal(box.pending(), 0);
  assert.deepEqual(storage.read("k").rejected, [{ id: "bad" }]);
});

test("what waits when the page closes goes with keepalive, and stays for the next launch", () => {
  const storage = memoryStorage();
  const box = createOutbox(storage, "k", createLog(), fakeClock());
  const t = transport([]);
  box.add({ id: "a" });
  box.add({ id: "b" });
  box.setTransport(t);
  box.unload();
  assert.deepEqual(t.sent, [["unload", "a", "b"]]);
  const next = createOutbox(storage, "k", createLog(), fakeClock());
  assert.equal(next.pending(), 2, "resent, with the same ids, on the next launch");
});

// An LRS's answer -> what the outbox does: a refusal is final, other failures are retried.
const ANSWERS = [
  [200, "sent"], [204, "sent"],
  [400, "set aside"], [401, "set aside"], [403, "set aside"], [404, "set aside"], [413, "set aside"], [422, "set aside"],
  [408, "retried"], [429, "retried"], [500, "retried"], [502, "retried"], [503, "retried"], [0, "retried"],
];
for (const [status, expected] of ANSWERS) {
  test(`HTTP ${status}: the batch is ${expected}`, async () => {
    const { log, restore } = quietLog();
    const storage = memoryStorage();
    const clock = fakeClock();
    const box = createOutbox(storage, "k", log, clock);
    const refused = [];
    box.onRejected((statements, code) => refused.push([statements.map((s) => s.id), code]));
    box.add({ id: "a" });
    const ok = status >= 200 && status < 300;
    const t = transport([{ ok, rejected: false, status }, { ok: true, status: 200 }]);
    box.setTransport(t);
    await clock.runNext();
    restore();
    const outcome = box.pending() === 0 ? (box.rejected().length ? "set aside" : "sent") : "retried";
    assert.equal(outcome, expected);
    if (expected === "set aside") {
      assert.deepEqual(refused, [[["a"], status]]);
      assert.deepEqual(storage.read("k").rejected, [{ id: "a" }], "kept in this browser");
      assert.equal(clock.timers.length, 0, "never sent again");
    }
    if (expected === "retried") assert.equal(clock.timers.length, 1);
  });
}

test("a statement added alone goes alone, and nothing after it goes before it is taken", async () => {
  const { log, restore } = quietLog();
  const clock = fakeClock();
  const box = createOutbox(memoryStorage(), "k", log, clock);
  box.add({ id: "init" }, { alone: true });
  box.add({ id: "p1" });
  box.add({ id: "p2" });
  const t = transport([{ ok: false, status: 503 }, { ok: true, status: 200 }, { ok: true, status: 200 }]);
  box.setTransport(t);
  await clock.runNext();  // 503: retried later
  await clock.runNext();
  await clock.runNext();
  restore();
  assert.deepEqual(t.sent, [["init"], ["init"], ["p1", "p2"]]);
  assert.equal(log.failures().length, 1);
});

test("a refused statement that goes alone (cmi5 initialized) closes the session: nothing after it is sent", async () => {
  const { log, restore } = quietLog();
  const clock = fakeClock();
  const box = createOutbox(memoryStorage(), "k", log, clock);
  box.add({ id: "init" }, { alone: true });
  box.add({ id: "p1" });
  const t = transport([{ ok: false, status: 403, text: "HTTP 403 (11.0.0.0-3: preferences first)" }]);
  box.setTransport(t);
  await clock.runNext();
  restore();
  assert.deepEqual(t.sent, [["init"]], "one request, never repeated");
  assert.deepEqual(box.rejected().map((s) => s.id), ["init", "p1"]);
  assert.match(log.failures()[0].error.text, /11\.0\.0\.0-3/);
});

test("409 for a batch: each statement goes alone, and a 409 alone means the LRS has it", async () => {
  const clock = fakeClock();
  const box = createOutbox(memoryStorage(), "k", createLog(), clock);
  const delivered = [];
  box.onDelivered((statements) => delivered.push(...statements.map((s) => s.id)));
  box.add({ id: "old" });
  box.add({ id: "new" });
  const t = transport([{ ok: false, status: 409 }, { ok: false, status: 409 }, { ok: true, status: 200 }]);
  box.setTransport(t);
  for (let i = 0; i < 3; i++) await clock.runNext();
  assert.deepEqual(t.sent, [["old", "new"], ["old"], ["new"]]);
  assert.equal(box.pending(), 0);
  assert.deepEqual(delivered, ["old", "new"]);
  assert.deepEqual(box.rejected(), [], "nothing refused, nothing lost");
});

test("a transport carries only what it accepts; the rest stays stored for its own launch", async () => {
  const storage = memoryStorage();
  const clock = fakeClock();
  const box = createOutbox(storage, "k", createLog(), clock);
  box.add({ id: "s1-a", session: "s1" });
  box.add({ id: "s2-a", session: "s2" });
  const t = transport([{ ok: true, status: 200 }]);
  box.setTransport(t, (s) => s.session === "s2");
  await clock.runNext();
  assert.deepEqual(t.sent, [["s2-a"]]);
  assert.equal(box.pending(), 0, "pending counts this transport's statements");
  assert.deepEqual(storage.read("k").queue.map((s) => s.id), ["s1-a"]);
  assert.deepEqual(box.find((s) => s.session === "s1").map((s) => s.id), ["s1-a"]);
  assert.deepEqual(box.take((s) => s.session === "s1").map((s) => s.id), ["s1-a"]);
  assert.deepEqual(storage.read("k").queue, []);
});

test("on page close, a statement that goes alone and waits first is sent alone", () => {
  const box = createOutbox(memoryStorage(), "k", createLog(), fakeClock());
  const t = transport([]);
  box.add({ id: "init" }, { alone: true });
  box.add({ id: "p1" });
  box.setTransport({ send: () => new Promise(() => {}), sendOnUnload: t.sendOnUnload });
  box.unload();
  assert.deepEqual(t.sent, [["unload", "init"]]);
});

test("what a refusing LRS says is kept short and as plain text", async () => {
  const { refusalReason } = await import("../../scormgen/runtime/outbox.js");
  assert.equal(refusalReason('{"requirement": "9.3.0.0-4", "detail": "initialized first"}'), " (9.3.0.0-4: initialized first)");
  assert.equal(refusalReason("<html>no</html>"), "");
  assert.equal(refusalReason('{"detail": "a\\u202eb\\nc"}'), " (a b c)");
  assert.equal(refusalReason(JSON.stringify({ detail: "x".repeat(500) })).length, 203);
});

test("what went as the page closed is remembered as unsure until the LRS has answered for it", async () => {
  const storage = memoryStorage();
  const box = createOutbox(storage, "k", createLog(), fakeClock());
  box.add({ id: "a" });
  box.add({ id: "b" });
  box.setTransport({ send: () => new Promise(() => {}), sendOnUnload() {} });
  box.unload();
  const clock = fakeClock();
  const next = createOutbox(storage, "k", createLog(), clock);
  assert.deepEqual(next.unsure(), ["a", "b"]);
  next.setTransport(transport([{ ok: true, status: 200 }]));
  await clock.runNext();
  assert.deepEqual(next.unsure(), [], "once taken, nothing is unsure");
  assert.deepEqual(storage.read("k").unsure, []);
});
