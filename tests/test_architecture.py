"""Layers import one way only:

boards (specifications, data) <- model <- board modules <- engine <- runner <- UI and CLI,
with accessibility listening to the model, and the teacher's tools (host_tools) talking to
boards through their transport seam. Imports made with ``importlib`` count too (the boards'
``Impl`` references and the CLI's command modules), and no layer has an import cycle inside.
"""

import ast
import re
from pathlib import Path

import pytest
from terakoya.simulator.boards import all_specs
from terakoya.simulator.boards.spec import Impl

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = {"terakoya": "terakoya", "simulator": "terakoya.simulator",
           "host_tools": "terakoya.host_tools", "accessibility": "terakoya.accessibility",
           "firmware": "terakoya.firmware"}
BOARDS = "terakoya.simulator.boards"  # the boards' specifications: data every layer reads
MODEL = "terakoya.simulator.model"
BOARD_MODULES = "terakoya.simulator.board_modules"
ENGINE = "terakoya.simulator.engine"
RUNNER = "terakoya.simulator.runner"
UI = "terakoya.simulator.ui"
ACCESSIBILITY = "terakoya.accessibility"
HOST_TOOLS = "terakoya.host_tools"
CURRICULUM = "terakoya.curriculum"
I18N = "terakoya.i18n"
CLI = "terakoya"  # the command line: every other module of the package
# MicroPython code for the boards (copied to them, as the ESP32's frozen modules are frozen
# into the engine): it imports nothing of Terakoya
FIRMWARE = "terakoya.firmware"

# layer -> the project packages it may import (besides itself and the standard library)
ALLOWED = {
    I18N: (),
    BOARDS: (),
    MODEL: (BOARDS,),
    BOARD_MODULES: (BOARDS, MODEL),
    # the host side of the board processes: it serves them with the board modules; it
    # builds into Terakoya's cache folder (host_tools.paths)
    ENGINE: (BOARDS, MODEL, BOARD_MODULES, "terakoya.host_tools.paths"),
    RUNNER: (BOARDS, MODEL, BOARD_MODULES, ENGINE),
    ACCESSIBILITY: (BOARDS, MODEL),
    HOST_TOOLS: (I18N, BOARDS, MODEL),
    UI: (I18N, BOARDS, MODEL, RUNNER, ACCESSIBILITY, HOST_TOOLS),
    CURRICULUM: (I18N, BOARDS, HOST_TOOLS, "terakoya.lessons"),  # the lessons it ships
    "terakoya.lessons": (),
    FIRMWARE: (),
    CLI: (I18N, BOARDS, MODEL, BOARD_MODULES, ENGINE, RUNNER, UI, ACCESSIBILITY, HOST_TOOLS,
          CURRICULUM),
}
SPEC_LAYERS = {"model": MODEL, "board_modules": BOARD_MODULES, "ui": UI}


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    name = ".".join([FOLDERS[parts[0]], *parts[1:]])
    return name.removesuffix(".__init__")


def _type_only(node: ast.AST) -> bool:
    """``if TYPE_CHECKING:``: imports for the type checker, not at run time."""
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def imports_of(path: Path, runtime_only: bool = False) -> list[str]:
    """Every project or library module ``path`` imports: import statements (anywhere in it,
    also inside functions), and ``importlib.import_module("literal")`` calls."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    skipped = set()
    if runtime_only:
        for node in ast.walk(tree):
            if _type_only(node):
                skipped.update(id(n) for n in ast.walk(node))
    found = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            modules = [f"{target}.{a.name}" for a in node.names if _is_module(f"{target}.{a.name}")]
            found += modules or [target]  # "from .. import lessons" imports terakoya.lessons
        elif isinstance(node, ast.Call) and ast.unparse(node.func).endswith("import_module"):
            found += _literal_imports(node, package)
    return found


def _literal_imports(call: ast.Call, package: str) -> list[str]:
    if not call.args:
        return []
    arg = call.args[0]
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return [arg.value]
    if isinstance(arg, ast.JoinedStr):  # f"terakoya.{module}": the prefix is what is known
        text = "".join(v.value for v in arg.values if isinstance(v, ast.Constant))
        return [text.rstrip(".")] if text.startswith("terakoya") else []
    return []


def _is_module(name: str) -> bool:
    parts = name.split(".")
    if parts[0] != "terakoya" or len(parts) < 2:
        return False
    folder = {v: k for k, v in FOLDERS.items()} | {"terakoya.lessons": "lessons"}
    for depth in range(len(parts), 1, -1):
        prefix = ".".join(parts[:depth])
        if prefix in folder:
            rest = parts[depth:]
            base = ROOT / folder[prefix] / Path(*rest) if rest else ROOT / folder[prefix]
            return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()
    return False


def source_files():
    for folder in FOLDERS:
        yield from sorted((ROOT / folder).rglob("*.py"))


def layer_of(name: str) -> str | None:
    """The most specific layer a module belongs to."""
    found = [layer for layer in ALLOWED if name == layer or name.startswith(layer + ".")]
    return max(found, key=len) if found else None


@pytest.mark.parametrize("path", list(source_files()), ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_go_one_way(path):
    name = module_name(path)
    layer = layer_of(name)
    for target in imports_of(path):
        if target.split(".")[0] == "pygame":
            assert name.startswith(UI), f"{name} imports pygame; only the UI may"
        if layer is None or not target.startswith("terakoya"):
            continue
        allowed = (layer, *ALLOWED[layer])
        assert any(target == a or target.startswith(a + ".") for a in allowed), \
            f"{name} ({layer}) must not import {target}"


def test_every_module_has_a_layer():
    assert [module_name(p) for p in source_files() if layer_of(module_name(p)) is None] == []


def test_the_checker_sees_relative_and_importlib_imports():
    names = imports_of(ROOT / "simulator" / "runner" / "core_program.py")
    assert "terakoya.simulator.model.clock" in names
    assert "terakoya.simulator.board_modules" in names
    assert "terakoya" in " ".join(imports_of(ROOT / "terakoya" / "cli.py"))
    assert any(n.startswith("terakoya.simulator.boards") for n in
               imports_of(ROOT / "simulator" / "boards" / "__init__.py"))


def _impls():
    for spec in all_specs():
        for field in ("model", "modules", "error_display", "drawing"):
            impl = getattr(spec, field)
            if isinstance(impl, Impl):
                yield pytest.param(spec.id, field, impl, id=f"{spec.id}.{field}")


@pytest.mark.parametrize("board, field, impl", list(_impls()))
def test_a_boards_pieces_live_in_the_layer_that_loads_them(board, field, impl):
    """A board specification names its model, modules, error display and drawing by module
    path (loaded with importlib by that layer): each is in the layer it says, and exists."""
    assert layer_of(impl.module) == SPEC_LAYERS[impl.layer], f"{board}.{field}: {impl}"
    import importlib

    assert hasattr(importlib.import_module(impl.module), impl.attribute), f"{board}.{field}"


def _graph(layer: str) -> dict[str, set[str]]:
    names = {module_name(p): p for p in source_files() if layer_of(module_name(p)) == layer}
    graph = {}
    for name, path in names.items():
        targets = set()
        for target in imports_of(path, runtime_only=True):
            # "from . import x" names the package; a module of it, if one, is the target
            owner = next((n for n in (target, target.rpartition(".")[0]) if n in names), None)
            if owner is not None and owner != name and not _is_parent(owner, name):
                targets.add(owner)
        graph[name] = targets
    return graph


def _is_parent(package: str, name: str) -> bool:
    """A module's own packages run first whatever it imports: no cycle through them."""
    return name.startswith(package + ".")


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return stack[stack.index(target):] + [target]
            if target not in state:
                found = visit(target)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


@pytest.mark.parametrize("layer", list(ALLOWED))
def test_no_import_cycle_inside_a_layer(layer):
    """A type-only import (``if TYPE_CHECKING:``) is no cycle: nothing runs it."""
    cycle = _cycle(_graph(layer))
    assert cycle is None, " -> ".join(cycle or [])


def test_no_hand_written_board_list_outside_the_specifications():
    """Boards are named in their specifications; code elsewhere asks them (no
    ``BOARD_KINDS``/``BOARD_NAMES``-style tables of board ids)."""
    pattern = re.compile(r"""^[A-Z_]+\s*=\s*\{\s*["']microbit["']\s*:""", re.M)
    offenders = [str(p.relative_to(ROOT)) for p in source_files()
                 if "boards" not in p.parts and pattern.search(p.read_text(encoding="utf-8"))]
    assert offenders == []
