"""``terakoya circuit``: check a circuit.toml, or make one from a Wokwi ``diagram.json``."""

from __future__ import annotations

import argparse
from pathlib import Path

from .i18n import tr
from .usage import UsageError, board_help, board_spec


def add_arguments(sub: argparse.ArgumentParser) -> None:
    actions = sub.add_subparsers(dest="action", required=True, metavar="ACTION",
                                 help="what to do with the circuit ('terakoya circuit ACTION "
                                      "--help' tells more)")
    imports = actions.add_parser("import", help="make a circuit.toml from a Wokwi diagram.json",
                                 description="make a circuit.toml from a Wokwi diagram.json")
    imports.add_argument("diagram", type=Path, metavar="diagram.json",
                         help="the diagram.json saved from a Wokwi project")
    imports.add_argument("--to", type=Path, metavar="circuit.toml",
                         help="where to write it (default: circuit.toml beside the diagram; "
                              "a file that is there already is never replaced)")
    imports.add_argument("--board", default="esp32", help=board_help("esp32"))
    checks = actions.add_parser("check", help="check a circuit.toml (or a program's folder)",
                                description="check a circuit.toml (or a program's folder)")
    checks.add_argument("path", type=Path, metavar="PATH",
                        help="a circuit.toml, or a program's folder with one")
    checks.add_argument("--board", default="esp32", help=board_help("esp32"))


def handler(args: argparse.Namespace, lang: str) -> int:
    spec = board_spec(args.board, lang)
    if not spec.breadboard:
        raise UsageError(tr("circuit_no_breadboard", lang, board=spec.name(lang)))
    if args.action == "import":
        return _import(args.diagram, args.to, spec, lang)
    return _check(args.path, spec, lang)


def _import(diagram: Path, to: Path | None, spec, lang: str) -> int:  # type: ignore[no-untyped-def]
    from .host_tools.paths import write_new
    from .simulator.model.circuit import CircuitError
    from .simulator.model.wokwi import diagram_to_circuit

    try:
        data = diagram.read_bytes()
    except OSError:
        raise UsageError(tr("file_missing", lang, path=diagram)) from None
    try:
        text = diagram_to_circuit(data, spec)
    except CircuitError as exc:
        raise UsageError(tr("diagram_bad", lang, path=diagram, problem=exc.text(lang))) from None
    target = to or diagram.with_name("circuit.toml")
    if not target.parent.is_dir():
        raise UsageError(tr("folder_missing", lang, path=target.parent))
    try:
        written = write_new(target, text.encode("utf-8"))
    except OSError as exc:
        raise UsageError(tr("cannot_write", lang, path=target, why=exc.strerror or exc)) from None
    print(tr("circuit_written", lang, path=written))
    if written != target:
        print(tr("circuit_kept", lang, path=target))
    return 0


def _check(path: Path, spec, lang: str) -> int:  # type: ignore[no-untyped-def]
    from .simulator.model.circuit import CircuitError, read_circuit

    file = path / "circuit.toml" if path.is_dir() else path
    if not file.is_file():
        raise UsageError(tr("file_missing", lang, path=file))
    try:
        parts = read_circuit(file, spec)
    except CircuitError as exc:
        print(tr("circuit_bad", lang, path=file, problem=exc.text(lang)))
        return 1
    print(tr("circuit_ok", lang, path=file, count=len(parts), board=spec.name(lang)))
    return 0
