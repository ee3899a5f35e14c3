// cmi5 rules on the runtime's side: which statements a session may carry, what an earlier
// session left undelivered and how it goes again, the learner's preferred language, and
// what the LRS State API may hand back as a resume document.
import test from "node:test";
import assert from "node:assert/strict";
import { createLog } from "../../scormgen/runtime/lms.js";
import { isResumeDocument } from "../../scormgen/runtime/lrs-state.js";
import { createOutbox } from "../../scormgen/runtime/outbox.js";
import { preferredEdition } from "../../scormgen/runtime/preferences.js";
import { carriedBy, CMI5_SESSION, createXapiReporter, fromEarlierSession, REISSUED, sameJson }
  from "../../scormgen/runtime/xapi.js";

const ACTOR = { account: { homePage: "https://lms.example", name: "u42" }, name: "Jane" };
const AU = "https://lms.example/au/7";
const CONFIG = {
  course: { id: "c", title: "Course", language: "en", description: "", editions: [{ language: "fr-CA", title: "Cours" }] },
  xapi: { activityBase: "urn:scormgen:c" }, messages: {},
  pages: [{ id: "p1", title: "One", reflections: ["r1"] }],
};

function launch(session, extra = {}) {
  return { endpoint: "https://lms.example/lrs/", auth: "Basic x", actor: ACTOR, registration: "reg-1", activityId: AU,
           cmi5: true, sessionId: session, launchMode: "Normal",
           contextTemplate: { contextActivities: { grouping: [{ objectType: "Activity", id: "urn:publisher" }] },
                              extensions: { [CMI5_SESSION]: session } }, ...extra };
}

function memoryStorage() {
  const data = {};
  return { available: true, read: (k) => (k in data ? JSON.parse(data[k]) : null),
           write: (k, v) => { data[k] = JSON.stringify(v); return true; } };
}

const clock = { now: () => Date.UTC(2026, 10, 30, 12), setTimeout: () => 0, clearTimeout: () => {} };

function session(id, extra = {}) {
  const added = [];
  const outbox = { add: (s, options) => added.push({ s, alone: !!(options && options.alone) }) };
  const reporter = createXapiReporter(CONFIG, outbox, clock);
  reporter.ready(launch(id, extra));
  return { reporter, added };
}

test("initialized goes alone in cmi5; every statement carries the session id and the template", () => {
  const { reporter, added } = session("s1");
  reporter.started();
  reporter.pageViewed("p1");
  reporter.reflectionSubmitted("r1", "My answer", "Why?");
  reporter.completed();
  reporter.finished();
  assert.deepEqual(added.map((a) => [a.s.verb.display["en-US"], a.alone]),
    [["initialized", true], ["experienced", false], ["answered", false], ["completed", false], ["terminated", false]]);
  for (const { s } of added) {
    assert.equal(s.context.extensions[CMI5_SESSION], "s1");
    assert.deepEqual(s.context.contextActivities.grouping, [{ objectType: "Activity", id: "urn:publisher" }]);
    assert.equal(s.actor, ACTOR, "the launch's actor itself");
  }
});

test("Review and Browse launches send no completed", () => {
  for (const mode of ["Review", "Browse"]) {
    const { reporter, added } = session("s1", { launchMode: mode });
    reporter.completed();
    assert.deepEqual(added, []);
  }
});

test("an earlier session's statements are told apart by session, learner, registration and AU", () => {
  const { reporter, added } = session("old");
  reporter.reflectionSubmitted("r1", "Written last time", "Why?");
  const [answered] = added.map((a) => a.s);
  const now = launch("new");
  assert.equal(fromEarlierSession(answered, now), true);
  assert.equal(fromEarlierSession(answered, launch("old")), false, "this session's own");
  assert.equal(fromEarlierSession(answered, { ...now, registration: "reg-2" }), false);
  assert.equal(fromEarlierSession(answered, { ...now, actor: { ...ACTOR, objectType: "Agent" } }), false);
  assert.equal(fromEarlierSession(answered, { ...now, activityId: "https://lms.example/au/8" }), false);
  assert.equal(carriedBy(now)(answered), false, "never sent under the new session's token");
  assert.equal(carriedBy(launch("old"))(answered), true);
  assert.equal(carriedBy({ ...now, cmi5: false })(answered), false, "an xapi launch carries no cmi5 session's");
  assert.equal(carriedBy({ ...now, cmi5: false })({ id: "x", context: {} }), true);
});

test("what an earlier session left is sent again as this session's, same ids, saying when it was written", () => {
  const earlier = session("old");
  earlier.reporter.started();
  earlier.reporter.pageViewed("p1");
  earlier.reporter.reflectionSubmitted("r1", "Written last time", "Why?");
  earlier.reporter.completed();
  earlier.reporter.finished();
  const old = earlier.added.map((a) => a.s);
  const now = session("new", { alreadyCompleted: true });
  now.reporter.reissue(old);
  const again = now.added.map((a) => a.s);
  assert.deepEqual(again.map((s) => s.verb.display["en-US"]), ["experienced", "answered", "completed"],
                   "never another session's initialized or terminated");
  again.forEach((s, i) => {
    const first = old[i + 1];
    assert.equal(s.id, first.id);
    assert.equal(s.context.extensions[CMI5_SESSION], "new");
    assert.deepEqual(s.context.extensions[REISSUED], { writtenAt: first.timestamp, session: "old" });
    assert.deepEqual(s.object, first.object);
  });
  assert.equal(again[1].result.response, "Written last time");
  assert.deepEqual(again[2].context.contextActivities.category.map((c) => c.id),
    ["https://w3id.org/xapi/cmi5/context/categories/cmi5", "https://w3id.org/xapi/cmi5/context/categories/moveon"]);
  const review = session("new", { launchMode: "Review" });
  review.reporter.reissue(old);
  assert.deepEqual(review.added.map((a) => a.s.verb.display["en-US"]), ["experienced", "answered"]);
});

test("an outbox never hands an earlier session's statement to this session's transport", async () => {
  const storage = memoryStorage();
  const box = createOutbox(storage, "k", createLog(), { now: () => 0, setTimeout: (fn) => { fn(); return 1; }, clearTimeout() {} });
  const old = session("old");
  old.reporter.pageViewed("p1");
  box.add(old.added[0].s);
  const sent = [];
  box.setTransport({ send: (b) => { sent.push(b); return Promise.resolve({ ok: true, status: 200 }); }, sendOnUnload() {} },
                   carriedBy(launch("new")));
  box.unload();
  await Promise.resolve();
  assert.deepEqual(sent, []);
  assert.equal(box.find(() => true).length, 1, "kept, to go again as the new session's");
});

const EDITIONS = [
  [undefined, null], ["", null], ["en-US", null], ["en-US,fr-CA", null], ["fr-CA,en", "fr-CA"], ["fr", "fr-CA"],
  [" FR-ca , en", "fr-CA"], ["de-DE,fr-CA,en", "fr-CA"], ["de-DE", null], ["es,en,fr", null],
];
for (const [preference, expected] of EDITIONS) {
  test(`languagePreference ${JSON.stringify(preference)} -> edition ${expected}`, () => {
    const edition = preferredEdition(CONFIG, preference);
    assert.equal(edition ? edition.language : null, expected);
  });
}

const DOCUMENTS = [
  [{ format: 1, suspendData: "x", location: "p1", completed: false }, true],
  [{ format: 2, suspendData: "x", location: "p1", completed: false }, false],
  [{ format: 1, suspendData: 5, location: "p1", completed: false }, false],
  [{ format: 1, suspendData: "x", completed: false }, false],
  [{ format: 1, suspendData: "x", location: "p1", completed: "yes" }, false],
  [null, false], ["text", false], [[1], false],
];
for (const [value, expected] of DOCUMENTS) {
  test(`resume document ${JSON.stringify(value)}: ${expected ? "ours" : "not ours"}`, () => {
    assert.equal(isResumeDocument(value), expected);
  });
}

test("sameJson compares values, not key order", () => {
  assert.ok(sameJson({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 }));
  assert.ok(!sameJson({ a: 1 }, { a: 1, objectType: "Agent" }));
  assert.ok(!sameJson([1, 2], { 0: 1, 1: 2 }));
});
