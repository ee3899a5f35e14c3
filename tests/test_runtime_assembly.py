"""The runtime's modules joined into the one script a package ships
(scormgen/runtime/assemble.py): each file after those it imports, the module syntax
gone, the same bytes every time, and every mistake in the modules refused with where
it is."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from scormgen.runtime import HERE, assemble_runtime
from scormgen.runtime.assemble import ModuleError, join_modules, load_modules


def write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def refusal(folder: Path, entry: str = "main.js") -> str:
    with pytest.raises(ModuleError) as caught:
        join_modules(folder, entry)
    return str(caught.value)


# --- the real runtime ----------------------------------------------------------------

def test_the_same_bytes_every_time_and_from_every_file():
    script = assemble_runtime().decode("utf-8")
    assert join_modules(HERE) == script
    joined = re.findall(r"^/\* --- (\S+) --- \*/$", script, re.M)
    assert sorted(joined) == sorted(path.name for path in HERE.glob("*.js"))
    assert joined[-1] == "main.js"


def test_each_file_comes_after_the_files_it_imports():
    script = assemble_runtime().decode("utf-8")
    position = {name: index for index, name in enumerate(re.findall(r"^/\* --- (\S+) --- \*/$", script, re.M))}
    modules = load_modules(HERE)
    for module in modules.values():
        for imported in module.imports:
            assert position[imported.source] < position[module.name], (module.name, imported.source)


def test_no_module_syntax_nor_type_annotation_is_left():
    script = assemble_runtime().decode("utf-8")
    assert not re.search(r"^\s*(import|export)\b", script, re.M)
    assert "@ts-check" not in script
    assert "/**" not in script, "the type annotations stay in the sources"
    assert script.startswith("/* scormgen runtime: assembled from scormgen/runtime/*.js at build time. */\n"
                             "(function () {\n\"use strict\";\n")
    assert script.endswith("\n})();\n")


def test_no_syntax_newer_than_the_browsers_the_runtime_has_always_run_in():
    code = assemble_runtime().decode("utf-8")
    code = re.sub(r"^\s*//.*$", "", code, flags=re.M)     # whole-line comments
    code = re.sub(r"\s//\s.*$", "", code, flags=re.M)     # end-of-line comments
    for pattern, what in [(r"=>", "arrow function"), (r"\blet\s", "let"), (r"\bconst\s", "const"),
                          (r"`", "template literal"), (r"\bclass\s", "class"), (r"\.\.\.", "spread"),
                          (r"\?\?|\?\.", "?? or ?."), (r"\basync\s|\bawait\s", "async/await")]:
        found = re.search(pattern, code)
        assert found is None, f"{what} in the assembled runtime: {code[max(0, found.start() - 60):found.end() + 60]}"


@pytest.mark.node
def test_the_script_parses(node, tmp_path):
    script = tmp_path / "scormgen.js"
    script.write_bytes(assemble_runtime())
    proc = subprocess.run([node, "--check", str(script)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr


# --- joining, and what it refuses ----------------------------------------------------------

def test_a_small_graph_is_joined_in_dependency_order(tmp_path):
    folder = write(tmp_path / "rt", {
        "main.js": ('// @ts-check\n// Start.\n\nimport { b } from "./b.js";\n'
                    'import {\n  a,\n  A_LIMIT\n} from "./a.js";\n\nb(a(A_LIMIT));\n'),
        "a.js": "// @ts-check\n/** @param {number} x */\nexport function a(x) { return x; }\nexport var A_LIMIT = 3;\n",
        "b.js": ('// @ts-check\nimport { a } from "./a.js";\n\n/** @param {number} x */\n'
                 "export function b(x) { return a(x) + helper(); }\n"
                 "function helper() { return /** @type {number} */ (1); }\n"),
    })
    assert join_modules(folder) == (
        "/* scormgen runtime: assembled from scormgen/runtime/*.js at build time. */\n(function () {\n\"use strict\";\n"
        "/* --- a.js --- */\nfunction a(x) { return x; }\nvar A_LIMIT = 3;\n"
        "/* --- b.js --- */\nfunction b(x) { return a(x) + helper(); }\nfunction helper() { return (1); }\n"
        "/* --- main.js --- */\n// Start.\n\nb(a(A_LIMIT));\n"
        "})();\n")


def test_an_import_cycle_is_refused(tmp_path):
    folder = write(tmp_path / "rt", {
        "main.js": 'import { a } from "./a.js";\na();\n',
        "a.js": 'import { b } from "./b.js";\nexport function a() { return b(); }\n',
        "b.js": 'import { a } from "./a.js";\nexport function b() { return a; }\n',
    })
    assert refusal(folder).startswith("import cycle: a.js -> b.js -> a.js;")


def test_importing_a_name_the_file_does_not_export_is_refused(tmp_path):
    folder = write(tmp_path / "rt", {
        "main.js": '// Start.\nimport { a, hidden } from "./a.js";\na(hidden);\n',
        "a.js": "export function a() {}\nfunction hidden() {}\n",
    })
    assert refusal(folder) == "main.js:2: imports hidden from ./a.js, which does not export it (it exports: a)."


def test_importing_a_missing_file_is_refused(tmp_path):
    folder = write(tmp_path / "rt", {"main.js": 'import { a } from "./gone.js";\na();\n'})
    assert refusal(folder) == f"main.js:1: imports from ./gone.js, which is not in {folder}."


@pytest.mark.parametrize("line", [
    'import a from "./a.js";', 'import * as a from "./a.js";', 'import { a as b } from "./a.js";',
    "export default function a() {}", "export const a = 1;", "export { a };", 'import "./a.js";',
])
def test_other_module_forms_are_refused(tmp_path, line):
    folder = write(tmp_path / "rt", {"main.js": line + "\n", "a.js": "export function a() {}\n"})
    message = refusal(folder)
    assert message.startswith("main.js:1: '"), message
    assert "' is not supported: " in message


def test_the_same_top_level_name_in_two_files_is_refused(tmp_path):
    folder = write(tmp_path / "rt", {
        "main.js": 'import { a } from "./a.js";\nfunction pad() {}\na(pad);\n',
        "a.js": "function pad() {}\nexport function a() { return pad; }\n",
    })
    assert refusal(folder) == ("pad is declared at the top of both a.js:1 and main.js:2; the package joins the "
                               "files into one scope: rename one of them.")


def test_a_file_nothing_imports_is_refused(tmp_path):
    folder = write(tmp_path / "rt", {"main.js": "start();\nfunction start() {}\n", "old.js": "function old() {}\n"})
    assert refusal(folder) == ("old.js: not imported by main.js nor by any file it imports; import it where it "
                               "is used, or remove it.")


def test_a_missing_entry_is_refused(tmp_path):
    folder = write(tmp_path / "rt", {"a.js": "function a() {}\n"})
    assert refusal(folder) == f"main.js is not in {folder}."
