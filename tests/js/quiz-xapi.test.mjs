// Knowledge checks in the LRS (xapi.js): `answered` per check with the cmi.interaction
// definition, and the course's `passed` or `failed` under the cmi5 rules (once per
// registration for passed, one verdict per session, never failed after passed, never in
// Browse or Review mode, the masteryScore of LMS.LaunchData in the context).
import test from "node:test";
import assert from "node:assert/strict";
import { CMI5_MASTERY, CMI5_SESSION, createXapiReporter, REISSUED } from "../../scormgen/runtime/xapi.js";
import { courseScore } from "../../scormgen/runtime/quiz.js";

const ACTOR = { account: { homePage: "https://lms.example", name: "u42" }, name: "Jane" };
const AU = "https://lms.example/au/7";
const QUESTIONS = {
  "q-multiple": { page: "p1", type: "choice", multiple: true, options: ["goals", "tasks", "fees"], correct: ["goals", "tasks"],
                  attempts: 2, shuffle: true, prompt: "Which are components?",
                  choices: { goals: "Agreement on goals", tasks: "Agreement on tasks", fees: "Agreement on fees" } },
  "q-tf": { page: "p1", type: "true-false", multiple: false, options: [], correct: ["true"], attempts: 1, shuffle: false,
            prompt: "The bond is a component.", choices: {} },
};
const CONFIG = {
  course: { id: "c", title: "Course", language: "en-CA", description: "" }, xapi: { activityBase: "urn:scormgen:c" },
  messages: {}, pages: [{ id: "p1", title: "One", reflections: [] }],
  questions: QUESTIONS, questionOrder: ["q-multiple", "q-tf"], masteryScore: 80,
};
const clock = { now: () => Date.UTC(2026, 10, 30, 12), setTimeout: () => 0, clearTimeout: () => {} };

function launch(extra = {}) {
  return { endpoint: "https://lms.example/lrs/", auth: "Basic x", actor: ACTOR, registration: "reg-1", activityId: AU,
           cmi5: true, sessionId: "s1", launchMode: "Normal", masteryScore: 0.8,
           contextTemplate: { contextActivities: { grouping: [{ objectType: "Activity", id: "urn:publisher" }] },
                              extensions: { [CMI5_SESSION]: "s1" } }, ...extra };
}

function reporterFor(extra = {}, ready = true) {
  const added = [];
  const reporter = createXapiReporter(CONFIG, { add: (s) => added.push(s) }, clock);
  if (ready) reporter.ready(launch(extra));
  return { reporter, added, verbs: () => added.map((s) => s.verb.display["en-US"]) };
}

const right = { response: ["goals", "tasks"], attempts: 1, correct: true };
const wrong = { response: ["false"], attempts: 1, correct: false };
const verdict = (answers, mastery = 80) => () => courseScore(CONFIG, answers, mastery);
const PASSED = verdict({ "q-multiple": right, "q-tf": { response: ["true"], attempts: 1, correct: true } });
const FAILED = verdict({ "q-multiple": right, "q-tf": wrong });

test("a check is `answered`, with the interaction's definition, response, success and score", () => {
  const { reporter, added } = reporterFor();
  reporter.questionAnswered("q-multiple", ["goals", "fees"], false);
  reporter.questionAnswered("q-tf", ["true"], true);
  const [choice, trueFalse] = added;
  assert.equal(choice.verb.id, "http://adlnet.gov/expapi/verbs/answered");
  assert.deepEqual(choice.object, {
    objectType: "Activity", id: "urn:scormgen:c/questions/q-multiple",
    definition: { type: "http://adlnet.gov/expapi/activities/cmi.interaction", interactionType: "choice",
                  name: { "en-CA": "Which are components?" }, description: { "en-CA": "Which are components?" },
                  correctResponsesPattern: ["goals[,]tasks"],
                  choices: [{ id: "goals", description: { "en-CA": "Agreement on goals" } },
                            { id: "tasks", description: { "en-CA": "Agreement on tasks" } },
                            { id: "fees", description: { "en-CA": "Agreement on fees" } }] } });
  assert.deepEqual(choice.result, { response: "goals[,]fees", success: false, score: { scaled: 0, raw: 0, min: 0, max: 1 } });
  assert.deepEqual(trueFalse.object.definition.correctResponsesPattern, ["true"]);
  assert.equal(trueFalse.object.definition.interactionType, "true-false");
  assert.equal("choices" in trueFalse.object.definition, false);
  assert.deepEqual(trueFalse.result, { response: "true", success: true, score: { scaled: 1, raw: 1, min: 0, max: 1 } });
  // cmi5 allowed statements: the AU as parent, the session, no cmi5 category
  assert.deepEqual(choice.context.contextActivities.parent, [{ objectType: "Activity", id: AU }]);
  assert.equal(choice.context.extensions[CMI5_SESSION], "s1");
  assert.equal(choice.context.contextActivities.category, undefined);
});

test("passed: the score counted in questions, success, duration, the cmi5 and moveOn categories, the masteryScore", () => {
  const { reporter, added } = reporterFor();
  const recorded = [];
  reporter.judge(PASSED, "", (verb) => recorded.push(verb));
  assert.deepEqual(recorded, ["passed"]);
  const [passed] = added;
  assert.equal(passed.verb.id, "http://adlnet.gov/expapi/verbs/passed");
  assert.equal(passed.object.id, AU);
  assert.deepEqual(passed.result, { score: { scaled: 1, raw: 2, min: 0, max: 2 }, success: true, duration: "PT0S" });
  assert.deepEqual(passed.context.contextActivities.category, [{ id: "https://w3id.org/xapi/cmi5/context/categories/cmi5" },
                                                             { id: "https://w3id.org/xapi/cmi5/context/categories/moveon" }]);
  assert.equal(passed.context.extensions[CMI5_MASTERY], 0.8);
  assert.equal(passed.context.extensions[CMI5_SESSION], "s1");
});

test("failed the same way; without a masteryScore in the launch, no extension", () => {
  const { reporter, added } = reporterFor({ masteryScore: null });
  reporter.judge(FAILED, "", () => {});
  assert.deepEqual(added.map((s) => [s.verb.display["en-US"], s.result.success, s.result.score.scaled]), [["failed", false, 0.5]]);
  assert.equal(CMI5_MASTERY in added[0].context.extensions, false);
});

test("no verdict before every question is answered, nor without a mastery score", () => {
  const { reporter, added } = reporterFor();
  reporter.judge(verdict({ "q-multiple": right }), "", () => assert.fail("recorded"));
  reporter.judge(verdict({ "q-multiple": right, "q-tf": wrong }, null), "", () => assert.fail("recorded"));
  assert.deepEqual(added, []);
});

test("Browse and Review launches send no verdict", () => {
  for (const mode of ["Browse", "Review"]) {
    const { reporter, added } = reporterFor({ launchMode: mode });
    reporter.judge(PASSED, "", () => assert.fail("recorded"));
    reporter.questionAnswered("q-tf", ["true"], true);
    assert.deepEqual(added.map((s) => s.verb.display["en-US"]), ["answered"], "answers are not judgements: they go");
  }
});

test("cmi5: one verdict a session; passed once a registration; never failed after passed", () => {
  const first = reporterFor();
  first.reporter.judge(FAILED, "", () => {});
  first.reporter.judge(FAILED, "", () => {});
  first.reporter.judge(PASSED, "", () => assert.fail("a second verdict in the session"));
  assert.deepEqual(first.verbs(), ["failed"]);
  // the next session: the verdict that could not go, goes
  const second = reporterFor({ sessionId: "s2" });
  const recorded = [];
  second.reporter.judge(PASSED, "failed", (verb) => recorded.push(verb));
  assert.deepEqual([second.verbs(), recorded], [["passed"], ["passed"]]);
  // passed sent before: nothing more, not even failed
  const third = reporterFor({ sessionId: "s3" });
  third.reporter.judge(PASSED, "passed", () => assert.fail("passed twice"));
  third.reporter.judge(FAILED, "passed", () => assert.fail("failed after passed"));
  assert.deepEqual(third.verbs(), []);
  // the same verdict is not said twice in a registration
  const fourth = reporterFor({ sessionId: "s4" });
  fourth.reporter.judge(FAILED, "failed", () => assert.fail("failed twice"));
  assert.deepEqual(fourth.verbs(), []);
});

test("xapi: failed, then passed in the same session, both go; never failed after passed", () => {
  const { reporter, verbs } = reporterFor({ cmi5: false, sessionId: "", contextTemplate: undefined, masteryScore: undefined });
  reporter.judge(FAILED, "", () => {});
  reporter.judge(PASSED, "", () => {});
  reporter.judge(FAILED, "", () => assert.fail("failed after passed"));
  assert.deepEqual(verbs(), ["failed", "passed"]);
});

test("asked before the launch is known, decided once it is, on the verdict then", () => {
  const { reporter, added } = reporterFor({}, false);
  let mastery = 80;
  const recorded = [];
  reporter.started();
  reporter.judge(() => courseScore(CONFIG, { "q-multiple": right, "q-tf": wrong }, mastery), "", (verb) => recorded.push(verb));
  assert.deepEqual(added, []);
  mastery = 50;  // LMS.LaunchData's masteryScore, set before ready
  reporter.ready(launch({ masteryScore: 0.5 }));
  assert.deepEqual(added.map((s) => s.verb.display["en-US"]), ["initialized", "passed"]);
  assert.deepEqual(recorded, ["passed"]);
  assert.equal(added[1].context.extensions[CMI5_MASTERY], 0.5);
});

test("an earlier session's undelivered verdict goes again, the latest one only, its masteryScore kept", () => {
  const before = reporterFor();
  before.reporter.judge(FAILED, "", () => {});
  const oldFailed = before.added[0];
  const later = reporterFor({ sessionId: "s2" });
  later.reporter.judge(PASSED, "failed", () => {});
  const oldPassed = later.added[0];
  const now = reporterFor({ sessionId: "s3" });
  now.reporter.reissue([oldFailed, oldPassed]);
  assert.deepEqual(now.added.map((s) => [s.id, s.verb.display["en-US"]]), [[oldPassed.id, "passed"]]);
  assert.equal(now.added[0].context.extensions[CMI5_MASTERY], 0.8);
  assert.equal(now.added[0].context.extensions[CMI5_SESSION], "s3");
  assert.equal(now.added[0].context.extensions[REISSUED].session, "s2");
  // a failed left undelivered, once passed was sent: dropped
  const after = reporterFor({ sessionId: "s4" });
  after.reporter.judge(PASSED, "failed", () => {});
  after.reporter.reissue([oldFailed]);
  assert.deepEqual(after.verbs(), ["passed"]);
});
