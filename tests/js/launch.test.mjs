// Launch parameters: a malformed percent-escape never stops the course ("URI malformed").
import test from "node:test";
import assert from "node:assert/strict";
import { queryParams, safeDecode } from "../../scormgen/runtime/launch.js";

const CASES = [
  ["plain", "plain"],
  ["caf%C3%A9", "café"],
  ["%E0%A4%A", "%E0%A4%A"],            // cut short: kept as written
  ["a%E0%A4%Zb%20c", "a%E0%A4%Zb c"],   // what can be decoded is
  ["%", "%"],
  ["%ZZ", "%ZZ"],
  ["100%25", "100%"],
];

for (const [raw, expected] of CASES) {
  test(`safeDecode(${JSON.stringify(raw)})`, () => {
    assert.equal(safeDecode(raw), expected);
  });
}

test("a malformed escape in the query string keeps the other parameters", () => {
  const params = queryParams("?endpoint=https%3A%2F%2Flrs.example%2F&actor=%E0%A4%A&registration=r-1");
  assert.equal(params.endpoint, "https://lrs.example/");
  assert.equal(params.actor, "%E0%A4%A");
  assert.equal(params.registration, "r-1");
});

test("a cmi5 launch's actor is used exactly as given (cmi5 8.1.3.0-3)", async () => {
  const { exactActor, parseActor } = await import("../../scormgen/runtime/launch.js");
  const given = { account: { homePage: "https://lms.example", name: "u42" }, name: "Jane" };
  assert.deepEqual(exactActor(JSON.stringify(given)), given);          // no objectType added
  assert.equal(exactActor("[1, 2]"), null);
  assert.equal(exactActor("not json"), null);
  assert.equal(parseActor(JSON.stringify(given)).objectType, "Agent");  // Tin Can launches still normalised
});
