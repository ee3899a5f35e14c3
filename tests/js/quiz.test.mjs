// Knowledge checks, the pure part (scormgen/runtime/quiz.js): right or wrong, when a question
// is over, the score and verdict, each standard's response format (from the data-model
// tables the build writes), the learner's own order of shuffled options, and what
// suspend_data keeps of a question.
import test from "node:test";
import assert from "node:assert/strict";
import { answersFor, chosenIds, courseScore, formatResponse, isOver, isRight, keepAnswer, masteryPercent,
         readAnswer, shuffled, XAPI_RESPONSES } from "../../scormgen/runtime/quiz.js";
import { DATA_MODEL } from "./data-model.mjs";

const SINGLE = { page: "p1", type: "choice", multiple: false, options: ["goals", "fees", "hours"], correct: ["goals"],
                 attempts: 1, shuffle: false, prompt: "Which?", choices: { goals: "Goals", fees: "Fees", hours: "Hours" } };
const MULTIPLE = { page: "p2", type: "choice", multiple: true, options: ["goals", "tasks", "fees"],
                   correct: ["goals", "tasks"], attempts: 2, shuffle: true, prompt: "Which ones?", choices: {} };
const TRUE_FALSE = { page: "p3", type: "true-false", multiple: false, options: [], correct: ["true"], attempts: 1,
                     shuffle: false, prompt: "True?", choices: {} };
const CONFIG = { questions: { "q-single": SINGLE, "q-multiple": MULTIPLE, "q-tf": TRUE_FALSE },
                 questionOrder: ["q-single", "q-multiple", "q-tf"] };

test("what a choice stands for: known options in source order, one for a single choice", () => {
  for (const [question, chosen, ids] of [
    [SINGLE, ["fees"], ["fees"]],
    [SINGLE, ["hours", "goals"], ["goals"]],
    [SINGLE, ["nope"], []],
    [MULTIPLE, ["fees", "goals"], ["goals", "fees"]],
    [MULTIPLE, ["tasks", "tasks", "x"], ["tasks"]],
    [MULTIPLE, [], []],
    [TRUE_FALSE, ["false"], ["false"]],
    [TRUE_FALSE, ["maybe", "true"], ["true"]],
    [TRUE_FALSE, ["goals"], []],
  ]) assert.deepEqual(chosenIds(question, chosen), ids, JSON.stringify(chosen));
});

test("right only when exactly the correct options are chosen", () => {
  for (const [question, ids, right] of [
    [SINGLE, ["goals"], true], [SINGLE, ["fees"], false],
    [MULTIPLE, ["goals", "tasks"], true], [MULTIPLE, ["goals"], false], [MULTIPLE, ["goals", "tasks", "fees"], false],
    [TRUE_FALSE, ["true"], true], [TRUE_FALSE, ["false"], false],
  ]) assert.equal(isRight(question, ids), right, JSON.stringify(ids));
});

test("a question is over once right, or once its last attempt is used", () => {
  assert.equal(isOver(MULTIPLE, undefined), false);
  assert.equal(isOver(MULTIPLE, { response: ["fees"], attempts: 1, correct: false }), false);
  assert.equal(isOver(MULTIPLE, { response: ["fees"], attempts: 2, correct: false }), true);
  assert.equal(isOver(MULTIPLE, { response: ["goals", "tasks"], attempts: 1, correct: true }), true);
  assert.equal(isOver(SINGLE, { response: ["fees"], attempts: 1, correct: false }), true);
});

test("the score counts every question, the verdict waits for the last one", () => {
  const right = { response: ["goals"], attempts: 1, correct: true };
  const wrong = { response: ["fees"], attempts: 1, correct: false };
  for (const [answers, mastery, expected] of [
    [{}, 80, { answered: 0, correct: 0, raw: 0, scaled: 0, complete: false, passed: null }],
    [{ "q-single": right }, 80, { answered: 1, correct: 1, raw: 33.33, scaled: 0.3333, complete: false, passed: null }],
    [{ "q-single": right, "q-multiple": right }, 80, { answered: 2, correct: 2, raw: 66.67, scaled: 0.6667, complete: false, passed: null }],
    [{ "q-single": right, "q-multiple": right, "q-tf": wrong }, 80, { answered: 3, correct: 2, raw: 66.67, scaled: 0.6667, complete: true, passed: false }],
    [{ "q-single": right, "q-multiple": right, "q-tf": wrong }, 66.67, { answered: 3, correct: 2, raw: 66.67, scaled: 0.6667, complete: true, passed: true }],
    [{ "q-single": right, "q-multiple": right, "q-tf": right }, 100, { answered: 3, correct: 3, raw: 100, scaled: 1, complete: true, passed: true }],
    [{ "q-single": wrong, "q-multiple": wrong, "q-tf": wrong }, 0, { answered: 3, correct: 0, raw: 0, scaled: 0, complete: true, passed: true }],
    [{ "q-single": right, "q-multiple": right, "q-tf": right }, null, { answered: 3, correct: 3, raw: 100, scaled: 1, complete: true, passed: null }],
    [{ "q-single": right, "unknown": right }, 50, { answered: 1, correct: 1, raw: 33.33, scaled: 0.3333, complete: false, passed: null }],
  ]) {
    const score = courseScore(CONFIG, answers, mastery);
    assert.deepEqual(score, { total: 3, mastery, ...expected }, JSON.stringify(answers));
  }
  assert.deepEqual(courseScore({ questionOrder: [] }, {}, 80).total, 0);
  // six questions, five right: 83.33, and 0.8333 written exactly
  const six = { questionOrder: ["a", "b", "c", "d", "e", "f"] };
  const five = Object.fromEntries(["a", "b", "c", "d", "e"].map((id) => [id, right]));
  assert.deepEqual([courseScore(six, five, null).raw, String(courseScore(six, five, null).scaled)], [83.33, "0.8333"]);
});

test("an LMS's mastery value as a percentage", () => {
  for (const [value, scale, percent] of [
    ["80", 1, 80], ["72.5", 1, 72.5], ["0.8", 100, 80], ["0.57", 100, 57], [0.57, 100, 57], [0.75, 100, 75],
    ["", 1, null], [null, 1, null], [undefined, 100, null], ["abc", 1, null], ["-0.5", 100, 0], ["150", 1, 100],
  ]) assert.equal(masteryPercent(value, scale), percent, `${value} x ${scale}`);
});

const FORMATS = {
  scorm12: DATA_MODEL.scored.scorm12.scoring.responses,
  scorm2004: DATA_MODEL.scored["scorm2004-4th"].scoring.responses,
  xapi: XAPI_RESPONSES,
};

test("each standard's response format, as the data-model table says it", () => {
  // SCORM 1.2 RTE 3.4.4: letters by the option's place, comma-separated; t or f.
  // SCORM 2004 RTE 4.2.9 and xAPI: the ids, "[,]"; true or false.
  for (const [standard, question, ids, written] of [
    ["scorm12", SINGLE, ["goals"], "a"], ["scorm12", SINGLE, ["hours"], "c"],
    ["scorm12", MULTIPLE, ["fees", "goals"], "a,c"], ["scorm12", MULTIPLE, ["goals", "tasks"], "a,b"],
    ["scorm12", TRUE_FALSE, ["true"], "t"], ["scorm12", TRUE_FALSE, ["false"], "f"],
    ["scorm2004", SINGLE, ["hours"], "hours"], ["scorm2004", MULTIPLE, ["fees", "goals"], "goals[,]fees"],
    ["scorm2004", TRUE_FALSE, ["true"], "true"], ["scorm2004", TRUE_FALSE, ["false"], "false"],
    ["xapi", MULTIPLE, ["tasks", "goals"], "goals[,]tasks"], ["xapi", TRUE_FALSE, ["false"], "false"],
  ]) assert.equal(formatResponse(FORMATS[standard][question.type], question, ids), written, `${standard} ${ids}`);
  // the 26th option of a SCORM 1.2 choice is z
  const letters = { options: Array.from({ length: 26 }, (_, n) => `o${n}`) };
  assert.equal(formatResponse(FORMATS.scorm12.choice, letters, ["o25", "o0"]), "a,z");
});

test("a shuffled order is the learner's own, the same every time", () => {
  const ids = ["a", "b", "c", "d", "e", "f"];
  const once = shuffled(ids, "learner-1\nq-multiple");
  assert.deepEqual(shuffled(ids, "learner-1\nq-multiple"), once, "the same learner, the same order");
  assert.deepEqual([...once].sort(), ids, "every option once");
  assert.deepEqual(ids, ["a", "b", "c", "d", "e", "f"], "the list given is left as it was");
  const orders = new Set(Array.from({ length: 40 }, (_, n) => shuffled(ids, `learner-${n}\nq-multiple`).join("")));
  assert.ok(orders.size > 20, `learners get many orders (${orders.size} of 40)`);
  const firsts = new Set(Array.from({ length: 60 }, (_, n) => shuffled(ids, `l${n}\nq`)[0]));
  assert.equal(firsts.size, 6, "any option may come first");
  assert.notDeepEqual(shuffled(ids, "learner-1\nq-other"), once);
});

test("suspend_data keeps a question's response and attempts in a few characters", () => {
  for (const [question, answer, kept] of [
    [SINGLE, { response: ["hours"], attempts: 1, correct: false }, "c1"],
    [MULTIPLE, { response: ["goals", "tasks"], attempts: 2, correct: true }, "ab2"],
    [TRUE_FALSE, { response: ["false"], attempts: 1, correct: false }, "f1"],
    [TRUE_FALSE, { response: ["true"], attempts: 1, correct: true }, "t1"],
  ]) {
    assert.equal(keepAnswer(question, answer), kept);
    assert.deepEqual(readAnswer(question, kept), answer);
  }
});

test("a kept answer that no longer fits the question is dropped, and judged by today's correct options", () => {
  for (const [question, kept] of [
    [SINGLE, "d1"], [SINGLE, "a0"], [SINGLE, "1"], [SINGLE, ""], [SINGLE, 3], [SINGLE, null],
    [MULTIPLE, "aa1"], [TRUE_FALSE, "x1"], [TRUE_FALSE, "a1"], [SINGLE, "A1"],
  ]) assert.equal(readAnswer(question, kept), null, JSON.stringify(kept));
  // more attempts than the question now allows: as many as it allows
  assert.deepEqual(readAnswer(SINGLE, "a5"), { response: ["goals"], attempts: 1, correct: true });
  // a single choice kept with two letters keeps the first
  assert.deepEqual(readAnswer(SINGLE, "ba1"), { response: ["goals"], attempts: 1, correct: true });
  // the correct options changed: the same response is now wrong
  assert.deepEqual(readAnswer({ ...SINGLE, correct: ["fees"] }, "a1"), { response: ["goals"], attempts: 1, correct: false });
});

test("answers from the browser's copy are checked against the course", () => {
  const answers = answersFor(CONFIG, {
    "q-single": { response: ["fees"], attempts: 1, correct: true },    // the flag is judged again
    "q-multiple": { response: ["tasks", "goals", "nope"], attempts: 1.7, correct: false },
    "q-tf": { response: [], attempts: 1, correct: false },             // nothing chosen: dropped
    "q-gone": { response: ["goals"], attempts: 1, correct: true },     // not in the course: dropped
  });
  assert.deepEqual(answers, {
    "q-single": { response: ["fees"], attempts: 1, correct: false },
    "q-multiple": { response: ["goals", "tasks"], attempts: 1, correct: true },
  });
  assert.deepEqual(answersFor(CONFIG, null), {});
  assert.deepEqual(answersFor(CONFIG, { "q-single": "goals" }), {});
});
