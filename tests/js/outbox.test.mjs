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
