"""What every command shares to say that something typed cannot work: ``UsageError`` (one
plain sentence, exit code 2) and the board a ``--board`` word names."""

from __future__ import annotations

from .i18n import tr
from .simulator.boards import BoardSpec, UnknownBoard, all_specs, spec_for


class UsageError(Exception):
    """Something the person typed cannot work; the message says what to do instead."""


def board_spec(word: str, lang: str | None, family: str | None = None) -> BoardSpec:
    """The board ``--board WORD`` names (its id or an alias such as ``micro:bit``), or a
    UsageError listing the boards (of ``family``, if given) with the nearest one."""
    specs = [s for s in all_specs() if family is None or s.family == family]
    try:
        spec = spec_for(word)
    except UnknownBoard as unknown:
        message = tr("unknown_board", lang, board=word, choices=", ".join(s.id for s in specs))
        if unknown.suggestion:
            message += " " + tr("did_you_mean", lang, command=unknown.suggestion)
        raise UsageError(message) from None
    if spec not in specs:
        raise UsageError(tr("unknown_board", lang, board=word,
                            choices=", ".join(s.id for s in specs)))
    return spec


def board_help(default: str = "microbit", lesson: bool = False) -> str:
    """``--board``'s help; ``lesson``: a lesson (id or folder) gives its own board instead."""
    default = f"a lesson's own board, else {default}" if lesson else default
    return f"board to simulate: {', '.join(s.id for s in all_specs())} (default: {default})"
