// The data-model tables of scormgen/standards/datamodel.py, as the build writes them
// into a package: from the file SCORMGEN_DATA_MODEL names (tests/test_runtime_js.py
// writes it), else asked of Python (`python -m scormgen.standards.datamodel`).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

function ask() {
  const venv = path.join(ROOT, ".venv", "bin", "python");
  const python = fs.existsSync(venv) ? venv : "python3";
  return execFileSync(python, ["-m", "scormgen.standards.datamodel"], { cwd: ROOT, encoding: "utf8" });
}

const file = process.env.SCORMGEN_DATA_MODEL;
/** { runtime: {target: table | null}, local, strict: {target: model}, suspend: {target: [chars, bytes] | null} } */
export const DATA_MODEL = JSON.parse(file ? fs.readFileSync(file, "utf8") : ask());
