"""Errors of the board's host-served modules in MicroPython's words.

The board's modules run on the host, in CPython: an error CPython itself raises in them (a
call with the wrong number of arguments, ``'int' object is not iterable``) is given the
words the firmware's C would have (``function takes 1 positional arguments but 2 were
given``) before it reaches the board's core, which raises it in the program.
"""

from __future__ import annotations

import re

# CPython exception types that MicroPython 1.18 does not have, and what it raises instead.
TYPE_NAMES = {
    "RecursionError": "RuntimeError",
    "UnboundLocalError": "NameError",
    "ModuleNotFoundError": "ImportError",
    "FileNotFoundError": "OSError",
    "FileExistsError": "OSError",
    "IsADirectoryError": "OSError",
    "PermissionError": "OSError",
    "TabError": "IndentationError",
}

# (type, CPython message pattern, MicroPython message). Patterns match the whole message.
MESSAGES: list[tuple[str, re.Pattern[str], str]] = [
    (t, re.compile(p), m) for t, p, m in [
        ("NameError", r"name '(\w+)' is not defined(?:\. Did you mean.*)?",
         r"name '\1' isn't defined"),
        ("UnboundLocalError", r"(?:cannot access local variable|local variable) '(\w+)'.*",
         "local variable referenced before assignment"),
        ("ZeroDivisionError", r".*(?:division|modulo) by zero", "divide by zero"),
        ("TypeError", r"unsupported operand type\(s\) for ([^:]+): '(\w+)' and '(\w+)'",
         "unsupported types for {op}: '\\2', '\\3'"),
        ("TypeError", r"can only concatenate str \(not \"(\w+)\"\) to str",
         r"can't convert '\1' object to str implicitly"),
        ("TypeError", r"'(\w+)' object is not callable", r"'\1' object isn't callable"),
        ("TypeError", r"'(\w+)' object is not subscriptable", r"'\1' object isn't subscriptable"),
        ("TypeError", r"'(\w+)' object is not iterable", r"'\1' object isn't iterable"),
        ("TypeError", r"'(\w+)' object does not support item assignment",
         r"'\1' object doesn't support item assignment"),
        ("TypeError", r"object of type '(\w+)' has no len\(\)", r"object of type '\1' has no len()"),
        ("TypeError", r"(?:[\w.<>]+\.)?(\w+)\(\) takes (\d+) positional arguments? but (\d+) (?:was|were) given",
         r"function takes \2 positional arguments but \3 were given"),
        ("TypeError", r"(?:[\w.<>]+\.)?(\w+)\(\) missing (\d+) required positional arguments?: .*",
         r"function missing \2 required positional arguments"),
        ("TypeError", r"(?:[\w.<>]+\.)?(\w+)\(\) got multiple values for argument '(\w+)'",
         r"function got multiple values for argument '\2'"),
        ("TypeError", r"bad operand type for unary ([-+~]): '(\w+)'",
         "unsupported type for {unary}: '\\2'"),
        ("TypeError", r"(list|tuple|str)(?:ing)? indices must be integers(?: or slices)?, not (\w+)",
         r"\1 indices must be integers, not \2"),
        ("TypeError", r"'(\w+)' object is not an iterator", r"'\1' object isn't an iterator"),
        ("ValueError", r"not enough values to unpack \(expected \d+, got (\d+)\)",
         r"need more than \1 values to unpack"),
        ("OverflowError", r"cannot convert float infinity to integer", "can't convert inf to int"),
        ("ValueError", r"cannot convert float NaN to integer", "can't convert NaN to int"),
        ("OverflowError", r"Python int too large to convert to C \w+",
         "overflow converting long int to machine word"),
        ("TypeError", r"(?:[\w.<>]+\.)?(\w+)\(\) got an unexpected keyword argument '(\w+)'",
         r"unexpected keyword argument '\2'"),
        ("TypeError", r"'(<|>|<=|>=)' not supported between instances of '(\w+)' and '(\w+)'",
         "unsupported types for {cmp}: '\\2', '\\3'"),
        ("ValueError", r"invalid literal for int\(\) with base (\d+): .*",
         r"invalid syntax for integer with base \1"),
        ("ValueError", r"could not convert string to float: .*", "invalid syntax for number"),
        ("ModuleNotFoundError", r"No module named '([\w.]+)'", r"no module named '\1'"),
        ("ImportError", r"cannot import name '(\w+)' from .*", r"can't import name \1"),
        ("RecursionError", r"maximum recursion depth exceeded.*", "maximum recursion depth exceeded"),
        ("AttributeError", r"module '(\w+)' has no attribute '(\w+)'.*",
         r"'module' object has no attribute '\2'"),
        ("AttributeError", r"type object '(\w+)' has no attribute '(\w+)'.*",
         r"type object '\1' has no attribute '\2'"),
        ("AttributeError", r"'(\w+)' object has no attribute '(\w+)'.*",
         r"'\1' object has no attribute '\2'"),
        ("IndexError", r"(list|tuple) index out of range", r"\1 index out of range"),
        ("IndexError", r"string index out of range", "string index out of range"),
        ("IndexError", r"pop from empty list", "pop from empty list"),
        ("KeyError", r"'?popitem\(\): dictionary is empty'?", "popitem(): dictionary is empty"),
        ("OverflowError", r"int too large to convert to float", "int too big to convert"),
        ("OverflowError", r"math range error", "math range error"),
        ("IndentationError", r"unindent does not match any outer indentation level",
         "unindent doesn't match any outer indent level"),
        ("IndentationError", r"unexpected indent", "unexpected indent"),
        ("IndentationError", r"expected an indented block.*", "expected an indented block"),
    ]
]

OPERATORS = {"+": "__add__", "-": "__sub__", "*": "__mul__", "/": "__truediv__",
             "//": "__floordiv__", "%": "__mod__", "**": "__pow__", "+=": "__iadd__",
             "-=": "__isub__", "*=": "__imul__", "/=": "__itruediv__", "&": "__and__",
             "|": "__or__", "^": "__xor__", "<<": "__lshift__", ">>": "__rshift__",
             "<": "__lt__", ">": "__gt__", "<=": "__le__", ">=": "__ge__",
             "** or pow()": "__pow__"}


class BoardOSError(OSError):
    """OSError as the board makes it: ``args`` is ``(code,)`` and ``errno`` the code; ``str()``
    is ``[Errno 2] ENOENT`` for a code the board's errno module names, else the bare number
    (``28``): MicroPython's ``mp_obj_exception_print``. Its type is named ``OSError``."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.errno = code

    def __str__(self) -> str:
        name = _errno_name(self.errno)
        return str(self.errno) if name == str(self.errno) else f"[Errno {self.errno}] {name}"


BoardOSError.__name__ = BoardOSError.__qualname__ = "OSError"
BoardOSError.__module__ = "builtins"


def micropython_type_name(exc: BaseException) -> str:
    name = type(exc).__name__
    return TYPE_NAMES.get(name, name)


def micropython_message(exc: BaseException) -> str:
    """The text after ``TypeName: `` that MicroPython would print, or '' for none."""
    if isinstance(exc, SyntaxError):
        return _syntax_message(exc)
    if isinstance(exc, BoardOSError):
        return str(exc)
    if isinstance(exc, OSError) and exc.errno is not None:
        return f"[Errno {exc.errno}] {_errno_name(exc.errno)}"
    if isinstance(exc, KeyError) and len(exc.args) == 1:
        return str(exc.args[0])  # MicroPython prints the key with str(), not repr()
    text = str(exc)
    if exc.__dict__.get("_micropython_text"):
        return text  # already given the board's words where it was raised (or its own)
    rewritten = _rewritten(exc, text)
    return text if rewritten is None else rewritten


def _rewritten(exc: BaseException, text: str) -> str | None:
    """MicroPython's words for ``text``, a message CPython gave ``exc``; None if unknown."""
    original_type = type(exc).__name__
    for type_name, pattern, replacement in MESSAGES:
        if type_name != original_type and not (
                type_name == "TypeError" and isinstance(exc, TypeError)):
            continue
        match = pattern.fullmatch(text)
        if match:
            return _expand(match, replacement)
    return None


UNARY = {"-": "__neg__", "+": "__pos__", "~": "__invert__"}


def _expand(match: re.Match[str], replacement: str) -> str:
    if "{unary}" in replacement:
        replacement = replacement.replace("{unary}", UNARY[match.group(1)])
    if "{op}" in replacement or "{cmp}" in replacement:
        dunder = OPERATORS.get(match.group(1).strip(), match.group(1))
        replacement = replacement.replace("{op}", dunder).replace("{cmp}", dunder)
    return match.expand(replacement)


def _errno_name(code: int) -> str:
    from .stdlib import ERRNO_CODES

    for name, value in ERRNO_CODES.items():
        if value == code:
            return name
    return str(code)


def _syntax_message(exc: SyntaxError) -> str:
    if isinstance(exc, IndentationError):
        for _, pattern, replacement in MESSAGES:
            match = pattern.fullmatch(exc.msg or "")
            if match and replacement and _ == "IndentationError":
                return match.expand(replacement)
        return "unexpected indent"
    return "invalid syntax"


