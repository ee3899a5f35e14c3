// A course with questions on the SCORM adapter, for every SCORM target, driven by the
// scored data-model table the build writes (runtime_table(scored=True)): each check as an
// interaction in the standard's own formats, the score, success apart from completion
// (2004) or in the lesson status (1.2), the LMS's mastery score; and every value set is
// one the strict model of that target (the preview's LMS) accepts.
import test from "node:test";
import assert from "node:assert/strict";
import { createLog } from "../../scormgen/runtime/lms.js";
import { createScormAdapter } from "../../scormgen/runtime/adapter-scorm.js";
import { courseScore } from "../../scormgen/runtime/quiz.js";
import { DATA_MODEL } from "./data-model.mjs";
import { fakeLms } from "./fake-lms.mjs";

const TARGETS = Object.keys(DATA_MODEL.scored).filter((name) => DATA_MODEL.scored[name]);
const standardOf = (target) => (target === "scorm12" ? "scorm12" : "scorm2004");

// What each standard calls things (SCORM 1.2 RTE 3.4; SCORM 2004 RTE 4.2), written out here.
const NAMES = {
  scorm12: { status: "cmi.core.lesson_status", raw: "cmi.core.score.raw", min: "cmi.core.score.min",
             max: "cmi.core.score.max", scaled: null, success: null, mastery: "cmi.student_data.mastery_score",
             time: "time", response: "student_response", wrong: "wrong", description: null },
  scorm2004: { status: "cmi.completion_status", raw: "cmi.score.raw", min: "cmi.score.min", max: "cmi.score.max",
               scaled: "cmi.score.scaled", success: "cmi.success_status", mastery: "cmi.scaled_passing_score",
               time: "timestamp", response: "learner_response", wrong: "incorrect", description: "description" },
};

const QUESTIONS = {
  "q-single": { page: "p1", type: "choice", multiple: false, options: ["goals", "fees", "hours"], correct: ["goals"],
                attempts: 1, shuffle: false, prompt: "Which is one of Bordin's components?", choices: {} },
  "q-multiple": { page: "p2", type: "choice", multiple: true, options: ["goals", "tasks", "fees"],
                  correct: ["goals", "tasks"], attempts: 2, shuffle: true, prompt: "Which ones?\nAll.", choices: {} },
  "q-tf": { page: "p3", type: "true-false", multiple: false, options: [], correct: ["true"], attempts: 1,
            shuffle: false, prompt: "True?", choices: {} },
};
const CONFIG = { questions: QUESTIONS, questionOrder: Object.keys(QUESTIONS) };

function setup(target, stored) {
  const table = DATA_MODEL.scored[target];
  const lms = fakeLms(table, stored);
  const log = createLog();
  const adapter = createScormAdapter(lms.api, log, table, standardOf(target));
  return { table, lms, adapter, log, names: NAMES[standardOf(target)], strict: DATA_MODEL.strict[target] };
}

const sets = (calls) => calls.filter((c) => c[0] === "set").map((c) => [c[1], c[2]]);
const generic = (element) => element.replace(/\.\d+\./g, ".n.");

// The strict model's verdict on a value: its element, access, type, vocabulary, range, and
// for a response or a pattern the format of the interaction's type.
function refusal(strict, element, value, types) {
  const rule = strict.elements.find((e) => e.name === generic(element));
  if (!rule) return `${element}: not in the model`;
  if (!rule.access.includes("w")) return `${element}: read only`;
  const type = strict.types[rule.type] || {};
  if (type.pattern && !new RegExp(type.pattern).test(value)) return `${element}: not a ${rule.type} (${value})`;
  if (rule.vocabulary && !rule.vocabulary.includes(value)) return `${element}: not in its vocabulary (${value})`;
  if (rule.range) {
    const [low, high] = rule.range;
    if ((low !== null && Number(value) < low) || (high !== null && Number(value) > high)) return `${element}: out of range`;
  }
  if (rule.limit && value.length > rule.limit) return `${element}: too long`;
  const n = (element.match(/^cmi\.interactions\.(\d+)\./) || [])[1];
  if (/\.(student_response|learner_response|pattern)$/.test(element)) {
    const format = strict.responses[types[n]];
    if (!format) return `${element}: the type of interaction ${n} is unknown`;
    const whole = format.braces ? value.replace(/^\{(.*)\}$/, "$1") : value;
    const items = format.delimiter ? whole.split(format.delimiter) : [whole];
    if (items.length > format.maxItems || !items.every((item) => new RegExp(format.item).test(item))) {
      return `${element}: not a ${types[n]} response (${value})`;
    }
    if (format.unique && new Set(items).size !== items.length) return `${element}: an item twice`;
  }
  return null;
}

function refusals(target, calls) {
  const { strict } = setup(target);
  const types = {};
  const out = [];
  for (const [element, value] of sets(calls)) {
    const n = (element.match(/^cmi\.interactions\.(\d+)\.type$/) || [])[1];
    if (n !== undefined) types[n] = value;
    const why = refusal(strict, element, value, types);
    if (why) out.push(why);
  }
  return out;
}

const answer = (id, chosen, right, latencyMs = 12340) => ({
  id, type: QUESTIONS[id].type, options: QUESTIONS[id].options, chosen, correct: QUESTIONS[id].correct, right,
  time: new Date(Date.UTC(2026, 10, 30, 9, 5, 7, 250)), latencyMs, description: QUESTIONS[id].prompt });

for (const target of TARGETS) {
  test(`${target}: a check is an interaction in the standard's formats, every value one the strict LMS takes`, () => {
    const { lms, adapter, names } = setup(target, { "cmi.interactions._count": "2" });
    adapter.start();
    lms.calls.length = 0;
    adapter.addAnswer(answer("q-multiple", ["goals", "fees"], false));
    adapter.addAnswer(answer("q-tf", ["true"], true, 3600000 + 62500));
    const written = sets(lms.calls);
    const first = written.filter(([element]) => element.startsWith("cmi.interactions.2."))
      .map(([element, value]) => [element.slice("cmi.interactions.2.".length), value]);
    const twelve = target === "scorm12";
    assert.deepEqual(first.map(([field]) => field), ["id", "type", names.time, ...(twelve ? [] : ["description"]),
      names.response, "correct_responses.0.pattern", "result", "weighting", "latency"], "the id first, the type before the response");
    const values = Object.fromEntries(first);
    assert.equal(values.id, "q-multiple");
    assert.equal(values.type, "choice");
    assert.equal(values[names.response], twelve ? "a,c" : "goals[,]fees");
    assert.equal(values["correct_responses.0.pattern"], twelve ? "a,b" : "goals[,]tasks");
    assert.equal(values.result, names.wrong);
    assert.equal(values.weighting, "1");
    assert.equal(values.latency, twelve ? "00:00:12.34" : "PT12.34S");
    if (!twelve) assert.equal(values.description, "Which ones?\u00b6All.", "the prompt, its line break encoded");
    const second = Object.fromEntries(written.filter(([element]) => element.startsWith("cmi.interactions.3."))
      .map(([element, value]) => [element.slice("cmi.interactions.3.".length), value]));
    assert.deepEqual([second.type, second[names.response], second["correct_responses.0.pattern"], second.result,
                      second.latency], twelve ? ["true-false", "t", "t", "correct", "01:01:02.50"]
      : ["true-false", "true", "true", "correct", "PT1H1M2.5S"]);
    assert.deepEqual(refusals(target, lms.calls), []);
  });

  test(`${target}: the score after the first check, success apart from completion in 2004`, () => {
    const { lms, adapter, names } = setup(target);
    adapter.start();
    lms.calls.length = 0;
    adapter.setScore(courseScore(CONFIG, {}, 80));
    assert.deepEqual(sets(lms.calls), [], "no score before a question is answered");
    const one = { response: ["goals"], attempts: 1, correct: true };
    const wrong = { response: ["false"], attempts: 1, correct: false };
    adapter.setScore(courseScore(CONFIG, { "q-single": one }, 80));
    adapter.setScore(courseScore(CONFIG, { "q-single": one, "q-multiple": { ...one, response: ["goals", "tasks"] }, "q-tf": wrong }, 80));
    adapter.setScore(courseScore(CONFIG, { "q-single": one, "q-multiple": { ...one, response: ["goals", "tasks"] }, "q-tf": wrong }, 60));
    const expected = [];
    for (const [raw, scaled, success] of [["33.33", "0.3333", "unknown"], ["66.67", "0.6667", "failed"], ["66.67", "0.6667", "passed"]]) {
      if (names.scaled) expected.push([names.scaled, scaled]);
      expected.push([names.raw, raw], [names.min, "0"], [names.max, "100"]);
      if (names.success) expected.push([names.success, success]);
    }
    assert.deepEqual(sets(lms.calls), expected);
    assert.deepEqual(refusals(target, lms.calls), []);
  });

  test(`${target}: the LMS's mastery score, as a percentage`, () => {
    const value = target === "scorm12" ? "75" : "0.75";
    assert.equal(setup(target, { [NAMES[standardOf(target)].mastery]: value }).adapter.masteryScore(), 75);
    assert.equal(setup(target).adapter.masteryScore(), null, "none given");
  });
}

test("scorm2004: completion goes as before; the verdict is success_status's", () => {
  const { lms, adapter } = setup("scorm2004-4th");
  adapter.start();
  adapter.setScore(courseScore(CONFIG, {}, 80));
  adapter.setProgress(1, true);
  assert.equal(lms.data["cmi.completion_status"], "completed", "complete though no question is answered");
  assert.equal(lms.data["cmi.success_status"], undefined, "unknown, as the LMS starts it");
});

test("scorm12: the lesson status waits for every question, then says passed or failed", () => {
  const { lms, adapter } = setup("scorm12");
  adapter.start();
  const right = (id) => ({ response: QUESTIONS[id].correct, attempts: 1, correct: true });
  const wrong = { response: ["false"], attempts: 1, correct: false };
  const status = () => lms.data["cmi.core.lesson_status"];
  adapter.setScore(courseScore(CONFIG, {}, 80));
  adapter.setProgress(1, true);
  assert.equal(status(), "incomplete", "complete, but no question answered");
  const two = { "q-single": right("q-single"), "q-multiple": right("q-multiple") };
  adapter.setScore(courseScore(CONFIG, two, 80));
  adapter.setProgress(1, true);
  assert.equal(status(), "incomplete", "a question still to answer");
  adapter.setScore(courseScore(CONFIG, { ...two, "q-tf": wrong }, 80));
  adapter.setProgress(1, false);
  assert.equal(status(), "incomplete", "every question answered, but the course is not complete");
  adapter.setProgress(1, true);
  assert.equal(status(), "failed");
  adapter.setScore(courseScore(CONFIG, { ...two, "q-tf": right("q-tf") }, 80));
  adapter.setProgress(1, true);
  assert.equal(status(), "passed");
  adapter.setScore(courseScore(CONFIG, { ...two, "q-tf": wrong }, 80));
  adapter.setProgress(1, true);
  assert.equal(status(), "passed", "never down from passed");
  assert.deepEqual(refusals("scorm12", lms.calls), []);
});

test("scorm12: without a mastery score nothing is judged: completed as the completion rule says", () => {
  const { lms, adapter } = setup("scorm12");
  adapter.start();
  adapter.setScore(courseScore(CONFIG, {}, null));
  adapter.setProgress(0.5, false);
  assert.equal(lms.data["cmi.core.lesson_status"], "incomplete");
  adapter.setScore(courseScore(CONFIG, { "q-single": { response: ["fees"], attempts: 1, correct: false } }, null));
  adapter.setProgress(1, true);
  assert.equal(lms.data["cmi.core.lesson_status"], "completed", "no question needs answering to complete");
});

test("scorm12: a status judged earlier is judged again; completed is kept over by a verdict only", () => {
  const { lms, adapter } = setup("scorm12", { "cmi.core.lesson_status": "completed", "cmi.core.entry": "resume" });
  adapter.start();
  const all = Object.fromEntries(Object.keys(QUESTIONS).map((id) => [id, { response: QUESTIONS[id].correct, attempts: 1, correct: true }]));
  adapter.setScore(courseScore(CONFIG, all, 80));
  adapter.setProgress(1, true);
  assert.equal(lms.data["cmi.core.lesson_status"], "passed", "completed before the course was scored: the verdict now");
  const failed = setup("scorm12", { "cmi.core.lesson_status": "failed", "cmi.core.entry": "resume" });
  failed.adapter.start();
  failed.adapter.setScore(courseScore(CONFIG, all, null));
  failed.adapter.setProgress(1, true);
  assert.equal(failed.lms.data["cmi.core.lesson_status"], "completed", "no mastery score any more: completed");
});

test("scorm12: the mastery score is not asked of an LMS whose cmi._children leaves student_data out", () => {
  const { lms, adapter } = setup("scorm12", { "cmi._children": "core,suspend_data,launch_data,interactions",
                                               "cmi.student_data.mastery_score": "80" });
  adapter.start();
  assert.equal(adapter.masteryScore(), null);
  assert.ok(!lms.calls.some((c) => c[1] === "cmi.student_data.mastery_score"));
});

test("an unscored table writes no score and no question", () => {
  const table = DATA_MODEL.runtime["scorm2004-4th"];
  const lms = fakeLms(table);
  const adapter = createScormAdapter(lms.api, createLog(), table, "scorm2004");
  adapter.start();
  lms.calls.length = 0;
  adapter.addAnswer(answer("q-single", ["goals"], true));
  adapter.setScore(courseScore(CONFIG, { "q-single": { response: ["goals"], attempts: 1, correct: true } }, 80));
  assert.equal(adapter.masteryScore(), null);
  assert.deepEqual(lms.calls, []);
});

test("the strict check used above refuses what the standards refuse", () => {
  const choice = { 0: "choice" };
  const trueFalse = { 0: "true-false" };
  assert.match(refusal(DATA_MODEL.strict.scorm12, "cmi.interactions.0.student_response", "goals", choice), /not a choice/);
  assert.match(refusal(DATA_MODEL.strict.scorm12, "cmi.interactions.0.student_response", "true", trueFalse), /true-false/);
  assert.match(refusal(DATA_MODEL.strict.scorm12, "cmi.interactions.0.result", "incorrect", choice), /CMIVocabulary/);
  assert.match(refusal(DATA_MODEL.strict["scorm2004-4th"], "cmi.interactions.0.result", "wrong", choice), /result/);
  assert.equal(refusal(DATA_MODEL.strict["scorm2004-4th"], "cmi.interactions.0.learner_response", "goals[,]fees", choice), null);
  assert.match(refusal(DATA_MODEL.strict["scorm2004-4th"], "cmi.interactions.0.learner_response", "a b", choice), /not a choice/);
  assert.match(refusal(DATA_MODEL.strict["scorm2004-4th"], "cmi.interactions.0.learner_response", "a[,]a", choice), /twice/);
  assert.match(refusal(DATA_MODEL.strict["scorm2004-4th"], "cmi.interactions.0.learner_response", "t", trueFalse), /true-false/);
  assert.match(refusal(DATA_MODEL.strict["scorm2004-4th"], "cmi.score.scaled", "1.5", {}), /range/);
  assert.match(refusal(DATA_MODEL.strict["scorm2004-4th"], "cmi.scaled_passing_score", "0.5", {}), /read only/);
  assert.match(refusal(DATA_MODEL.strict["scorm2004-4th"], "cmi.success_status", "completed", {}), /vocabulary/);
});
