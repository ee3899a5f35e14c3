// Knowledge checks in the session (session.js) and in suspend_data (suspend.js): each check
// uses an attempt and is one interaction with its latency, the score goes to the adapter,
// the verdict to the reporter, the LMS's or the launch's mastery score wins, and a resume
// brings back every answer, its attempts and the verdict sent.
import test from "node:test";
import assert from "node:assert/strict";
import { createSession } from "../../scormgen/runtime/session.js";
import { decodeState, encodeState, parseRecord } from "../../scormgen/runtime/suspend.js";

const QUESTIONS = {
  "q-single": { page: "one", type: "choice", multiple: false, options: ["goals", "fees", "hours"], correct: ["goals"],
                attempts: 1, shuffle: false, prompt: "Which?", choices: {} },
  "q-multiple": { page: "two", type: "choice", multiple: true, options: ["goals", "tasks", "fees"],
                  correct: ["goals", "tasks"], attempts: 2, shuffle: true, prompt: "Which ones?", choices: {} },
  "q-tf": { page: "two", type: "true-false", multiple: false, options: [], correct: ["true"], attempts: 1,
            shuffle: false, prompt: "True?", choices: {} },
};
const CONFIG = {
  course: { id: "c" }, target: "scorm2004-4th", objectives: [], completion: { pages: "all", reflections: "all" },
  pages: [{ id: "one", reflections: ["r-a"], questions: ["q-single"] }, { id: "two", reflections: [], questions: ["q-multiple", "q-tf"] }],
  questions: QUESTIONS, questionOrder: ["q-single", "q-multiple", "q-tf"], masteryScore: 80,
};

function fakeClock() {
  let now = 1000000;
  return { now: () => now, setTimeout: () => 0, clearTimeout: () => {}, advance(ms) { now += ms; } };
}

function fakeAdapter(start = {}, mastery = null) {
  const log = [];
  return {
    log, standard: "scorm2004", limits: { suspendData: 64000, suspendBytes: 24000 },
    start: () => ({ connected: true, entry: "ab-initio", learnerId: "learner-7", location: "", suspendData: "",
                    status: "", ...start }),
    setLocation: () => {}, setObjectives: () => {}, setNotes: () => ({ truncated: false }),
    setProgress: (fraction, completed) => log.push(["progress", completed]),
    addInteraction: () => ({ truncated: false }),
    addAnswer: (record) => log.push(["answer", record]),
    setScore: (score) => log.push(["score", score]),
    masteryScore: () => { log.push(["mastery?"]); return mastery; },
    setSuspendData: (data) => log.push(["suspend", data]),
    commit: () => true, finish: () => true,
  };
}

function fakeReporter() {
  const told = [];
  return {
    told, ready: () => {}, started: () => {}, pageViewed: () => {}, reflectionSubmitted: () => {}, completed: () => {},
    finished: () => {}, wasCompleted: () => false, reissue: () => {},
    questionAnswered: (id, ids, right) => told.push(["answered", id, ids, right]),
    judge: (verdict, sent, record) => told.push(["judge", verdict(), sent, record]),
  };
}

const STORAGE = { available: true, read: () => null, write: () => {} };
const of = (log, kind) => log.filter((entry) => entry[0] === kind).map((entry) => entry[1]);

test("each check uses an attempt and is one interaction, timed from the page shown or the last check", () => {
  const clock = fakeClock();
  const adapter = fakeAdapter();
  const reporter = fakeReporter();
  const session = createSession(CONFIG, adapter, STORAGE, () => {}, clock, null, reporter);
  session.start();
  session.pageViewed("two");
  clock.advance(15000);
  assert.deepEqual(session.questionChecked("q-multiple", ["fees", "goals"]), { response: ["goals", "fees"], attempts: 1, correct: false });
  clock.advance(4500);
  assert.deepEqual(session.questionChecked("q-multiple", ["tasks", "goals"]), { response: ["goals", "tasks"], attempts: 2, correct: true });
  // over: a third check changes nothing
  assert.deepEqual(session.questionChecked("q-multiple", ["fees"]), { response: ["goals", "tasks"], attempts: 2, correct: true });
  assert.equal(session.questionChecked("q-tf", []), null, "nothing chosen: nothing happens");
  assert.equal(session.questionChecked("q-unknown", ["true"]), null);
  const answers = of(adapter.log, "answer");
  assert.deepEqual(answers.map((a) => [a.id, a.type, a.chosen, a.correct, a.right, a.latencyMs, a.description]), [
    ["q-multiple", "choice", ["goals", "fees"], ["goals", "tasks"], false, 15000, "Which ones?"],
    ["q-multiple", "choice", ["goals", "tasks"], ["goals", "tasks"], true, 4500, "Which ones?"],
  ]);
  assert.deepEqual(answers[1].options, ["goals", "tasks", "fees"]);
  assert.equal(answers[1].time.getTime(), 1019500);
  assert.deepEqual(reporter.told.filter((t) => t[0] === "answered").map((t) => t.slice(1)),
                   [["q-multiple", ["goals", "fees"], false], ["q-multiple", ["goals", "tasks"], true]]);
  const scores = of(adapter.log, "score");
  assert.deepEqual(scores.map((s) => [s.answered, s.correct, s.raw, s.complete]), [[0, 0, 0, false], [1, 0, 0, false], [1, 1, 33.33, false]]);
  // the score goes to the adapter before the completion, so that SCORM 1.2's status can wait for it
  const order = adapter.log.map((entry) => entry[0]).filter((kind) => kind === "score" || kind === "progress");
  assert.deepEqual(order, ["score", "progress", "score", "progress", "score", "progress"]);
});

test("the verdict: asked of the reporter after each check, once every question is answered it says passed or failed", () => {
  const adapter = fakeAdapter();
  const reporter = fakeReporter();
  const session = createSession(CONFIG, adapter, STORAGE, () => {}, fakeClock(), null, reporter);
  session.start();
  session.questionChecked("q-single", ["goals"]);
  session.questionChecked("q-multiple", ["goals", "tasks"]);
  session.questionChecked("q-tf", ["false"]);
  const judged = reporter.told.filter((t) => t[0] === "judge");
  assert.deepEqual(judged.map((t) => [t[1].answered, t[1].raw, t[1].complete, t[1].passed]),
                   [[0, 0, false, null], [1, 33.33, false, null], [2, 66.67, false, null], [3, 66.67, true, false]]);
  assert.deepEqual(session.score().passed, false);
  // what the reporter sent is kept, for the next session's reporter
  judged[3][3]("failed");
  assert.equal(session.state().outcome, "failed");
});

test("the LMS's mastery score wins, asked only where the course has one; the launch's wins too", () => {
  const adapter = fakeAdapter({}, 60);
  const session = createSession(CONFIG, adapter, STORAGE, () => {}, fakeClock(), null, null);
  session.start();
  assert.equal(session.score().mastery, 60);
  session.setMasteryScore(70);
  assert.equal(session.score().mastery, 70);
  const unset = fakeAdapter({}, 60);
  const formative = createSession({ ...CONFIG, masteryScore: null }, unset, STORAGE, () => {}, fakeClock(), null, null);
  formative.start();
  assert.equal(formative.score().mastery, null);
  assert.deepEqual(of(unset.log, "mastery?"), [], "not asked: the LMS may not have one to give");
});

test("a course without questions asks nothing of the scoring", () => {
  const adapter = fakeAdapter();
  const config = { ...CONFIG, questions: undefined, questionOrder: undefined, masteryScore: undefined,
                   pages: [{ id: "one", reflections: [] }] };
  const session = createSession(config, adapter, STORAGE, () => {}, fakeClock(), null, fakeReporter());
  session.start();
  session.pageViewed("one");
  assert.deepEqual(adapter.log.filter((e) => ["score", "answer", "mastery?"].includes(e[0])), []);
  const record = parseRecord(of(adapter.log, "suspend").pop());
  assert.deepEqual(Object.keys(record), ["v", "r", "h", "p"], "the record of before");
});

test("a resume brings back every answer, its attempts, and the verdict sent", () => {
  const first = fakeAdapter();
  const session = createSession(CONFIG, first, STORAGE, () => {}, fakeClock(), null, null);
  session.start();
  session.questionChecked("q-multiple", ["fees"]);
  session.questionChecked("q-tf", ["true"]);
  session.state().outcome = "failed";
  session.pageViewed("two");
  const data = of(first.log, "suspend").pop();
  const record = parseRecord(data);
  assert.deepEqual(record.q, { "q-multiple": "c1", "q-tf": "t1" });
  assert.equal(record.o, "f");
  const again = fakeAdapter({ entry: "resume", suspendData: data });
  const resumed = createSession(CONFIG, again, STORAGE, () => {}, fakeClock(), null, null);
  resumed.start();
  assert.deepEqual(resumed.answerOf("q-multiple"), { response: ["fees"], attempts: 1, correct: false });
  assert.deepEqual(resumed.answerOf("q-tf"), { response: ["true"], attempts: 1, correct: true });
  assert.equal(resumed.answerOf("q-single"), null);
  assert.equal(resumed.state().outcome, "failed");
  // the score is given again at the start (an LMS that lost it gets it back)
  assert.deepEqual(of(again.log, "score").map((s) => [s.answered, s.correct]), [[2, 1]]);
  // one attempt left on q-multiple
  assert.deepEqual(resumed.questionChecked("q-multiple", ["goals", "tasks"]), { response: ["goals", "tasks"], attempts: 2, correct: true });
});

test("suspend_data: the questions' part is small, and an unknown or broken entry is dropped", () => {
  const state = { rev: 3, pagesSeen: ["one"], reflections: {}, notes: "", truncated: [],
                  questions: { "q-single": { response: ["hours"], attempts: 1, correct: false } }, outcome: "passed" };
  const { data } = encodeState(CONFIG, state, 4000, 0);
  assert.match(data, /'q':\{'q-single':'c1'\},'o':'p'/);
  assert.deepEqual(decodeState(CONFIG, data).questions, state.questions);
  const broken = data.replace("{'q-single':'c1'}", "{'q-single':'z1','q-gone':'a1'}");
  assert.notEqual(broken, data);
  assert.deepEqual(decodeState(CONFIG, broken).questions, {});
  // the same record read by a course without questions: nothing of them
  const plain = decodeState({ ...CONFIG, questions: undefined }, data);
  assert.equal(plain.questions, undefined);
  assert.equal(plain.outcome, undefined);
});

test("the browser's copy of an answer is checked against the course too", () => {
  const local = { rev: 9, pagesSeen: ["one"], reflections: {}, notes: "", truncated: [], drafts: {},
                  questions: { "q-single": { response: ["goals", "fees"], attempts: 4, correct: false }, "q-old": { response: ["x"], attempts: 1 } } };
  const storage = { available: true, read: () => local, write: () => {} };
  const session = createSession(CONFIG, fakeAdapter({ entry: "resume" }), storage, () => {}, fakeClock(), null, null);
  session.start();
  assert.deepEqual(session.state().questions, { "q-single": { response: ["goals"], attempts: 1, correct: true } });
});
