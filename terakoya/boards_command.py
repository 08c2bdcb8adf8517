"""``terakoya boards``: the boards plugged in, and for each one that cannot be used, why and
what to do about it (in English or Japanese).

Imports only the standard library at the top; the detection lives in host_tools/boards.py.
"""

from __future__ import annotations

import argparse
import json

MESSAGES: dict[str, tuple[str, str]] = {
    "header": ("Connected boards:", "つながっているボード:"),
    "drive": ("drive {drive}", "ドライブ {drive}"),
    "no_drive": ("no MICROBIT drive found", "MICROBIT ドライブが見つかりません"),
    "no_port": ("no serial port", "シリアルポートなし"),
    "ready": ("ready", "使えます"),
    "permission": (
        "This computer does not let you use the port yet: your account is not in the 'dialout' "
        "group. Run: sudo usermod -aG dialout $USER  (on Arch Linux: uucp), then log out and in "
        "again.",
        "このアカウントにはポートを使う許可がありません（dialout グループに入っていません）。"
        "sudo usermod -aG dialout $USER を実行し（Arch Linux では uucp）、ログアウトしてから"
        "もう一度ログインしてください。"),
    "brltty": (
        "The program brltty (for braille displays) has taken the port. If nobody uses a braille "
        "display on this computer, run: sudo apt remove brltty, then unplug the board and plug "
        "it in again.",
        "点字ディスプレイ用のプログラム brltty がポートを使っています。点字ディスプレイを使って"
        "いなければ sudo apt remove brltty を実行し、ボードを抜いて差し直してください。"),
    "busy": (
        "Another program is using the port. Close Thonny, Mu, the Arduino IDE, a browser tab "
        "with the micro:bit editor or any serial monitor, then try again.",
        "ほかのプログラムがポートを使っています。Thonny、Mu、Arduino IDE、micro:bit エディターの"
        "ブラウザーのタブ、シリアルモニターなどを閉じてから、もう一度試してください。"),
    "gone": (
        "The board went away while we looked at it. Check the cable, plug it in again.",
        "調べている間にボードが外れました。ケーブルを確かめて、差し直してください。"),
    "cannot_open": (
        "The port cannot be opened ({detail}). Unplug the board, plug it in again, and retry.",
        "ポートを開けません（{detail}）。ボードを抜いて差し直し、もう一度試してください。"),
    "no_serial": (
        "The MICROBIT drive is there but no serial port: the USB cable may be faulty or carry "
        "power only, or the board's firmware is very old. Try another cable; if that does not "
        "help, update the firmware (microbit.org/get-started/user-guide/firmware).",
        "MICROBIT ドライブはありますが、シリアルポートがありません。USB ケーブルの不良か、"
        "充電専用ケーブルかもしれません。またはボードのファームウェアがとても古いです。別の"
        "ケーブルを試し、だめならファームウェアを更新してください"
        "（microbit.org/get-started/user-guide/firmware）。"),
    "none_found": (
        "No boards found. Check that the board is plugged in and that the cable carries data "
        "(charge-only cables power the board but the computer cannot see it). For ESP32 boards "
        "on Windows or macOS, the USB driver (CP210x or CH340) may be missing.",
        "ボードが見つかりません。ボードがつながっているか、データ通信できるケーブルか"
        "（充電専用ケーブルでは電源は入りますが、コンピューターから見えません）を確かめて"
        "ください。Windows や macOS で ESP32 を使うときは、USB ドライバー（CP210x か CH340）が"
        "必要なことがあります。"),
    "brltty_running": (
        "Note: brltty is running. It takes over many ESP32 USB adapters on Linux so that no "
        "port appears. If nobody needs a braille display here: sudo apt remove brltty.",
        "注意: brltty が動いています。Linux では多くの ESP32 の USB アダプターを横取りし、ポートが"
        "現れなくなります。点字ディスプレイを使わないなら sudo apt remove brltty を実行して"
        "ください。"),
}


def msg(key: str, lang: str, **values: object) -> str:
    en, ja = MESSAGES[key]
    return (ja if lang == "ja" else en).format(**values)


def add_arguments(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--no-probe", action="store_true",
                     help="only list the boards; do not try to open their ports")
    sub.add_argument("--json", action="store_true", help="the boards as JSON, for tools")


def handler(args: argparse.Namespace, lang: str) -> int:
    from .host_tools.boards import real_host

    return show_boards(real_host(), lang, probe=not args.no_probe, as_json=args.json)


def show_boards(host, lang: str, probe: bool = True, as_json: bool = False) -> int:
    """Print the boards; exit code 1 when a board has a problem or none are found."""
    from .host_tools.boards import detect_boards, host_notes

    boards = detect_boards(host, probe=probe)
    notes = host_notes(host, boards)
    if as_json:
        print(json.dumps([_as_dict(board, lang) for board in boards], ensure_ascii=False,
                         indent=2))
    else:
        if boards:
            print(msg("header", lang))
        for board in boards:
            print(describe(board, lang))
        for note in notes:
            print(msg(note, lang))
    return 0 if boards and all(board.ok for board in boards) else 1


def describe(board, lang: str) -> str:
    """One line per board, then one indented line per problem."""
    where = board.port or msg("no_port", lang)
    parts = [f"  {board.name:<16} {where}"]
    if board.kind == "microbit":
        parts.append(msg("drive", lang, drive=board.drive) if board.drive
                     else msg("no_drive", lang))
    parts.append(msg("ready", lang) if board.ok else "")
    lines = ["  ".join(p for p in parts if p)]
    lines += [f"      -> {msg(p.key, lang, detail=p.detail)}" for p in board.problems]
    return "\n".join(lines)


def _as_dict(board, lang: str) -> dict:
    return {"kind": board.kind, "name": board.name, "port": board.port,
            "serial_number": board.serial_number,
            "drive": str(board.drive) if board.drive else None,
            "problems": [{"key": p.key, "message": msg(p.key, lang, detail=p.detail)}
                         for p in board.problems]}
