"""The official micro:bit API, read from the stubs, checked against the simulated board.

The stubs are PyPI ``micropython-microbit-stubs-en``, installed into ``.cache/`` (not on
the import path) as test data. The check has two parts:

1. Existence, on the board itself: a generated program looks up every public name on the
   simulated board (its MicroPython core, with the host's modules behind proxies) and
   prints those it lacks. Every name must exist, except where the firmware itself lacks it
   (``FIRMWARE_LACKS``; the firmware wins).
2. Call signatures, on the host's implementations: every function the host serves must
   accept the calls the stubs describe, except where the firmware itself differs from the
   stubs (``FIRMWARE_DIFFERS``). Functions the board's core runs in C have no Python
   signature: they are checked by existence only.

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
# (time.* and microbit.sleep are the board core's own C now, as in the firmware: their calls
# are not checked here, see ``compare``; their entries stay as the record of the firmware.)

# Names of the stubs the firmware itself does not have: the board's core, as the firmware,
# lacks them (the firmware wins). Each must really be missing on the board.
ERRNO_LIST = "not in the firmware's own 17-name MICROPY_PY_ERRNO_LIST (mpconfigport.h)"
FIRMWARE_LACKS = {
    "collections.OrderedDict.move_to_end": "MicroPython 1.18's OrderedDict has no move_to_end",
    "errno.EADDRINUSE": ERRNO_LIST,
    "errno.ECONNABORTED": ERRNO_LIST,
    "errno.ECONNREFUSED": ERRNO_LIST,
    "errno.ECONNRESET": ERRNO_LIST,
    "errno.EHOSTUNREACH": ERRNO_LIST,
    "errno.ENOBUFS": ERRNO_LIST,
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
    # Functions the board's own core runs (gc, math, utime... and microbit.sleep): no Python
    # signature to inspect, so they are checked for existence only.
    core_native: list[str] = field(default_factory=list)

    @property
    def coverage(self) -> float:
        return 100.0 * (len(self.checked) - len(self.missing)) / max(1, len(self.checked))

    @property
    def unexplained_missing(self) -> list[str]:
        """Missing names the firmware has (``FIRMWARE_LACKS`` says which it does not)."""
        return [path for path in self.missing if path not in FIRMWARE_LACKS]


# -- 1. existence, on the board itself --------------------------------------------------
MARK = "~stub-api"
# Run by the board: _g gets an attribute or _X (missing, also when getting it raises, as a
# not-simulated part may: NotSimulatedError); _c reports each missing name (a not-simulated
# placeholder, the board's proxy of a host NotSimulated, too), and each name whose object is
# a function of the core itself (one of its five built-in function types) rather than the
# host's; _i calls a class or function without arguments (an instance, or _X).
BOARD_HELPERS = f"""\
_X = object()
_N = (type(globals), type(abs), type(divmod), type(setattr), type(print))
def _g(o, n):
    if o is _X:
        return _X
    try:
        return getattr(o, n)
    except Exception:
        return _X
def _c(o, i, p, ns):
    for n in ns.split():
        v = _g(o, n)
        if v is _X:
            v = _g(i, n)
        if v is _X or type(v).__name__ == 'NotSimulated':
            print('{MARK} missing', p + n)
        elif type(v) in _N:
            print('{MARK} native', p + n)
def _i(c):
    if c is _X:
        return _X
    try:
        return c()
    except Exception:
        return _X
try:
    _t = __import__(%r)
except Exception:
    _t = _X
"""


def _holder(entry_owner: str, names: list[StubName]) -> StubName | None:
    """The module name the stubs annotate with a class the board may never name
    (``pin0: MicroBitTouchPin``, ``def uname() -> uname_result``)."""
    holders = [n for n in names if n.owner is None and n.annotation == entry_owner]
    return holders[0] if holders else None


def _no_argument_constructor(names: list[StubName], cls: str) -> bool:
    init = [n for n in names if n.owner == cls and n.name == "__init__"]
    return bool(init) and any(
        not _stub_calls(args, is_method=True)[0] for args in init[0].overloads)


def board_program(top: str, stubs: dict[str, list[StubName]]) -> str:
    """A program that checks on the board every stub name of one top module (and its
    submodules, ``microbit.display``) and prints those it lacks, one per line after MARK.

    A class is looked up in its module; if the board never names it, its members are looked
    up on the instance that a module name annotated with it holds (``pin0``), which is then
    reported as "unnamed". An annotated attribute of a class (``SoundEffect.freq_start``) is
    an instance's, as in the firmware: it is also looked up on such an instance, or on one
    made with the class's no-argument constructor if the stubs give it one."""
    lines = [BOARD_HELPERS % top]
    for dotted, names in stubs.items():
        if dotted.partition(".")[0] != top:
            continue
        sub = dotted.partition(".")[2]
        lines.append(f"_o = _g(_t, {sub!r})" if sub else "_o = _t")
        plain = [n.name for n in names if n.owner is None]
        lines.append(f"_c(_o, _X, {dotted + '.'!r}, {' '.join(plain)!r})")
        for cls in [n.name for n in names if n.kind == "class"]:
            members = [n.name for n in names if n.owner == cls and n.name != "__init__"]
            holder = _holder(cls, names)
            lines.append(f"_k = _g(_o, {cls!r})")
            if holder is not None:
                get = f"_g(_o, {holder.name!r})"
                lines.append(f"_j = _i({get})" if holder.kind == "function" else f"_j = {get}")
                lines.append(f"if _k is _X and _j is not _X:\n"
                             f"    print('{MARK} unnamed', {dotted + '.' + cls!r})")
            elif _no_argument_constructor(names, cls) and any(
                    n.owner == cls and n.kind == "attribute" for n in names):
                lines.append("_j = _i(_k)")
            else:
                lines.append("_j = _X")
            lines.append(f"_c(_k if _k is not _X else _j, _j, {dotted + '.' + cls + '.'!r}, "
                         f"{' '.join(members)!r})")
    lines.append(f"print('{MARK} done')")
    return "\n".join(lines) + "\n"


@dataclass
class BoardReport:
    """What one board said of one top module, and the host's modules it was served."""

    missing: set[str]
    native: set[str]
    unnamed: set[str]
    host_modules: dict[str, ModuleType]


def check_on_boards(stubs: dict[str, list[StubName]]) -> dict[str, BoardReport]:
    """Run the existence check of every top module, each on a board of its own (a board's
    heap is 64 KB), all in one simulation; the host's modules are kept for part 2."""
    from terakoya.simulator.runner.session import Simulation

    tops = sorted({dotted.partition(".")[0] for dotted, names in stubs.items() if names})
    reports: dict[str, BoardReport] = {}
    with Simulation() as sim:
        boards = {top: sim.add_board(source=board_program(top, stubs)) for top in tops}
        sim.run_until_done(60_000)
        for top, board in boards.items():
            output = board.serial_output
            if board.end_kind != "ended" or f"{MARK} done" not in output:
                raise AssertionError(f"checking {top} on the board failed "
                                     f"({board.end_kind}: {board.program.error}):\n{output}")
            found: dict[str, set[str]] = {"missing": set(), "native": set(), "unnamed": set()}
            for line in output.splitlines():
                if line.startswith(MARK + " ") and line.count(" ") == 2:
                    _, kind, path = line.split(" ")
                    found[kind].add(path)
            link = getattr(board.program, "link", None)  # the core engine's host side
            modules = dict(link.system.modules) if link is not None else {}
            reports[top] = BoardReport(found["missing"], found["native"], found["unnamed"],
                                       modules)
    return reports


# -- 2. call signatures, on the host's implementations ---------------------------------------
def _lookup(module: object, entry: StubName, stub_names: dict[str, StubName]) -> object:
    """The host's object for a stub name; classes not on the board are found through
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


def _host_module(report: BoardReport, dotted: str) -> object:
    """The host's module (or submodule object) behind a stub module, or MISSING if the
    board's core has it natively (gc, math, utime...)."""
    from terakoya.simulator.board_modules import canonical_name

    top, _, sub = dotted.partition(".")
    module: object = report.host_modules.get(canonical_name(top), MISSING)
    if sub and module is not MISSING:
        module = _get(module, sub)
    return module


def compare(stubs: dict[str, list[StubName]], reports: dict[str, BoardReport]) -> Result:
    result = Result()
    for dotted, names in stubs.items():
        if not names:
            continue
        report = reports[dotted.partition(".")[0]]
        host = _host_module(report, dotted)
        by_name = {n.name if n.owner is None else f"{n.owner}.{n.name}": n for n in names}
        for entry in names:
            if entry.kind == "class" and entry.path in report.unnamed:
                continue  # a type the board never names; its members are checked via instances
            result.checked.append(entry.path)
            if entry.path in report.missing or (
                    entry.owner is not None and f"{dotted}.{entry.owner}" in report.missing
                    and entry.name == "__init__"):
                result.missing.append(entry.path)
                continue
            if not entry.overloads:
                continue  # a constant, a class or an attribute: it exists, nothing to call
            if host is MISSING or entry.path in report.native:
                # The board's core runs it in C: there is no Python signature to inspect,
                # so it is checked by existence only (and by the core itself).
                result.core_native.append(entry.path)
                continue
            target = _lookup(host, entry, by_name)
            if target is MISSING:
                result.incompatible[entry.path] = ["the board has it, the host has no object"]
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


def check_all() -> Result:
    stubs = board_stub_modules(ensure_stubs())
    return compare(stubs, check_on_boards(stubs))


def main() -> None:
    result = check_all()
    print(f"API coverage: {len(result.checked) - len(result.missing)} of {len(result.checked)} "
          f"public names of the official stubs = {result.coverage:.1f} % (on the board; "
          f"{len(result.missing) - len(result.unexplained_missing)} more the firmware lacks too)")
    print(f"incompatible signatures: {len(result.incompatible)}; "
          f"where the firmware differs from the stubs: {len(result.firmware_differs)}; "
          f"run by the board's core (existence only): {len(result.core_native)}")
    for path in result.missing:
        print("  missing:", path, f"({FIRMWARE_LACKS[path]})" if path in FIRMWARE_LACKS else "")
    for path, problems in result.incompatible.items():
        print("  incompatible:", path, "-", problems[0])


if __name__ == "__main__":
    main()
