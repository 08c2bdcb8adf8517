"""Layers import one way only: model <- board modules <- engine <- runner <- UI and CLI."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = {"terakoya": "terakoya", "simulator": "terakoya.simulator",
           "host_tools": "terakoya.host_tools", "accessibility": "terakoya.accessibility"}
BOARDS = "terakoya.simulator.boards"  # the boards' specifications: data every layer reads
MODEL = "terakoya.simulator.model"
BOARD_MODULES = "terakoya.simulator.board_modules"
ENGINE = "terakoya.simulator.engine"
RUNNER = "terakoya.simulator.runner"
UI = "terakoya.simulator.ui"

# layer -> the project packages it may import (besides itself and the standard library)
ALLOWED = {
    BOARDS: (),
    MODEL: (BOARDS,),
    BOARD_MODULES: (BOARDS, MODEL),
    # the host side of the board processes: it serves them with the board modules; it
    # builds into Terakoya's cache folder (host_tools.paths)
    ENGINE: (BOARDS, MODEL, BOARD_MODULES, "terakoya.host_tools.paths"),
    RUNNER: (BOARDS, MODEL, BOARD_MODULES, ENGINE),
    "terakoya.accessibility": (BOARDS, MODEL),
    "terakoya.host_tools": ("terakoya.i18n", BOARDS, MODEL),
}


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    name = ".".join([FOLDERS[parts[0]], *parts[1:]])
    return name.removesuffix(".__init__")


def imports_of(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.append(target)
    return found


def source_files():
    for folder in FOLDERS:
        yield from sorted((ROOT / folder).rglob("*.py"))


def layer_of(name: str) -> str | None:
    for layer in ALLOWED:
        if name == layer or name.startswith(layer + "."):
            return layer
    return None


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


def test_the_checker_sees_relative_imports():
    names = imports_of(ROOT / "simulator" / "runner" / "core_program.py")
    assert "terakoya.simulator.model.clock" in names
    assert "terakoya.simulator.board_modules" in names
