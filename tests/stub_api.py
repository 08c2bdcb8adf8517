"""The official micro:bit API, read from the stubs, checked against the simulator's modules.

The stubs are PyPI ``micropython-microbit-stubs-en``, installed into ``.cache/`` (not on
the import path) as test data. Every public name of every module must exist in the
simulator, and every function must accept the calls the stubs describe, except where the
firmware itself differs from the stubs (``FIRMWARE_DIFFERS``; the firmware wins).

``python tests/stub_api.py`` prints the coverage figure.
"""

from __future__ import annotations

import ast
import inspect
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
STUBS_PACKAGE = "micropython-microbit-stubs-en==0.0.1b2"
STUBS_DIR = ROOT / ".cache" / "microbit-stubs-en"
NOT_BOARD_MODULES = {"builtins", "typing", "typing_extensions", "types", "abc", "_typeshed"}
MISSING = object()

# Where the firmware (which wins) takes a call differently from the stubs.
FIRMWARE_DIFFERS = {
    "microbit.Image.__init__": "the firmware's Image() takes no keyword arguments",
    "microbit.Image.set_pixel": "Image methods are positional-only in the firmware",
    "microbit.Image.get_pixel": "Image methods are positional-only in the firmware",
    "microbit.Image.shift_left": "Image methods are positional-only in the firmware",
    "microbit.Image.shift_right": "Image methods are positional-only in the firmware",
    "microbit.Image.shift_up": "Image methods are positional-only in the firmware",
    "microbit.Image.shift_down": "Image methods are positional-only in the firmware",
    "microbit.Image.crop": "Image methods are positional-only in the firmware",
    "microbit.Image.fill": "Image methods are positional-only in the firmware",
    "microbit.Image.blit": "Image methods are positional-only in the firmware",
    "microbit.display.show": "wait, loop and clear are keyword-only in the firmware",
    "microbit.display.scroll": "wait, loop and monospace are keyword-only in the firmware",
    "microbit.run_every": "days, h, min, s and ms are keyword-only in the firmware",
    "microbit.sleep": "sleep's argument is positional-only in the firmware",
    "time.sleep": "positional-only in the firmware",
    "time.sleep_ms": "positional-only in the firmware",
    "time.sleep_us": "positional-only in the firmware",
    "random.seed": "the firmware's seed() needs its one argument, positionally",
}


def ensure_stubs() -> Path:
    """The stub files, installed on first use into an isolated folder."""
    stdlib = STUBS_DIR / "stdlib"
    if not (stdlib / "microbit" / "__init__.pyi").exists():
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                        "--disable-pip-version-check", "--target", str(STUBS_DIR), STUBS_PACKAGE],
                       check=True)
    return stdlib


@dataclass
class StubName:
    """One public name: ``module`` is dotted (``microbit.display``), ``owner`` a class or None."""

    module: str
    name: str
    kind: str  # function, class, attribute, method
    owner: str | None = None
    overloads: list[ast.arguments] = field(default_factory=list)
    annotation: str | None = None

    @property
    def path(self) -> str:
        parts = [self.module, self.owner, self.name]
        return ".".join(p for p in parts if p)


def _annotation(node: ast.expr | None) -> str | None:
    return ast.unparse(node) if node is not None else None


def _class_members(module: str, node: ast.ClassDef) -> list[StubName]:
    members: dict[str, StubName] = {}
    for item in node.body:
        if isinstance(item, ast.FunctionDef) and (not item.name.startswith("_")
                                                  or item.name == "__init__"):
            entry = members.setdefault(item.name, StubName(module, item.name, "method", node.name))
            entry.overloads.append(item.args)
        elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name) \
                and not item.target.id.startswith("_"):
            members[item.target.id] = StubName(module, item.target.id, "attribute", node.name)
    return list(members.values())


def parse_stub(module: str, path: Path) -> tuple[list[StubName], list[str]]:
    """The public names of one stub file, and the modules it re-exports with ``import *``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: dict[str, StubName] = {}
    star_from: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
            entry = names.setdefault(node.name, StubName(module, node.name, "function"))
            entry.overloads.append(node.args)
            if not node.args.args and not node.args.posonlyargs:
                entry.annotation = _annotation(node.returns)  # what a bare call gives
        elif isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
            names[node.name] = StubName(module, node.name, "class")
            for member in _class_members(module, node):
                names[f"{node.name}.{member.name}"] = member
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) \
                and not node.target.id.startswith("_"):
            names[node.target.id] = StubName(module, node.target.id, "attribute",
                                             annotation=_annotation(node.annotation))
        elif isinstance(node, ast.ImportFrom) and any(a.name == "*" for a in node.names):
            star_from.append(node.module or "")
    return list(names.values()), star_from


def board_stub_modules(stdlib: Path) -> dict[str, list[StubName]]:
    """Every module of the board with its stub names (``u`` aliases are left out)."""
    modules: dict[str, list[StubName]] = {}
    for path in sorted(stdlib.rglob("*.pyi")):
        rel = path.relative_to(stdlib).with_suffix("")
        dotted = ".".join(rel.parts).removesuffix(".__init__")
        if rel.parts[0] in NOT_BOARD_MODULES:
            continue
        names, star_from = parse_stub(dotted, path)
        if star_from and not names:
            continue  # utime, usys...: the same module as time, sys
        modules[dotted] = names
    return modules


# -- comparing with the simulator ----------------------------------------------------------
def _stub_calls(args: ast.arguments, is_method: bool) -> tuple[list[str], list[str], list[str]]:
    """(required positional, optional positional, optional keyword) parameter names."""
    positional = [a.arg for a in args.posonlyargs + args.args]
    if is_method and positional:
        positional = positional[1:]
    n_defaults = len(args.defaults)
    required = positional[: len(positional) - n_defaults] if n_defaults else positional
    optional = positional[len(required):]
    keywords = [a.arg for a in args.args if a.arg in optional] + [a.arg for a in args.kwonlyargs]
    return required, optional, keywords


def call_problems(args: ast.arguments, target: object, is_method: bool, unbound: bool) -> list[str]:
    """Calls the stub describes that ``target`` refuses (empty if compatible or unknowable).

    Required arguments are checked by position, optional ones also by keyword (how
    programs pass them: ``scroll("hi", delay=100)``). MicroPython's C functions take no
    keywords for required arguments, so that is not asked of the simulator either.
    """
    try:
        signature = inspect.signature(target)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return []  # a CPython builtin such as math.sqrt: its own signature is the reference
    required, optional, keywords = _stub_calls(args, is_method)
    base = [0] * (len(required) + (1 if unbound else 0))
    attempts = [("the shortest call", base, {}),
                ("all arguments by position", base + [0] * len(optional), {})]
    attempts += [(f"{name}= by keyword", base, {name: 0}) for name in keywords]
    problems = []
    for label, pos, kws in attempts:
        try:
            signature.bind(*pos, **kws)
        except TypeError as exc:
            problems.append(f"{label}: {exc}")
    return problems


@dataclass
class Result:
    checked: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    incompatible: dict[str, list[str]] = field(default_factory=dict)
    firmware_differs: dict[str, str] = field(default_factory=dict)

    @property
    def coverage(self) -> float:
        return 100.0 * (len(self.checked) - len(self.missing)) / max(1, len(self.checked))


def _lookup(module: ModuleType, entry: StubName, stub_names: dict[str, StubName]) -> object:
    """The simulator's object for a stub name; classes not on the board are found through
    an attribute the stubs annotate with them (``pin0: MicroBitTouchPin``)."""
    if entry.owner is None:
        return _get(module, entry.name)
    owner = _get(module, entry.owner)
    if owner is MISSING:
        holders = [n for n in stub_names.values() if n.annotation == entry.owner]
        owner = _get(module, holders[0].name) if holders else MISSING
        if holders and holders[0].kind == "function" and callable(owner):
            owner = owner()  # e.g. os.uname_result: the members of what os.uname() gives
    if owner is MISSING or entry.name == "__init__":
        return owner
    return _get(owner, entry.name)


def _get(obj: object, name: str) -> object:
    """An attribute, or MISSING (also for a not-simulated placeholder)."""
    from terakoya.simulator.board_modules.not_simulated import NotSimulated

    value = getattr(obj, name, MISSING)
    return MISSING if isinstance(value, NotSimulated) else value


def compare(modules: dict[str, ModuleType], stubs: dict[str, list[StubName]]) -> Result:
    result = Result()
    for dotted, names in stubs.items():
        top, _, sub = dotted.partition(".")
        module = modules.get(top)
        if sub and module is not None:
            module = _get(module, sub)
            module = None if module is MISSING else module
        by_name = {n.name if n.owner is None else f"{n.owner}.{n.name}": n for n in names}
        for entry in names:
            if entry.kind == "class" and module is not None and \
                    not hasattr(module, entry.name) and any(
                        n.annotation == entry.name for n in names):
                continue  # a type the board never names; its members are checked via instances
            result.checked.append(entry.path)
            target = _lookup(module, entry, by_name) if module is not None else MISSING
            if target is MISSING:
                result.missing.append(entry.path)
                continue
            is_method = entry.kind == "method"
            unbound = is_method and entry.name != "__init__" and (
                inspect.isfunction(target) or inspect.ismethoddescriptor(target))
            for args in entry.overloads:
                problems = call_problems(args, target, is_method, unbound)
                if problems and entry.path in FIRMWARE_DIFFERS:
                    result.firmware_differs[entry.path] = FIRMWARE_DIFFERS[entry.path]
                elif problems:
                    result.incompatible.setdefault(entry.path, []).extend(problems)
    return result


def modules_from_simulator(names: list[str]) -> dict[str, ModuleType]:
    """Import every board module inside a simulated program and hand the objects back;
    a module that cannot be imported is left out (and all its names count as missing)."""
    from terakoya.simulator.runner.session import Simulation

    source = (f"found = {{}}\nfor name in {names!r}:\n    try:\n"
              "        found[name] = __import__(name)\n    except ImportError:\n        pass\n")
    with Simulation() as sim:
        board = sim.add_board(source=source)
        sim.run_until_done(60_000)
        if board.end_kind != "ended":
            raise AssertionError(f"importing the board's modules failed:\n{board.serial_output}")
        return dict(board.program.namespace["found"])  # type: ignore[call-overload]


def check_all() -> Result:
    stubs = board_stub_modules(ensure_stubs())
    tops = sorted({dotted.partition(".")[0] for dotted in stubs})
    return compare(modules_from_simulator(tops), stubs)


def main() -> None:
    result = check_all()
    print(f"API coverage: {len(result.checked) - len(result.missing)} of {len(result.checked)} "
          f"public names of the official stubs = {result.coverage:.1f} %")
    print(f"incompatible signatures: {len(result.incompatible)}; "
          f"where the firmware differs from the stubs: {len(result.firmware_differs)}")
    for path in result.missing:
        print("  missing:", path)
    for path, problems in result.incompatible.items():
        print("  incompatible:", path, "-", problems[0])


if __name__ == "__main__":
    main()
