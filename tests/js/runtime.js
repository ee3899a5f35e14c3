// Loads runtime source files the way the build assembles them (one shared scope) and
// returns the functions a test names.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const RUNTIME = path.join(__dirname, "..", "..", "scormgen", "runtime");

function load(files, names) {
  const source = files.map((file) => fs.readFileSync(path.join(RUNTIME, file), "utf8")).join("\n");
  return new Function(`"use strict";\n${source}\nreturn { ${names.join(", ")} };`)();
}

module.exports = { load };
