"""Run a student's MicroPython program against one simulated board.

The program's ``main.py`` (and any other ``.py`` file on the board's filesystem it
imports) executes in a fresh namespace whose ``import`` sees only that board's modules,
so the host's own ``time``, ``os`` and ``sys`` are never touched. The program runs on its
own thread under the scheduler; a per-line trace charges virtual time, so a loop that
never sleeps still lets time pass, and a stop request ends even ``while True: pass``.
"""

from __future__ import annotations

import ast
import builtins
import ctypes
import dis
import sys
import threading
import warnings
from collections import deque
from types import CodeType, FrameType, ModuleType

from ..board_modules import ALIASES, ERROR_DISPLAYS, ModuleFactory, canonical_name, registry_for
from ..board_modules.mp import ScheduledError, mp_repr, mp_str
from ..board_modules.tracebacks import (
    adopt_micropython_message,
    error_line,
    error_line_number,
    error_summary,
    format_exception,
)
from ..model.clock import US_PER_MS, Task, TaskStopped
from ..model.events import ProgramError, ProgramStarted, ProgramStopped, StopKind
from ..model.microbit import MicrobitBoard
from .syntax import check_micropython_syntax

LINE_COST_US = 10  # virtual time one line of student code takes
RAISE_VARARGS = dis.opmap["RAISE_VARARGS"]  # a raise statement
# A busy program runs at least this much virtual time before letting others run: events
# (another board, an animation frame) may then see it up to this far ahead of them.
TIME_SLICE_US = 1000
RESET_DELAY_US = 50 * US_PER_MS  # a reset: the board restarts the program after this
HOST_ONLY_BUILTINS = ("exit", "quit", "copyright", "credits", "license", "help",
                      "breakpoint", "open", "input", "print", "__import__", "__loader__",
                      "__spec__", "aiter", "anext", "ExceptionGroup", "BaseExceptionGroup",
                      "EncodingWarning")
HELP_TEXT = ("This is MicroPython on a simulated micro:bit.\n"
             "Try: from microbit import *  then  display.scroll('Hello')\n"
             "help('modules') lists the modules you can import.\n")


def _async_raise_stop() -> None:
    """Raise TaskStopped in this thread at its next bytecode, without leaving the tracer."""
    _async_raise(TaskStopped)


def _async_raise(kind: type[BaseException]) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(threading.get_ident()), ctypes.py_object(kind))


STDIN = "<stdin>"  # the file name MicroPython gives code typed at the REPL


class CodeNames:
    """The file names whose code is the student's: the board's files and ``<stdin>``."""

    def __init__(self, board: MicrobitBoard):
        self._files = board.files

    def __contains__(self, name: object) -> bool:
        return name == STDIN or name in self._files


class Submission:
    """Code sent to a running board; ``done`` once it has run."""

    def __init__(self, source: str, mode: str):
        if mode not in ("exec", "single"):
            raise ValueError(f"mode must be 'exec' or 'single', not {mode!r}")
        self.source = source
        self.mode = mode
        self.done = False
        self.result: str | None = None  # a StopKind value
        self.error: str | None = None

    def finish(self, result: str, error: str | None = None) -> None:
        self.done = True
        self.result = result
        self.error = error


class BoardProgram:
    """The program of one board: load, run, restart on reset, report how it ended."""

    def __init__(self, board: MicrobitBoard):
        self.board = board
        self.registry: dict[str, ModuleFactory] = registry_for(board.kind)
        self.modules: dict[str, ModuleType] = {}
        self.task: Task | None = None
        self.end_kind: str | None = None
        self.error: str | None = None  # one line: where and what, for people
        self.code_names = CodeNames(board)
        self._opcode_traced: set[str] = set()  # files traced per instruction, not per line
        self.namespace: dict[str, object] = {}
        self.serve_after_main = False  # keep running code sent later (the REPL builds on it)
        self.run_main = True  # False: start at the REPL without running main.py (raw REPL)
        self._interrupt = False  # Ctrl-C: KeyboardInterrupt at the next line or wait
        self._submissions: deque[Submission] = deque()

    # -- lifecycle (scheduler side) ------------------------------------------------
    def start(self) -> None:
        self.task = Task(self.board.scheduler, self._body, name=f"board-{self.board.number}")
        self.board.task = self.task
        self.task.start()

    @property
    def running(self) -> bool:
        return self.task is not None and not self.task.done

    def stop(self, kind: str = StopKind.STOPPED) -> None:
        if self.running:
            self.board.stop(kind)
        self.board.cancel_background()

    def interrupt(self) -> None:
        """Ctrl-C: raise KeyboardInterrupt in the running code (call while it is parked)."""
        self._interrupt = True
        if self.task is not None:
            self.task.schedule(self._raise_interrupt)

    def _raise_interrupt(self) -> None:
        if self._interrupt:
            self._interrupt = False
            raise KeyboardInterrupt

    # -- the task body ---------------------------------------------------------------
    def _body(self) -> None:
        sys.settrace(self._trace_call)
        try:
            while self._run_once() == StopKind.RESET:
                self._restart()
            if self.serve_after_main:
                self._serve()
        finally:
            sys.settrace(None)

    # -- code sent while the board runs (what a REPL builds on) -------------------------
    def submit(self, source: str, mode: str = "exec") -> Submission:
        """Run ``source`` in main.py's namespace once main.py has ended.

        ``mode`` is ``exec`` (a block, as raw REPL sends it) or ``single`` (one line typed at
        the REPL: the value of an expression is printed). Output streams on the serial line.
        """
        submission = Submission(source, mode)
        self._submissions.append(submission)
        self.board.wake_program()
        return submission

    def _serve(self) -> None:
        task = self.task
        assert task is not None
        while True:
            try:
                task.wait(lambda: bool(self._submissions))
            except KeyboardInterrupt:  # Ctrl-C with no code running: nothing to stop
                continue
            submission = self._submissions.popleft()
            try:
                self._run_submission(submission)
            except TaskStopped:
                submission.finish(StopKind.STOPPED)
                raise

    def _run_submission(self, submission: Submission) -> None:
        try:
            tree = self._parse(submission.source, STDIN)
            if submission.mode == "single" and len(tree.body) == 1 and \
                    isinstance(tree.body[0], ast.Expr):
                expression = ast.Expression(tree.body[0].value)
                value = eval(compile(expression, STDIN, "eval", dont_inherit=True), self.namespace)
                if value is not None:
                    self.board.write_serial(mp_repr(value) + "\n")
            else:
                exec(compile(tree, STDIN, "exec", dont_inherit=True), self.namespace)
        except TaskStopped:
            raise
        except BaseException as exc:  # printed as the REPL prints it; the board keeps going
            # done first: a listener then knows the text is the error (raw REPL sends it apart)
            submission.finish(StopKind.ERROR, error_summary(exc, self.code_names))
            self.board.write_serial(format_exception(exc, self.code_names))
            return
        submission.finish(StopKind.ENDED)

    def _restart(self) -> None:
        task = self.task
        assert task is not None
        task.stop_kind = None
        self.modules.clear()
        self.board.reset_state()
        task.sleep_until(self.board.scheduler.now_us + RESET_DELAY_US)
        self.board.boot_us = self.board.scheduler.now_us

    def _run_once(self) -> str:
        board = self.board
        board.bus.publish(ProgramStarted(board.number))
        self.namespace = self._namespace("__main__")
        try:
            # without main.py (or started at the raw REPL) the board just waits at its REPL
            if self.run_main and "main.py" in board.files:
                exec(self._compile("main.py"), self.namespace)
        except TaskStopped:
            return self._stopped()
        except ScheduledError as exc:  # a run_every callback raised: main.py ends with it
            return self._failed(exc.error)
        except SystemExit:  # sys.exit() ends the program quietly
            pass
        except BaseException as exc:  # the student's error, reported as the board would
            return self._failed(exc)
        finally:
            board.cancel_background()  # run_every timers stop when main.py ends
        self._finish(StopKind.ENDED)
        return StopKind.ENDED

    def _stopped(self) -> str:
        task = self.task
        assert task is not None
        kind = task.stop_kind or StopKind.STOPPED
        if kind != StopKind.RESET:
            detail = task.stop_detail
            self._finish(kind, None if detail is None else str(detail))
        return kind

    def _failed(self, exc: BaseException) -> str:
        exc = _strip_stop_context(exc)
        if isinstance(exc, TaskStopped):
            return self._stopped()
        self.board.write_serial(format_exception(exc, self.code_names))
        self.error = error_summary(exc, self.code_names)
        line = error_line_number(exc, self.code_names)
        self.board.bus.publish(ProgramError(self.board.number, error_line(exc), line))
        show_error = ERROR_DISPLAYS.get(self.board.kind)
        try:
            if show_error is not None and not isinstance(exc, KeyboardInterrupt):
                show_error(self.board, exc, line)
        except TaskStopped:
            pass
        self._finish(StopKind.ERROR, self.error)
        return StopKind.ERROR

    def _finish(self, kind: str, detail: str | None = None) -> None:
        self.end_kind = kind
        self.board.bus.publish(ProgramStopped(self.board.number, kind, detail))

    # -- loading code -------------------------------------------------------------------
    def _compile(self, filename: str) -> CodeType:
        source = self.board.files[filename].decode("utf-8", "replace")
        tree = self._parse(source, filename)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return compile(tree, filename, "exec", dont_inherit=True)

    def _parse(self, source: str, filename: str) -> ast.Module:
        with warnings.catch_warnings():  # MicroPython's compiler gives no warnings
            warnings.simplefilter("ignore")
            tree = compile(source, filename, "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
        check_micropython_syntax(tree, source, filename)
        if any(_one_line_loop(node) for node in ast.walk(tree)):
            self._opcode_traced.add(filename)
        return tree

    def _namespace(self, name: str) -> dict[str, object]:
        return {"__name__": name, "__builtins__": self._builtins()}

    def _builtins(self) -> dict[str, object]:
        names = dict(builtins.__dict__)
        for name in HOST_ONLY_BUILTINS:
            names.pop(name, None)
        names.update(__import__=self.import_module, print=self.print, input=self.input,
                     help=self.help)
        names.update(self.registry_builtins())
        return names

    def registry_builtins(self) -> dict[str, object]:
        factory = self.registry.get("builtins")
        return dict(vars(factory(self.board))) if factory else {}

    def import_module(self, name: str, globals: object = None, locals: object = None,
                      fromlist: object = (), level: int = 0) -> ModuleType:
        if level:
            raise ImportError("can't perform relative import")
        top = self._load(name.partition(".")[0])
        if "." not in name:
            return top
        target = self._load(name)
        return target if fromlist else top

    def _load(self, name: str) -> ModuleType:
        name = canonical_name(name)
        if name in self.modules:
            return self.modules[name]
        if "." in name:
            parent, _, attr = name.rpartition(".")
            sub = getattr(self._load(parent), attr, None)
            if not isinstance(sub, ModuleType):
                raise ImportError(f"no module named '{name}'")
            self.modules[name] = sub
            return sub
        if name in self.registry and name != "builtins":
            mod = self.registry[name](self.board)
        elif f"{name}.py" in self.board.files:
            mod = self._load_file(name)
        else:
            raise ImportError(f"no module named '{name}'")
        self.modules[name] = mod
        return mod

    def _load_file(self, name: str) -> ModuleType:
        mod = ModuleType(name)
        mod.__dict__.update(self._namespace(name))
        mod.__file__ = f"{name}.py"
        self.modules[name] = mod
        try:
            exec(self._compile(f"{name}.py"), mod.__dict__)
        except BaseException:
            del self.modules[name]
            raise
        return mod

    # -- builtins that talk to the board --------------------------------------------------
    def print(self, *args: object, sep: str | None = " ", end: str | None = "\n",
              file: object = None) -> None:
        """print() as on the board: floats have 7 digits; ``file`` is ignored (no io)."""
        sep = " " if sep is None else sep
        end = "\n" if end is None else end
        self.board.write_serial(sep.join(mp_str(arg) for arg in args) + end)

    def input(self, prompt: object = "") -> str:
        board = self.board
        if prompt:
            board.write_serial(str(prompt))
        line: list[str] = []

        def ready() -> bool:
            got = board.take_serial_line()
            if got is None:
                return False
            line.append(got)
            return True

        board.wait(ready)
        board.write_serial(line[0] + "\n")  # the board echoes what is typed
        return line[0]

    def help(self, obj: object = None) -> None:
        if obj == "modules":
            names = sorted([*(n for n in self.registry if n != "builtins"), *ALIASES])
            self.board.write_serial("  ".join(names) + "\n")
        elif obj is None:
            self.board.write_serial(HELP_TEXT)
        else:
            self.board.write_serial(f"object {obj!r} is of type {type(obj).__name__}\n")

    # -- tracing: virtual time per line and stop requests ---------------------------------
    def _trace_call(self, frame: FrameType, event: str, arg: object):
        filename = frame.f_code.co_filename
        if filename in self.code_names:
            if filename in self._opcode_traced:  # a loop on one line gives no line events
                frame.f_trace_opcodes = True
            return self._trace_line
        return None

    def _trace_line(self, frame: FrameType, event: str, arg: object):
        if event == "line" or event == "opcode":
            task = self.task
            sched = self.board.scheduler
            sched.now_us += LINE_COST_US
            if task.stop_kind is not None:  # type: ignore[union-attr]
                _async_raise_stop()
            elif self._interrupt:
                self._interrupt = False
                _async_raise(KeyboardInterrupt)
            elif sched.now_us >= task.resumed_us + TIME_SLICE_US and \
                    sched.now_us >= sched.deadline_us():  # type: ignore[union-attr]
                try:
                    task.yield_now()  # type: ignore[union-attr]
                except TaskStopped:
                    _async_raise_stop()
        elif event == "exception":  # raised here or passing through: the board's wording
            raised = frame.f_code.co_code[frame.f_lasti] == RAISE_VARARGS
            adopt_micropython_message(arg[1], raised)  # type: ignore[index]
        return self._trace_line


def _one_line_loop(node: ast.AST) -> bool:
    """``while True: pass``: a loop whose body is on its own header's line."""
    return isinstance(node, (ast.While, ast.For)) and node.body[-1].end_lineno == node.lineno


def _strip_stop_context(exc: BaseException) -> BaseException:
    """If a stop unwound into an error handler, the stop is what counts."""
    seen = exc
    while seen is not None:
        if isinstance(seen, TaskStopped):
            return seen
        seen = seen.__context__  # type: ignore[assignment]
    return exc
