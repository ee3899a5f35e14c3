// The SCORM adapter against a fake LMS API, for every SCORM target, driven by the
// data-model table the build writes into that target's packages: the elements each
// standard names, the words and time formats it takes, and the limits of the table.
import test from "node:test";
import assert from "node:assert/strict";
import { TRUNCATION_MARKER } from "../../scormgen/runtime/codec.js";
import { createLog } from "../../scormgen/runtime/lms.js";
import { createScormAdapter } from "../../scormgen/runtime/adapter-scorm.js";
import { DATA_MODEL } from "./data-model.mjs";
import { fakeLms } from "./fake-lms.mjs";

const TARGETS = Object.keys(DATA_MODEL.runtime).filter((name) => DATA_MODEL.runtime[name]);
const standardOf = (target) => (target === "scorm12" ? "scorm12" : "scorm2004");

// What each standard calls things (SCORM 1.2 RTE 3.4; SCORM 2004 RTE 4.2), written out
// here so that a wrong name in the table fails a test.
const NAMES = {
  scorm12: {
    api: "API", initialize: "LMSInitialize", setValue: "LMSSetValue", terminate: "LMSFinish",
    entry: "cmi.core.entry", status: "cmi.core.lesson_status", exit: "cmi.core.exit", learnerId: "cmi.core.student_id",
    location: "cmi.core.lesson_location", suspendData: "cmi.suspend_data", sessionTime: "cmi.core.session_time",
    notes: "cmi.comments", interactionTime: "time", response: "student_response", interactionType: "fill-in",
    objectiveStatus: "status", progress: null, description: null, notesTime: null,
    sessionTimeFormat: /^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$/, timeFormat: /^\d{2}:\d{2}:\d{2}\.\d{2}$/,
  },
  scorm2004: {
    api: "API_1484_11", initialize: "Initialize", setValue: "SetValue", terminate: "Terminate",
    entry: "cmi.entry", status: "cmi.completion_status", exit: "cmi.exit", learnerId: "cmi.learner_id",
    location: "cmi.location", suspendData: "cmi.suspend_data", sessionTime: "cmi.session_time",
    notes: "cmi.comments_from_learner.0.comment", interactionTime: "timestamp", response: "learner_response",
    interactionType: "long-fill-in", objectiveStatus: "completion_status", progress: "cmi.progress_measure",
    description: "description", notesTime: "cmi.comments_from_learner.0.timestamp",
    sessionTimeFormat: /^PT(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?$/, timeFormat: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/,
  },
};

function quietLog() {
  const log = createLog();
  const warn = console.warn;
  console.warn = () => {};
  return { log, restore: () => { console.warn = warn; } };
}

function setup(target, stored, refuse) {
  const table = DATA_MODEL.runtime[target];
  const lms = fakeLms(table, stored, refuse);
  const quiet = quietLog();
  const adapter = createScormAdapter(lms.api, quiet.log, table, standardOf(target));
  return { table, lms, adapter, log: quiet.log, restore: quiet.restore, names: NAMES[standardOf(target)] };
}

const sets = (calls) => calls.filter((c) => c[0] === "set").map((c) => [c[1], c[2]]);
const gets = (calls) => calls.filter((c) => c[0] === "get").map((c) => c[1]);

for (const target of TARGETS) {
  test(`${target}: the table names the standard's API and elements`, () => {
    const { table, names } = setup(target);
    assert.equal(table.apiName, names.api);
    assert.equal(table.methods.initialize, names.initialize);
    assert.equal(table.methods.terminate, names.terminate);
    for (const role of ["entry", "status", "exit", "learnerId", "location", "suspendData", "sessionTime", "notes"]) {
      assert.equal(table.elements[role], names[role], role);
    }
    assert.equal(table.elements.progress ?? null, names.progress);
    assert.equal(table.elements.notesTime ?? null, names.notesTime);
    assert.equal(table.interaction.response, names.response);
    assert.equal(table.interaction.description ?? null, names.description);
    assert.deepEqual([table.limits.suspendData, table.limits.suspendBytes], DATA_MODEL.suspend[target]);
  });

  test(`${target}: a first launch says incomplete and suspend, and reads what it may`, () => {
    const { lms, adapter, names, table } = setup(target);
    const info = adapter.start();
    assert.equal(info.connected, true);
    assert.equal(info.status, "incomplete");
    assert.deepEqual(sets(lms.calls), [[names.status, "incomplete"], [names.exit, "suspend"]]);
    const read = gets(lms.calls).filter((element) => element !== "cmi._children");
    assert.deepEqual(read.slice(0, 3), [names.entry, names.status, "cmi.interactions._count"]);
    // not a resume: SCORM 2004 may not read location and suspend_data yet (error 403)
    const resumeOnly = table.resumeOnly.map((role) => table.elements[role]);
    for (const element of [names.location, names.suspendData]) {
      assert.equal(read.includes(element), !resumeOnly.includes(element), element);
    }
    assert.equal(lms.calls[0][0], "initialize");
  });

  test(`${target}: a resumed launch reads the location and the resume data`, () => {
    const stored = { [NAMES[standardOf(target)].entry]: "resume", [NAMES[standardOf(target)].location]: "p2",
                     [NAMES[standardOf(target)].suspendData]: "{}", [NAMES[standardOf(target)].status]: "completed" };
    const { lms, adapter } = setup(target, stored);
    const info = adapter.start();
    assert.equal(info.entry, "resume");
    assert.equal(info.location, "p2");
    assert.equal(info.suspendData, "{}");
    assert.equal(info.status, "completed");
    assert.equal(sets(lms.calls).length, 1, "only the exit is said: the status stays completed");
  });

  test(`${target}: values are cut to the table's limits`, () => {
    const { lms, adapter, names, table } = setup(target);
    adapter.start();
    lms.calls.length = 0;
    adapter.setLocation("p".repeat(table.limits.location + 10));
    const result = adapter.addInteraction({ id: "r1", response: "line\n" + "r".repeat(table.limits.response),
                                            time: new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 670)), description: "d".repeat(300) });
    const notes = adapter.setNotes("n".repeat(table.limits.comments + 1));
    const written = Object.fromEntries(sets(lms.calls));
    assert.equal(written[names.location].length, table.limits.location);
    const at = "cmi.interactions.0.";
    assert.deepEqual(sets(lms.calls).slice(1, 5).map(([element]) => element),
                     ["id", "type", names.interactionTime, names.response].map((field) => at + field));
    assert.equal(written[at + "type"], names.interactionType);
    assert.match(written[at + names.interactionTime], names.timeFormat);
    assert.equal(written[at + names.response].length, table.limits.response);
    assert.ok(written[at + names.response].startsWith("line\u00b6"), "line breaks are written as a pilcrow");
    assert.ok(written[at + names.response].endsWith(TRUNCATION_MARKER));
    assert.deepEqual(result, { truncated: true, limit: table.limits.response });
    if (names.description) assert.equal(written[at + names.description].length, table.limits.description);
    else assert.ok(!Object.keys(written).some((element) => element.endsWith("description")));
    assert.equal(written[names.notes].length, table.limits.comments);
    assert.deepEqual(notes, { truncated: true, limit: table.limits.comments });
    if (names.notesTime) assert.match(written[names.notesTime], names.timeFormat);
  });

  test(`${target}: progress, completion, objectives, then the end of the session`, () => {
    const { lms, adapter, names } = setup(target, { "cmi.objectives._count": "1", "cmi.objectives.0.id": "o1" });
    adapter.start();
    lms.calls.length = 0;
    adapter.setProgress(1 / 3, false);
    adapter.setProgress(1, true);
    adapter.setProgress(1, true);
    adapter.setObjectives(["o1", "o2"], true);
    adapter.setSuspendData("state");
    assert.equal(adapter.commit(), true);
    assert.equal(adapter.finish(3723450), true);
    const progress = names.progress ? [[names.progress, "0.3333333"], [names.progress, "1"]] : [];
    const expected = [
      ...progress.slice(0, 1), ...progress.slice(1), [names.status, "completed"], ...progress.slice(1),
      ["cmi.objectives.0." + names.objectiveStatus, "completed"],
      ["cmi.objectives.1.id", "o2"], ["cmi.objectives.1." + names.objectiveStatus, "completed"],
      [names.suspendData, "state"],
    ];
    const written = sets(lms.calls);
    assert.deepEqual(written.slice(0, -2), expected);
    assert.equal(written.at(-2)[0], names.sessionTime);
    assert.match(written.at(-2)[1], names.sessionTimeFormat);
    assert.deepEqual(written.at(-1), [names.exit, "suspend"]);
    assert.deepEqual(lms.calls.at(-1), ["terminate"]);
  });

  test(`${target}: a refused call goes to the log and the learner goes on`, () => {
    const { adapter, log, restore } = setup(target, {}, /location/);
    try {
      adapter.start();
      assert.doesNotThrow(() => adapter.setLocation("p1"));
      const failures = log.failures();
      assert.equal(failures.length, 1);
      assert.equal(failures[0].element, NAMES[standardOf(target)].location);
      assert.equal(failures[0].error.code, "405");
    } finally {
      restore();
    }
  });
}

test("without an LMS API, Initialize refused: not connected", () => {
  const table = DATA_MODEL.runtime.scorm12;
  const { api } = fakeLms(table);
  api[table.methods.initialize] = () => "false";
  const quiet = quietLog();
  try {
    assert.deepEqual(createScormAdapter(api, quiet.log, table, "scorm12").start(), { connected: false });
  } finally {
    quiet.restore();
  }
});

test("the xAPI targets have no SCORM table, and the browser-only adapter its own room", () => {
  assert.equal(DATA_MODEL.runtime.xapi, null);
  assert.equal(DATA_MODEL.runtime.cmi5, null);
  assert.ok(DATA_MODEL.local.suspendData >= Math.max(...TARGETS.map((t) => DATA_MODEL.runtime[t].limits.suspendData)));
});


test("scorm12: nothing is set in a part the LMS says it does not implement (cmi._children)", () => {
  // Chamilo 1.11 lists no "comments" and answers 401 to LMSSetValue("cmi.comments", ...)
  const { lms, adapter, restore } = setup("scorm12", {
    "cmi._children": "core,suspend_data,launch_data,objectives,student_data,interactions" });
  try {
    adapter.start();
    assert.deepEqual(adapter.setNotes("my notes"), { truncated: false, limit: 4096 });
    adapter.addInteraction({ id: "r-1", response: "an answer", time: new Date(), description: "Why?" });
    const elements = sets(lms.calls).map((pair) => pair[0]);
    assert.equal(elements.includes("cmi.comments"), false);
    assert.ok(elements.includes("cmi.interactions.0.id"));
    assert.equal(gets(lms.calls)[0], "cmi._children");
  } finally {
    restore();
  }
});

test("scorm12: an LMS that lists its parts with every part gets the notes", () => {
  const { lms, adapter, restore } = setup("scorm12", {
    "cmi._children": "core,suspend_data,launch_data,comments,objectives,student_data,student_preference,interactions" });
  try {
    adapter.start();
    adapter.setNotes("my notes");
    assert.ok(sets(lms.calls).some((pair) => pair[0] === "cmi.comments" && pair[1] === "my notes"));
  } finally {
    restore();
  }
});
