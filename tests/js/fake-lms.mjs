// Shared by the node tests of the SCORM adapter.

// A fake LMS: keeps what is set, answers what it holds, records every call.
export function fakeLms(table, stored = {}, refuse = null) {
  const m = table.methods;
  const calls = [];
  const data = { ...stored };
  let error = "0";
  const api = {
    [m.initialize]: () => { calls.push(["initialize"]); error = "0"; return "true"; },
    [m.getValue]: (element) => { calls.push(["get", element]); error = "0"; return data[element] ?? ""; },
    [m.setValue]: (element, value) => {
      calls.push(["set", element, value]);
      if (refuse && refuse.test(element)) { error = "405"; return "false"; }
      error = "0"; data[element] = value; return "true";
    },
    [m.commit]: () => { calls.push(["commit"]); error = "0"; return "true"; },
    [m.terminate]: () => { calls.push(["terminate"]); error = "0"; return "true"; },
    [m.getLastError]: () => error,
    [m.getErrorString]: (code) => `error ${code}`,
    [m.getDiagnostic]: () => "",
  };
  return { api, calls, data };
}
