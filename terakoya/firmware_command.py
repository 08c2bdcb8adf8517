"""``terakoya firmware add FILE.bin`` and ``terakoya firmware list``: MicroPython builds for ESP32
boards, kept in Terakoya's data folder so that ``terakoya flash esp32`` needs no internet
during a lesson. The work lives in host_tools/firmware.py.

Imports only the standard library at the top.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .usage import UsageError

MESSAGES: dict[str, tuple[str, str]] = {
    "missing": ("Cannot find the file '{path}'.", "ファイル「{path}」が見つかりません。"),
    "unreadable": ("Cannot read '{path}': {why}", "「{path}」を読めません: {why}"),
    "empty": ("'{name}' is empty: it is not a firmware file.",
              "「{name}」は空です。ファームウェアのファイルではありません。"),
    "too_big": ("'{name}' ({size} bytes) is bigger than any ESP32 board's flash memory: it is "
                "not a firmware file.",
                "「{name}」（{size} バイト）は、どの ESP32 ボードのフラッシュメモリーよりも"
                "大きいので、ファームウェアのファイルではありません。"),
    "not_image": ("'{name}' is not an ESP32 firmware file. Download the .bin file from "
                  "micropython.org/download (for example ESP32_GENERIC).",
                  "「{name}」は ESP32 のファームウェアのファイルではありません。"
                  "micropython.org/download から .bin ファイル（たとえば ESP32_GENERIC）を"
                  "ダウンロードしてください。"),
    "not_image_uf2": ("'{name}' is a .uf2 file (copied onto a drive, as for an ESP32-S2 or S3 "
                      "with native USB). For 'terakoya flash esp32' download the .bin file.",
                      "「{name}」は .uf2 ファイルです（ドライブにコピーして使うもの）。"
                      "「terakoya flash esp32」には .bin ファイルをダウンロードしてください。"),
    "not_image_elf": ("'{name}' is an .elf file (for debugging). Download the .bin file.",
                      "「{name}」は .elf ファイル（デバッグ用）です。.bin ファイルを"
                      "ダウンロードしてください。"),
    "not_image_zip": ("'{name}' is a .zip archive. Unpack it and add the firmware .bin in it.",
                      "「{name}」は .zip ファイルです。展開して、中のファームウェアの .bin を"
                      "入れてください。"),
    "not_image_hex": ("'{name}' is a .hex file (for a micro:bit?). ESP32 boards need a .bin "
                      "file.",
                      "「{name}」は .hex ファイルです（micro:bit 用？）。ESP32 には .bin "
                      "ファイルが必要です。"),
    "app_only": ("'{name}' is only the program part ({offset}) of a firmware. Download the "
                 "whole firmware .bin from micropython.org/download.",
                 "「{name}」はファームウェアのうちプログラムの部分（{offset}）だけです。"
                 "micropython.org/download から、ファームウェア全体の .bin をダウンロード"
                 "してください。"),
    "incomplete": ("'{name}' has a bootloader but no program at 0x10000: it is not a whole "
                   "MicroPython firmware.",
                   "「{name}」にはブートローダーはありますが、0x10000 にプログラムが"
                   "ありません。MicroPython のファームウェア全体ではありません。"),
    "not_micropython": ("'{name}' is not MicroPython (it says it is '{project}').",
                        "「{name}」は MicroPython ではありません（中身は「{project}」です）。"),
    "unknown_chip": ("'{name}' is for a chip Terakoya does not flash (chip id {id}).",
                     "「{name}」は、Terakoya が書きこめないチップ用です（チップ ID {id}）。"),
    "bad_chip_option": ("'{chip}' is not a chip Terakoya knows: esp32, esp32s2, esp32s3, "
                        "esp32c3 or esp32c6.",
                        "「{chip}」というチップは知りません。esp32、esp32s2、esp32s3、"
                        "esp32c3、esp32c6 のどれかです。"),
    "chip_differs": ("'{name}' is for {image}, not {chip}. Leave out --chip: the file says "
                     "which chip it is for.",
                     "「{name}」は {chip} 用ではなく {image} 用です。--chip は書かなくても、"
                     "ファイルからわかります。"),
    "bad_version_option": ("'{version}' is not a MicroPython version (like v1.24.1).",
                           "「{version}」は MicroPython のバージョン（v1.24.1 のような形）では"
                           "ありません。"),
    "version_differs": ("'{name}' is MicroPython {image}, not {version}. Leave out --version.",
                        "「{name}」は MicroPython {version} ではなく {image} です。"
                        "--version は書かないでください。"),
    "need_version": ("Cannot tell which MicroPython version '{name}' is. Say it with "
                     "--version (for example --version v1.24.1).",
                     "「{name}」の MicroPython のバージョンがわかりません。--version で"
                     "書いてください（たとえば --version v1.24.1）。"),
    "manifest_broken": ("The list of stored builds ({path}) is damaged. Move it away, then "
                        "add the builds again.",
                        "保存したビルドの一覧（{path}）がこわれています。別の場所に移してから、"
                        "ビルドをもう一度入れてください。"),
    "manifest_unreadable": ("Cannot read the list of stored builds ({path}): {why}",
                            "保存したビルドの一覧（{path}）を読めません: {why}"),
    "store_unwritable": ("Cannot write to Terakoya's data folder ({path}): {why}. Nothing was "
                         "changed. (TERAKOYA_DATA can name another folder.)",
                         "Terakoya のデータフォルダー（{path}）に書けません: {why}。"
                         "何も変えていません（TERAKOYA_DATA で別のフォルダーを指定できます）。"),
    "stored_changed": ("The stored file {path} has changed since it was added. Add the build "
                       "again.",
                       "保存したファイル {path} が、入れたときから変わっています。"
                       "ビルドをもう一度入れてください。"),
    "added": ("Stored MicroPython {version} for {chip} ({size} bytes, sha256 {sha}). "
              "'terakoya flash esp32' will use it for {chip} boards.",
              "{chip} 用の MicroPython {version} を保存しました（{size} バイト、sha256 {sha}）。"
              "「terakoya flash esp32」が {chip} のボードにこれを使います。"),
    "already": ("This build is stored already: MicroPython {version} for {chip} ({file}).",
                "このビルドはもう保存してあります: {chip} 用の MicroPython {version}（{file}）。"),
    "none_stored": ("No MicroPython build is stored yet. Download the .bin for your boards "
                    "(ESP32: {page}) and run: terakoya firmware add FILE.bin",
                    "MicroPython のビルドはまだ保存されていません。ボードに合う .bin を"
                    "ダウンロードして（ESP32: {page}）、terakoya firmware add FILE.bin を"
                    "実行してください。"),
    "col_chip": ("Chip", "チップ"),
    "col_version": ("MicroPython", "MicroPython"),
    "col_built": ("Built", "ビルド日"),
    "col_added": ("Added", "保存日"),
    "col_size": ("Size", "大きさ"),
    "col_used": ("Flash uses it", "flash で使う"),
    "used": ("yes", "はい"),
    "folder": ("Stored in {path}", "保存場所: {path}"),
}

TROUBLE = {"store_unwritable", "manifest_broken", "manifest_unreadable", "stored_changed"}


def msg(key: str, lang: str, **values: object) -> str:
    en, ja = MESSAGES[key]
    return (ja if lang == "ja" else en).format(**values)


def add_arguments(sub: argparse.ArgumentParser) -> None:
    actions = sub.add_subparsers(dest="action", required=True, metavar="ACTION",
                                 help="what to do ('terakoya firmware ACTION --help' tells more)")
    adds = actions.add_parser(
        "add", help="store a MicroPython .bin for ESP32 boards (from micropython.org/download)",
        description="store a MicroPython .bin for ESP32 boards (from micropython.org/download)")
    adds.add_argument("file", type=Path, metavar="FILE.bin",
                      help="the firmware .bin downloaded from micropython.org")
    adds.add_argument("--chip", metavar="CHIP",
                      help="the chip, only if the file cannot tell (esp32, esp32s2, esp32s3, "
                           "esp32c3, esp32c6)")
    adds.add_argument("--version", metavar="VERSION",
                      help="the MicroPython version, only if the file cannot tell (v1.24.1)")
    actions.add_parser("list", help="the stored builds, and which one flash uses for each chip",
                       description="the stored builds, and which one flash uses for each chip")


def handler(args: argparse.Namespace, lang: str) -> int:
    from .host_tools.firmware import FirmwareError

    try:
        if args.action == "add":
            return add_build(args.file, args.chip, args.version, lang)
        return list_builds(lang)
    except FirmwareError as exc:
        if exc.key in TROUBLE:  # not what was typed: the computer's folder
            print(f"terakoya: {msg(exc.key, lang, **exc.values)}", file=sys.stderr)
            return 1
        raise UsageError(msg(exc.key, lang, **exc.values)) from None


def add_build(path: Path, chip: str | None, version: str | None, lang: str,
              store: Path | None = None) -> int:
    from .host_tools.esp32_chips import chip_named
    from .host_tools.firmware import add

    entry, new = add(path, chip, version, store)
    name = chip_named(entry.chip).name  # type: ignore[union-attr]
    if new:
        print(msg("added", lang, version=entry.version, chip=name, size=entry.size,
                  sha=entry.sha256[:16]))
    else:
        print(msg("already", lang, version=entry.version, chip=name, file=entry.file))
    return 0


def list_builds(lang: str, store: Path | None = None) -> int:
    from rich.console import Console
    from rich.table import Table

    from .host_tools.esp32_chips import CHIPS
    from .host_tools.firmware import newest, store_dir, stored, version_key

    builds = stored(store)
    if not builds:
        print(msg("none_stored", lang, page=CHIPS[0].download_page))
        return 0
    used = {newest(builds, chip) for chip in CHIPS} - {None}
    table = Table(*(msg(f"col_{c}", lang) for c in ("chip", "version", "built", "added",
                                                    "size", "used")))
    order = {chip.key: n for n, chip in enumerate(CHIPS)}
    for build in sorted(builds, key=lambda b: (order.get(b.chip, 99), version_key(b.version))):
        table.add_row(build.chip_info.name, build.version or "?", build.built or "-",
                      build.added, f"{build.size / 1024 / 1024:.1f} MB",
                      msg("used", lang) if build in used else "")
    console = Console()
    console.print(table)
    console.print(msg("folder", lang, path=store or store_dir()))
    return 0
