"""The simulator window: the one loop where real time enters.

Each frame: input events become controller actions, the controller lets the frame's real
time pass on the virtual clock, and the renderer draws. ``screenshot`` renders offscreen
after a given virtual time, for tests and documentation.
"""

from __future__ import annotations

import os
import sys
import time
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pygame

from ...accessibility.narrator import Narrator
from ...accessibility.voices import Voice
from .controller import Attached, ConsoleLine, Controller
from .render import Renderer
from .scanning import Scanner
from .sound_out import SoundOutput

FPS = 60
SWITCH_KEYS = {"space": 1, "return": 2, "1": 1, "2": 2}  # switch 1 and switch 2
WATCH_INTERVAL_S = 0.5


@dataclass
class WindowOptions:
    paths: list[Path]
    lang: str = "en"
    board: str = "microbit"
    theme: str = "default"
    scale: float = 1.0
    allow_flashing: bool = False
    keymap: Path | None = None
    speed: float = 1.0
    frames: int | None = None  # stop after this many frames (for tests); None: until closed
    attached: Attached | None = None  # show a board served on a port (terakoya device)
    on_open: Callable[[], None] | None = None  # called once the window is on the screen
    broker: tuple[str, int] | None = None  # the class's MQTT broker (None: Terakoya's own)
    open_pages: bool = False  # open a board's web page in the browser when it serves one
    voice: Voice | None = None  # with a voice, the narrator speaks (terakoya sim --narrate)
    switches: int = 0  # switch access: 1 (automatic scanning) or 2 (step scanning); 0: none
    scan_ms: float = 1500.0  # with one switch, how long the scan stays on each control
    dwell_ms: float = 0.0  # with one switch, the longer wait on the first offer after a choice
    features: tuple[str, ...] = ()  # a lesson's features_used: only their controls at first
    kana: bool = False  # Japanese in kana only (grades 1-2)
    big_captions: bool = False  # the newest caption in large print over the boards
    hear_values: bool = False  # sliders' values heard as pitch (sonification)


def make_controller(options: WindowOptions) -> Controller:
    checks = os.environ.get("TERAKOYA_CHECK_ON_LOAD", "1") != "0"  # tests turn it off
    ctl = Controller(paths=options.paths, lang=options.lang, board=options.board,
                     theme=options.theme,
                     allow_flashing=options.allow_flashing, speed=options.speed,
                     run_checks=checks and options.attached is None,
                     attached=options.attached, broker=options.broker,
                     features=options.features, all_controls=not options.features,
                     kana=options.kana, big_captions=options.big_captions,
                     hear_values=options.hear_values,
                     open_pages=webbrowser.open if options.open_pages else None)
    if options.keymap is not None:
        ctl.load_keymap(options.keymap)
    if options.voice is not None:
        ctl.narrator = Narrator(options.voice, options.lang, boards=max(1, len(options.paths)))
    if options.switches:
        ctl.scanner = Scanner(ctl, options.switches, options.scan_ms, options.dwell_ms)
    ctl.load()
    return ctl


def screenshot(options: WindowOptions, out: Path, after_ms: float) -> None:
    """Run ``after_ms`` of virtual time headless, draw one frame offscreen, save a PNG."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    ctl = make_controller(options)
    try:
        ctl.sim.run(after_ms)  # type: ignore[union-attr]
        renderer = Renderer(options.scale)
        surface = pygame.Surface(renderer.size)
        renderer.draw(surface, ctl)
        pygame.image.save(surface, str(out))
    finally:
        ctl.close()


class NoScreen(Exception):
    """There is no screen to open a window on (a server, an SSH session)."""


def run_window(options: WindowOptions) -> int:
    """Open the window and run until it is closed."""
    if sys.platform.startswith("linux") and not os.environ.get("SDL_VIDEODRIVER") and not (
            os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        raise NoScreen("no DISPLAY or WAYLAND_DISPLAY")
    try:
        pygame.display.init()
        invisible = pygame.display.get_driver() in ("offscreen", "dummy")
        if invisible and not os.environ.get("SDL_VIDEODRIVER"):
            raise pygame.error("only an invisible video driver is available")
        renderer = Renderer(options.scale)
        screen = pygame.display.set_mode(fitted(renderer.size), pygame.RESIZABLE)
    except pygame.error as exc:
        pygame.display.quit()
        raise NoScreen(str(exc)) from None
    if not renderer.japanese and options.lang == "ja":
        print("terakoya: no Japanese font found; install fonts-ipafont-gothic "
              "(日本語フォントがありません)", file=sys.stderr)
    ctl = make_controller(options)
    pygame.display.set_caption(window_title(ctl, options))
    if not renderer.japanese and options.lang == "ja":  # said in English: no font to say it
        ctl.console.append(ConsoleLine(0, NO_JAPANESE_FONT, "help"))
    if options.on_open is not None:
        options.on_open()
    sound = SoundOutput(audio=has_sound_device())
    ctl.listeners.append(sound.handle)
    ctl.cue = sound.play_cue
    clock = pygame.time.Clock()
    last_watch = time.monotonic()
    frames = 0
    drawn = -1
    try:
        while options.frames is None or frames < options.frames:
            if not handle_events(ctl, renderer):
                break
            if sound.muted != ctl.muted:
                sound.toggle_mute()
            sound.update()
            wall_ms = clock.tick(FPS)
            ctl.tick(wall_ms)
            if ctl.scanner is not None:
                ctl.scanner.tick(wall_ms)
            if time.monotonic() - last_watch > WATCH_INTERVAL_S:
                last_watch = time.monotonic()
                ctl.reload_if_changed()
            if ctl.changes != drawn:  # draw only what changed: a still board costs nothing
                drawn = ctl.changes
                screen = pygame.display.get_surface()  # its size may have changed
                renderer.draw(screen, ctl)
                pygame.display.flip()
            frames += 1
    finally:
        ctl.close()
        sound.close()
        pygame.display.quit()
    return 0


NO_JAPANESE_FONT = ("No Japanese font on this computer, so Japanese shows as boxes. Ask the "
                    "person who looks after it to install one (on Debian or Ubuntu: "
                    "fonts-ipafont-gothic), then open the window again.")


def fitted(size: tuple[int, int]) -> tuple[int, int]:
    """The window's size: as the scale asks, but never larger than the screen (a 1366×768
    school laptop at --scale 3 gets a window that fits; the layout flows into it)."""
    try:
        screens = pygame.display.get_desktop_sizes()
    except pygame.error:
        screens = []
    if not screens:
        return size
    width, height = screens[0]
    share = min(1.0, width * 0.96 / size[0], height * 0.9 / size[1])
    return int(size[0] * share), int(size[1] * share)


def window_title(ctl: Controller, options: WindowOptions) -> str:
    """The program's name and the board it runs on (and the port a served board is on)."""
    board = ctl.boards[0].model.spec.name(ctl.lang) if ctl.boards else ""
    names = ", ".join(p.stem if p.is_file() else p.name for p in options.paths)
    port = f" — {options.attached.port}" if options.attached is not None else ""
    return f"Terakoya — {names or board} ({board}){port}"


def has_sound_device() -> bool:
    """False on a Linux machine with no sound card and no sound server (avoids ALSA noise)."""
    if not sys.platform.startswith("linux") or os.environ.get("SDL_AUDIODRIVER"):
        return True
    servers = ("PULSE_SERVER", "PIPEWIRE_RUNTIME_DIR", "XDG_RUNTIME_DIR")
    return os.path.exists("/dev/snd") or any(os.environ.get(name) for name in servers)


def handle_events(ctl: Controller, renderer: Renderer) -> bool:
    """Keys, clicks and the close box; False when the window should close."""
    for event in pygame.event.get():
        if event.type == pygame.QUIT:
            return False
        if event.type in (pygame.WINDOWEXPOSED, pygame.WINDOWRESTORED, pygame.VIDEOEXPOSE,
                          pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED):
            ctl.changes += 1  # the window must be drawn again
        if event.type == pygame.TEXTINPUT and ctl.focused().kind == "text":
            ctl.typed += event.text
            ctl.changes += 1
        elif event.type in (pygame.KEYDOWN, pygame.KEYUP):
            handle_key(ctl, event)
        elif event.type in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP) and event.button == 1:
            handle_click(ctl, renderer, event.pos, event.type == pygame.MOUSEBUTTONDOWN)
        elif event.type == pygame.MOUSEMOTION and event.buttons[0]:
            handle_drag(ctl, renderer, event.pos)
        elif event.type == pygame.MOUSEWHEEL:
            renderer.scroll_panel(-event.y * 3)
            ctl.changes += 1
    return True


def handle_key(ctl: Controller, event: pygame.event.Event) -> None:
    down = event.type == pygame.KEYDOWN
    name = pygame.key.name(event.key)
    if ctl.scanner is not None and name in SWITCH_KEYS:  # switch interfaces send these keys
        if down:
            ctl.scanner.press(SWITCH_KEYS[name])
        return
    if ctl.focused().kind == "text" and name not in ("tab", "escape"):
        if down:  # the serial console takes the keys: Enter sends the line
            ctl.console_key(name)
        return
    if down and name == "tab" and event.mod & pygame.KMOD_SHIFT:
        ctl.perform("focus_previous")
        return
    if down and name in ("left", "right") and ctl.focused().kind in ("slider", "choice"):
        ctl.adjust(1 if name == "right" else -1)
        return
    action = ctl.keys.get(name)
    if action is not None:
        ctl.perform(action, down)


def handle_click(ctl: Controller, renderer: Renderer, pos: tuple[int, int], down: bool) -> None:
    hit = renderer.hit(pos)
    if hit is None:
        return
    if hit.action is not None:  # a board part: held while the mouse button is down
        ctl.perform(hit.action, down, hit.board)
    elif hit.control is not None and down:
        ctl.set_focus(ctl.controls.index(hit.control))
        if hit.control.kind in ("slider", "choice"):
            ctl.adjust(1 if pos[0] > hit.rect.centerx else -1)
        else:
            ctl.activate()


def handle_drag(ctl: Controller, renderer: Renderer, pos: tuple[int, int]) -> None:
    """Dragging on a board tilts it: the further from the centre, the steeper (±2000 mg).

    Only a convenience: the arrow keys and the sliders tilt it too (no action needs a drag).
    """
    for number, body in renderer.bodies.items():
        if body.collidepoint(pos) and ctl.boards and \
                ctl.boards[number - 1].model.spec.sensor("accelerometer_x") is not None:
            dx = (pos[0] - body.centerx) / (body.width / 2)
            dy = (pos[1] - body.centery) / (body.height / 2)
            model = ctl.boards[number - 1].model
            model.set_value("accelerometer_x", max(-2000, min(2000, round(dx * 2000))))
            model.set_value("accelerometer_y", max(-2000, min(2000, round(dy * 2000))))
            ctl.changes += 1
