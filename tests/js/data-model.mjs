// The data-model tables of scormgen/standards/datamodel.py, as the build writes them into
// packages, asked of Python (data_model.py; SCORMGEN_PYTHON names the interpreter, else
// the repository's .venv, else python3).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "..", "..");
const VENV = path.join(ROOT, ".venv", "bin", "python");
const PYTHON = process.env.SCORMGEN_PYTHON || (fs.existsSync(VENV) ? VENV : "python3");

/** { runtime: {target: table | null}, scored: {target: table with scoring | null}, local, strict: {target: model},
 *    suspend: {target: [chars, bytes] | null} } */
export const DATA_MODEL = JSON.parse(execFileSync(PYTHON, [path.join(HERE, "data_model.py")],
                                                  { cwd: ROOT, encoding: "utf8" }));
