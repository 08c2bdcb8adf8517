"""The teacher copies a pupil's program to a real board plugged into the server's computer by
USB (``terakoya deploy``'s copying: only what changed, read back, the board soft-reset)."""

from __future__ import annotations

from collections.abc import Callable

from .words import plain


def deploy_program(files: dict[str, bytes], lang: str,
                   find_ports: Callable[[], list[str]] | None = None,
                   open_board: Callable | None = None) -> tuple[bool, str]:
    """Copy ``files`` (main.py and the lesson's modules) to the one board connected; (done,
    plain words for the teacher). Never raises: an unplugged cable or no board is said
    plainly."""
    from ..host_tools import deploy as tool

    try:
        ports = (find_ports or tool.find_board_ports)()
    except Exception as problem:  # no pyserial ports on this system, a driver in trouble
        return False, plain("deploy_no_board", lang) + f" ({problem})"
    if not ports:
        return False, plain("deploy_no_board", lang)
    if len(ports) > 1:
        return False, plain("deploy_several", lang, ports=", ".join(ports))
    extra = {"open_board": open_board} if open_board is not None else {}
    outcome = tool.deploy_to_port(ports[0], files, force=True, **extra)
    if outcome.ok:
        return True, plain("deployed", lang, port=ports[0])
    return False, plain("deploy_failed", lang, port=ports[0],
                        detail=outcome.detail or outcome.problem or "")
