"""Joining the runtime's modules into the one small script a package ships.

Each ``scormgen/runtime/*.js`` file is an ES module: it names what it uses from the
others (``import { encodeState } from "./suspend.js";``) and marks what it offers
(``export function ...``, ``export var ...``), so that Node's tests and the type
checker read each file on its own. A package, though, should load one file in every
browser that ran the runtime so far: the build puts each file after the files it
imports, starting from ``main.js``, drops the import lines and the ``export`` keywords,
and wraps the whole in one function scope.

Only the forms written above are accepted; anything else (a default export, a renamed
import, an import cycle, a name the other file does not export, a file nothing
imports, the same top-level name in two files, which would clash once joined) is
refused with the file and line, never guessed at.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

HEADER = "/* scormgen runtime: assembled from scormgen/runtime/*.js at build time. */"
TYPE_CHECK = "// @ts-check"

_IMPORT = re.compile(r'^import[ \t]*\{([^}]*)\}[ \t]*from[ \t]*"\./([\w.-]+\.js)"[ \t]*;[ \t]*(?:\n|$)', re.M)
_EXPORT = re.compile(r"^export[ \t]+(?=(?:function|var)[ \t])", re.M)
_DECLARATION = re.compile(r"^(?:export[ \t]+)?(?:function|var)[ \t]+([A-Za-z_$][\w$]*)", re.M)
_ANNOTATION = re.compile(r"^[ \t]*/\*\*(?:(?!\*/)[\s\S])*\*/[ \t]*\n", re.M)
_INLINE_ANNOTATION = re.compile(r"/\*\*(?:(?!\*/)[^\n])*\*/ ?")  # a cast: /** @type {X} */ (value)
_MODULE_LINE = re.compile(r"^(?:import|export)\b.*$", re.M)
_NAME = re.compile(r"^[A-Za-z_$][\w$]*$")


class ModuleError(Exception):
    """A runtime source file that cannot be joined safely."""


@dataclass(frozen=True)
class Import:
    source: str               # the file imported from
    names: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class Module:
    name: str
    imports: tuple[Import, ...]
    exports: frozenset[str]
    declarations: tuple[tuple[str, int], ...]  # top-level (name, line)
    body: str                 # the source without its import lines and export keywords


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _imported_names(name: str, line: int, listed: str) -> tuple[str, ...]:
    names = tuple(part.strip() for part in listed.split(",") if part.strip())
    for imported in names:
        if not _NAME.match(imported):
            raise ModuleError(f"{name}:{line}: 'import {{ {imported} }}' is not supported: "
                              "import each name as the other file exports it.")
    if not names:
        raise ModuleError(f"{name}:{line}: an import of no name: remove it.")
    return names


def parse_module(name: str, text: str) -> Module:
    """Read one source file's imports, exports and top-level names."""
    statements = list(_IMPORT.finditer(text))
    imports = tuple(Import(match.group(2), _imported_names(name, _line(text, match.start()), match.group(1)),
                           _line(text, match.start()))
                    for match in statements)
    for match in _MODULE_LINE.finditer(text):
        if _EXPORT.match(match.group(0)) or any(s.start() <= match.start() < s.end() for s in statements):
            continue
        raise ModuleError(f"{name}:{_line(text, match.start())}: '{match.group(0).strip()}' is not supported: "
                          "write 'import { name } from \"./file.js\";' on its own lines, or 'export' before a "
                          "top-level function or var.")
    rest = _IMPORT.sub("", text)
    exports = frozenset(match.group(1) for match in _DECLARATION.finditer(text)
                        if match.group(0).startswith("export"))
    declarations = tuple((match.group(1), _line(text, match.start())) for match in _DECLARATION.finditer(text))
    body = _INLINE_ANNOTATION.sub("", _ANNOTATION.sub("", _EXPORT.sub("", rest)))
    if body.startswith(TYPE_CHECK):
        body = body[len(TYPE_CHECK):]
    # the import lines leave a blank line beside the ones around them
    body = re.sub(r"\n{3,}", "\n\n", body).strip("\n")
    return Module(name, imports, exports, declarations, body)


def _check_imports(modules: dict[str, Module], folder: Path) -> None:
    for module in modules.values():
        for imported in module.imports:
            source = modules.get(imported.source)
            if source is None:
                raise ModuleError(f"{module.name}:{imported.line}: imports from ./{imported.source}, which is "
                                  f"not in {folder}.")
            missing = [name for name in imported.names if name not in source.exports]
            if missing:
                raise ModuleError(f"{module.name}:{imported.line}: imports {', '.join(missing)} from "
                                  f"./{source.name}, which does not export it (it exports: "
                                  f"{', '.join(sorted(source.exports)) or 'nothing'}).")


def _check_declarations(modules: dict[str, Module]) -> None:
    seen: dict[str, str] = {}
    for module in modules.values():
        for name, line in module.declarations:
            where = f"{module.name}:{line}"
            if name in seen:
                raise ModuleError(f"{name} is declared at the top of both {seen[name]} and {where}; the "
                                  "package joins the files into one scope: rename one of them.")
            seen[name] = where


def order_modules(modules: dict[str, Module], entry: str) -> list[str]:
    """The files in the order they are joined: each after the files it imports
    (in the order it imports them), the entry last."""
    order: list[str] = []
    path: list[str] = []

    def visit(name: str) -> None:
        if name in order:
            return
        if name in path:
            cycle = path[path.index(name):] + [name]
            raise ModuleError(f"import cycle: {' -> '.join(cycle)}; move what they share into a file "
                              "of its own that both import.")
        path.append(name)
        for imported in modules[name].imports:
            visit(imported.source)
        path.pop()
        order.append(name)

    visit(entry)
    unused = sorted(set(modules) - set(order))
    if unused:
        raise ModuleError(f"{', '.join(unused)}: not imported by {entry} nor by any file it imports; "
                          "import it where it is used, or remove it.")
    return order


def load_modules(folder: Path) -> dict[str, Module]:
    """Every ``*.js`` file of the folder, read and parsed (in file-name order)."""
    return {path.name: parse_module(path.name, path.read_text(encoding="utf-8"))
            for path in sorted(folder.glob("*.js"))}


def join_modules(folder: Path, entry: str = "main.js") -> str:
    """The folder's modules joined into one script, ``entry`` and all it imports."""
    modules = load_modules(folder)
    if entry not in modules:
        raise ModuleError(f"{entry} is not in {folder}.")
    _check_imports(modules, folder)
    _check_declarations(modules)
    parts = [HEADER, "(function () {", '"use strict";']
    for name in order_modules(modules, entry):
        parts.append(f"/* --- {name} --- */")
        parts.append(modules[name].body)
    parts.append("})();")
    return "\n".join(parts) + "\n"


__all__ = ["ModuleError", "Module", "Import", "parse_module", "load_modules", "order_modules", "join_modules"]
