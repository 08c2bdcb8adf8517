"""``terakoya sim``: the simulator window, or a screenshot of it."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .i18n import tr
from .run_command import RunOptions, _read_program, broker_address, run_programs
from .usage import UsageError


def welcome_program() -> Path:
    """The program the window opens with when no file is given (shipped in the package)."""
    from .simulator import ui

    return Path(ui.__file__).resolve().parent / "welcome.py"


def run_sim(args: argparse.Namespace, lang: str) -> int:
    from .lesson_words import program_path

    paths = [program_path(Path(f)) for f in args.files] or [welcome_program()]
    for path in paths:
        _read_program(path, lang)  # a clear message for a missing or unreadable file
    if not 1.0 <= args.scale <= 3.0:
        raise UsageError(tr("bad_scale", lang, value=args.scale))
    if args.keymap is not None and not args.keymap.is_file():
        raise UsageError(tr("file_missing", lang, path=args.keymap))
    features = lesson_setup(paths, args, lang)
    if getattr(args, "text", False):
        return run_text_mode(paths, args, lang, features)
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    from .simulator.ui.app import NoScreen, WindowOptions, run_window, screenshot

    board = getattr(args, "board", "microbit")
    options = WindowOptions(paths=paths, lang=lang, board=board, theme=args.theme,
                            scale=args.scale,
                            allow_flashing=args.allow_flashing, keymap=args.keymap,
                            speed=args.speed, frames=args.frames,
                            broker=broker_address(getattr(args, "broker", None), lang),
                            open_pages=args.screenshot is None and args.frames is None,
                            voice=find_voice(lang) if getattr(args, "narrate", False) else None,
                            switches=getattr(args, "switch", None) or 0,
                            scan_ms=max(300.0, getattr(args, "scan_ms", 1500.0)),
                            dwell_ms=max(0.0, getattr(args, "dwell_ms", 0.0)),
                            features=features, kana=getattr(args, "kana", False),
                            big_captions=getattr(args, "big_captions", False),
                            hear_values=getattr(args, "hear_values", False))
    try:
        if args.screenshot is not None:
            screenshot(options, args.screenshot, args.after_ms)
            return 0
        return run_window(options)
    except ValueError as exc:  # a keymap with an unknown action
        raise UsageError(str(exc)) from None
    except NoScreen:
        print(tr("no_screen", lang), file=sys.stderr)
        return run_programs(RunOptions(files=paths, board=board, lang=lang))


def find_voice(lang: str):  # type: ignore[no-untyped-def]
    """The system's voice for the narrator; without one, say so once."""
    from .accessibility.voices import Silent, system_voice

    voice = system_voice()
    if isinstance(voice, Silent):
        print(tr("no_voice", lang), file=sys.stderr)
    return voice


def run_text_mode(paths: list[Path], args: argparse.Namespace, lang: str,
                  features: tuple[str, ...] = ()) -> int:
    """``terakoya sim --text``: the simulator in the terminal (no window, no pygame)."""
    from .simulator.ui.controller import Controller
    from .simulator.ui.text_mode import TextMode, stdin_lines

    ctl = Controller(paths=paths, lang=lang, board=getattr(args, "board", "microbit"),
                     speed=args.speed, run_checks=False, features=features,
                     kana=getattr(args, "kana", False),
                     broker=broker_address(getattr(args, "broker", None), lang))
    sound = text_mode_sound()
    if sound is not None:
        ctl.cue = sound.play_cue
    if getattr(args, "narrate", False):
        from .accessibility.narrator import Narrator

        ctl.narrator = Narrator(find_voice(lang), lang, boards=len(paths))
    ctl.load()
    try:
        TextMode(ctl, sys.stdout, lang).run(stdin_lines())
    except KeyboardInterrupt:
        pass
    finally:
        ctl.close()
        if ctl.narrator is not None:
            ctl.narrator.voice.close()
        if sound is not None:
            sound.close()
    return 0


def text_mode_sound():  # type: ignore[no-untyped-def]
    """The computer's sound for ``listen`` in the text mode (a sweep of the LEDs), or None
    where there is none (an SSH session, a server): then ``listen`` says the picture."""
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    from .simulator.ui.app import has_sound_device

    if os.environ.get("SSH_CONNECTION") or not has_sound_device():
        return None
    from .simulator.ui.sound_out import SoundOutput

    sound = SoundOutput(audio=True, speech_command=None)
    return sound if sound.audio else None


# a lesson's accessible variant -> how the simulator is set up for it (its advice is printed)
VARIANT_SETUP: dict[str, dict[str, object]] = {
    "blind_low_vision": {"narrate": True, "hear_values": True, "theme": "high-contrast",
                         "scale": 2.0},
    "deaf_hard_of_hearing": {"big_captions": True},  # captions in the window's language
    "motor": {"switch": 1},
    "cognitive": {"kana": True},  # and the lesson's own controls only, as for every lesson
}


def lesson_setup(paths: list[Path], args: argparse.Namespace, lang: str) -> tuple[str, ...]:
    """A lesson opened by id or folder: its features_used (their controls come first) and,
    with ``--variant``, the set-up its accessible variant asks for."""
    from .lesson_words import lesson_data

    data = next((found for p in paths if p.is_dir() and (found := lesson_data(p))), None)
    variant = getattr(args, "variant", None)
    if data is None:
        if variant is not None:
            raise UsageError(tr("variant_needs_lesson", lang))
        return ()
    if variant is not None:
        variants = data.get("accessibility", {}).get("variants", {})
        if variant not in variants:
            raise UsageError(tr("no_such_variant", lang, name=variant,
                                names=", ".join(variants) or "-"))
        for key, value in VARIANT_SETUP.get(variant, {}).items():
            setattr(args, key, max(value, args.scale) if key == "scale" else value)
        advice = variants[variant]
        print(advice.get("ja" if lang == "ja" else "en", ""), flush=True)
    return tuple(str(f) for f in data.get("features_used", ()))


