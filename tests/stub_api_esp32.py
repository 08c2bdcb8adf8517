"""The ESP32's official stubs (``micropython-esp32-stubs``) against the simulated ESP32.

Every public name the stubs give the modules an ESP32 program meets (module level, and the
members of their classes) is looked up on the simulated board itself, by a program run on its
MicroPython core. The stubs describe MicroPython 1.29; the board runs 1.23 as the issue's
firmware: names added to MicroPython after 1.23 are listed in ``NEWER`` with the version that
added them (the board rightly lacks them), names the simulator lacks in ``GAPS`` with the
reason (README's table of gaps). ``python tests/stub_api_esp32.py`` prints the figure.
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass, field
from pathlib import Path

MODULES = ("machine", "time", "esp32", "esp", "neopixel", "dht", "onewire", "ds18x20",
           "framebuf", "os", "sys", "json", "struct", "random", "math", "binascii", "hashlib",
           "collections", "select", "gc", "micropython", "network", "socket")
CHUNK = 120  # names looked up by one board's program
TYPE_HELPERS = {"TypeVar", "Union", "Optional", "Callable", "Final", "Literal", "TypeAlias",
                "overload", "Protocol", "Generic", "NamedTuple"}

# name -> the MicroPython release that added it (the board runs 1.23: it has none of them)
NEWER: dict[str, str] = {}
# name -> why the simulated board lacks it (each is a row of the README's gaps table)
GAPS: dict[str, str] = {}


def stub_file(stubs: Path, module: str) -> Path | None:
    for candidate in (stubs / f"{module}.pyi", stubs / "stdlib" / f"{module}.pyi",
                      stubs / "stdlib" / module / "__init__.pyi"):
        if candidate.is_file():
            return candidate
    return None


def _is_type_helper(value: ast.expr | None) -> bool:
    if value is None:
        return False
    text = ast.unparse(value)
    return any(word in text for word in TYPE_HELPERS) or isinstance(value, ast.Subscript) \
        or text.startswith(("tuple[", "list[", "dict[", "Tuple[", "Dict["))


def _names(body: list[ast.stmt]) -> list[str]:
    names: list[str] = []
    for node in body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.append(node.name)
        elif isinstance(node, ast.Assign) and not _is_type_helper(node.value):
            names += [t.id for t in node.targets if isinstance(t, ast.Name)]
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            if "TypeAlias" not in ast.unparse(node.annotation):
                names.append(node.target.id)
    return [n for n in dict.fromkeys(names) if not n.startswith("_")]


def public_names(path: Path, module: str) -> list[str]:
    """``module.name`` and ``module.Class.member`` for every public name of the stub."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for name in _names(tree.body):
        found.append(f"{module}.{name}")
        node = next((n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == name),
                    None)
        if node is not None:
            found += [f"{module}.{name}.{member}" for member in _names(node.body)]
    return found


def probe_program(names: list[str]) -> str:
    """A MicroPython program that prints every name of ``names`` the board lacks."""
    lines = ["missing = []", "def look(module, path):",
             "    try:", "        obj = __import__(module)", "    except ImportError:",
             "        missing.append(module + '.' + path)", "        return",
             "    for part in path.split('.'):", "        try:",
             "            obj = getattr(obj, part)", "        except AttributeError:",
             "            missing.append(module + '.' + path)", "            return"]
    for name in names:
        module, _, path = name.partition(".")
        lines.append(f"look({module!r}, {path!r})")
    lines.append("for name in missing:\n    print('MISSING', name)")
    lines.append("print('DONE')")
    return "\n".join(lines) + "\n"


@dataclass
class Result:
    checked: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def expected(self) -> list[str]:
        return [n for n in self.checked if n not in NEWER]

    @property
    def present(self) -> int:
        return len([n for n in self.expected if n not in self.missing])

    @property
    def unexplained(self) -> list[str]:
        return [n for n in self.missing if n not in NEWER and n not in GAPS]

    @property
    def share(self) -> float:
        return self.present / max(1, len(self.expected))


def check_all() -> Result:
    from terakoya.host_tools.check.api import ensure_stubs
    from terakoya.simulator.runner.session import Simulation

    stubs = ensure_stubs("esp32", "en")
    result = Result()
    for module in MODULES:
        path = stub_file(stubs, module)
        if path is not None:
            result.checked += public_names(path, module)
    chunks = [result.checked[i:i + CHUNK] for i in range(0, len(result.checked), CHUNK)]
    with Simulation(seed=1) as sim:  # one board per chunk: a program must fit the board's heap
        boards = [sim.add_board(source=probe_program(chunk), kind="esp32") for chunk in chunks]
        sim.run_until_done(600_000)
    for board in boards:
        output = board.serial_output
        assert output.rstrip().endswith("DONE"), output[-2000:]
        result.missing += [line.split(" ", 1)[1] for line in output.splitlines()
                           if line.startswith("MISSING ")]
    return result


if __name__ == "__main__":
    found = check_all()
    print(f"ESP32 API coverage: {found.present} of {len(found.expected)} public names of "
          f"micropython-esp32-stubs ({found.share:.1%}); {len(NEWER)} newer than 1.23; "
          f"{len(GAPS)} listed gaps")
    for name in found.unexplained:
        print("  unexplained:", name)
    sys.exit(0)
