"""Beginner hazards (warnings): code the board runs, but probably not as the student meant.

- a ``while True`` loop that never pauses (no sleep, no scroll, no waiting call): it keeps the
  board busy and, in the simulator, makes time crawl;
- a name of the board's own (``display = 5``) used for something else;
- tabs mixed with spaces in the indentation;
- a board method named in a condition but not called (``if button_a.was_pressed:``): a method
  is always true, so the condition always holds.
"""

from __future__ import annotations

import ast
from pathlib import Path

from ...simulator.boards import spec_for
from .findings import WARNING, Finding

# Calls that take time on the board, so a loop with one of them pauses.
PAUSING_CALLS = {"sleep", "sleep_ms", "sleep_us", "scroll", "show", "input", "play", "pitch",
                 "say", "sing", "pronounce", "deep_sleep", "calibrate", "wait", "readline"}
def _is_forever(test: ast.expr) -> bool:
    return isinstance(test, ast.Constant) and bool(test.value) is True


def _pauses(loop: ast.While) -> bool:
    """Does the loop body (not functions defined in it) call something that takes time?"""
    stack: list[ast.AST] = list(loop.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in PAUSING_CALLS or name.endswith("sleep"):
                return True
            if isinstance(func, ast.Name):
                return True  # a call to the student's own function: it may well pause
        stack.extend(ast.iter_child_nodes(node))
    return False


def busy_loops(path: Path, tree: ast.AST) -> list[Finding]:
    return [Finding(
        str(path), node.lineno, "hazard-loop", WARNING,
        "This 'while True' loop never pauses, so the board is busy all the time.",
        "この「while True」のくり返しには休みがないので、ボードがずっといそがしくなります。",
        "Add sleep(20) (or a longer pause) inside the loop.",
        "くり返しの中に sleep(20)（またはもっと長い休み）を入れましょう。", node.col_offset + 1)
        for node in ast.walk(tree)
        if isinstance(node, ast.While) and _is_forever(node.test) and not _pauses(node)]


# Methods of the board's objects that give a true or false answer when called.
ANSWERING_METHODS = {"was_pressed", "is_pressed", "get_presses", "is_touched", "was_gesture",
                     "is_gesture", "was_event", "is_event", "read_digital", "read_analog",
                     "any", "is_playing", "is_on", "is_calibrated"}


def uncalled_methods(path: Path, tree: ast.AST) -> list[Finding]:
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, (ast.If, ast.While, ast.IfExp, ast.Assert)):
            continue
        for test in ast.walk(node.test):
            if isinstance(test, ast.Attribute) and test.attr in ANSWERING_METHODS and \
                    not _called(node.test, test):
                found.append(Finding(
                    str(path), test.lineno, "hazard-uncalled", WARNING,
                    f"'{test.attr}' is not called here, so the condition is always true.",
                    f"ここでは「{test.attr}」を呼び出していないので、条件がいつも成り立ちます。",
                    f"Add () after it: {test.attr}().",
                    f"うしろに () をつけましょう: {test.attr}()", test.col_offset + 1))
    return found


def _called(test: ast.AST, attribute: ast.Attribute) -> bool:
    return any(isinstance(node, ast.Call) and node.func is attribute for node in ast.walk(test))


def shadowed_names(path: Path, tree: ast.AST, board: str) -> list[Finding]:
    names = set(spec_for(board).check.api_names)
    found = []
    for node in ast.walk(tree):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign, ast.For)):
            targets = [node.target]
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name in names:
            found.append(_shadow(path, node.lineno, node.name))
        for target in targets:
            for name in ast.walk(target):
                if isinstance(name, ast.Name) and name.id in names:
                    found.append(_shadow(path, node.lineno, name.id))
    return found


def _shadow(path: Path, line: int, name: str) -> Finding:
    return Finding(
        str(path), line, "hazard-name", WARNING,
        f"'{name}' is a name the board already uses; after this line it means something else.",
        f"「{name}」はボードがもう使っている名前です。この行のあとは別の意味になってしまいます。",
        f"Choose another name, for example my_{name}.",
        f"別の名前にしましょう（たとえば my_{name}）。")


def mixed_indentation(path: Path, source: str) -> list[Finding]:
    kinds = {}
    for number, line in enumerate(source.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if not line.strip() or not indent:
            continue
        kind = "both" if " " in indent and "\t" in indent else "tab" if "\t" in indent else "space"
        kinds.setdefault(kind, number)
    if len(kinds) < 2 and "both" not in kinds:
        return []
    line = kinds.get("both") or max(kinds.values())
    return [Finding(
        str(path), line, "hazard-indent", WARNING,
        "Tabs and spaces are mixed in the indentation; Python may read the blocks differently "
        "from how they look.",
        "字下げにタブとスペースがまざっています。見た目とちがうまとまりとして読まれることがあります。",
        "Use spaces only (most editors can turn tabs into 4 spaces).",
        "スペースだけを使いましょう（多くのエディタでタブを 4 つのスペースに変えられます）。")]


def check_hazards(path: Path, source: str, board: str) -> list[Finding]:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return mixed_indentation(path, source)  # the compile check reports the syntax itself
    return [*busy_loops(path, tree), *shadowed_names(path, tree, board),
            *uncalled_methods(path, tree), *mixed_indentation(path, source)]
