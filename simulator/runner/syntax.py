"""Python syntax that CPython accepts but MicroPython 1.18 (micro:bit V2) cannot compile.

The simulator runs on CPython; without this check a program using an f-string would
work here and fail on the board with ``SyntaxError: invalid syntax``.
"""

from __future__ import annotations

import ast

# Node types the MicroPython 1.18 compiler has no grammar for.
NOT_IN_MICROPYTHON: tuple[type[ast.AST], ...] = (ast.JoinedStr, ast.Match, ast.TryStar)


def _unsupported(node: ast.AST) -> bool:
    if isinstance(node, NOT_IN_MICROPYTHON):
        return True
    if isinstance(node, ast.arguments) and node.posonlyargs:
        return True
    return False


def check_micropython_syntax(tree: ast.AST, source: str, filename: str) -> None:
    """Raise the SyntaxError the board would raise, at the first unsupported construct."""
    bad = [node for node in ast.walk(tree) if _unsupported(node)]
    if not bad:
        return
    first = min(bad, key=lambda node: (getattr(node, "lineno", 0), getattr(node, "col_offset", 0)))
    lineno = getattr(first, "lineno", None)
    if lineno is None:  # ast.arguments has no position: use the function's
        lineno = next(getattr(n, "lineno", 1) for n in ast.walk(tree)
                      if isinstance(n, (ast.FunctionDef, ast.Lambda, ast.AsyncFunctionDef))
                      and n.args is first)
    line = source.splitlines()[lineno - 1] if source else ""
    raise SyntaxError("invalid syntax", (filename, lineno, 1, line))
