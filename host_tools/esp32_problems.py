"""What went wrong flashing an ESP32, in plain words with what to do: one table from esptool's
failures (the words of its messages, or the error number of a serial port's OSError) and
Terakoya's own checks to a key and its English and Japanese. ``explain`` finds the row."""

from __future__ import annotations

import errno
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    key: str
    en: str
    ja: str
    patterns: tuple[str, ...] = ()  # searched in esptool's message (case does not matter)
    errnos: tuple[int, ...] = ()  # of an OSError from the serial port


PROBLEMS: tuple[Problem, ...] = (
    # -- from esptool and the serial port (the first row that matches is the one) --------------
    Problem("port_busy",
            "Another program is using {port} (Thonny, Arduino IDE, a serial monitor?). Close "
            "it, then flash this board again.",
            "{port} をほかのプログラム（Thonny、Arduino IDE、シリアルモニターなど）が使って"
            "います。そのプログラムを閉じてから、このボードにもう一度書きこんでください。",
            (r"exclusively lock", r"Access is denied", r"resource busy", r"Errno 16\b"),
            (errno.EBUSY, errno.EAGAIN)),
    Problem("port_permission",
            "This account may not use {port}. On Linux run: sudo usermod -aG dialout $USER "
            "then log out and in again, and flash again.",
            "このアカウントには {port} を使う許可がありません。Linux では "
            "sudo usermod -aG dialout $USER を実行してログインし直し、もう一度書きこんで"
            "ください。",
            (r"Permission denied", r"Errno 13\b"), (errno.EACCES, errno.EPERM)),
    Problem("port_gone",
            "There is no port {port} (unplugged?). Plug the board in and look with "
            "'terakoya boards'.",
            "{port} というポートがありません（抜けた？）。ボードをつないで、"
            "「terakoya boards」で確かめてください。",
            (r"Errno 2\b", r"No such file", r"FileNotFoundError", r"could not open port"),
            (errno.ENOENT, errno.ENODEV, errno.ENXIO)),
    Problem("no_answer",
            "The board did not answer. Close any program using its port (Thonny, a serial "
            "monitor). Hold its BOOT button, press and let go of EN (or RST), let go of BOOT, "
            "then flash it again. Still nothing: try another USB cable (some only charge), and "
            "on Windows or macOS install the CP210x or CH340 driver.",
            "ボードから返事がありません。ポートを使っているプログラム（Thonny、シリアルモニター"
            "など）を閉じてください。BOOT ボタンを押したまま EN（または RST）ボタンを押して"
            "はなし、BOOT をはなしてから、もう一度書きこんでください。それでもだめなら、"
            "別の USB ケーブル（充電専用のものがあります）をためし、Windows や macOS では "
            "CP210x か CH340 のドライバーを入れてください。",
            (r"No serial data received", r"Wrong boot mode detected", r"getting no sync reply",
             r"Failed to connect to", r"Invalid head of packet", r"Failed to start stub")),
    Problem("connection_lost",
            "The connection to the board broke off while writing. Check the cable (plug it "
            "straight into the computer, not a hub) and flash again, slower: --baud 115200.",
            "書きこみのとちゅうでボードとの通信が切れました。ケーブルを確かめ（ハブではなく"
            "コンピューターに直接）、速さを落として（--baud 115200）もう一度書きこんで"
            "ください。",
            (r"Serial data stream stopped", r"Packet content transfer stopped",
             r"device disconnected", r"returned no data", r"Lost connection",
             r"No more data to read", r"Input/output error", r"write failed:",
             r"Timed out waiting"),
            (errno.EIO, errno.EPIPE, errno.EPROTO)),
    Problem("wrong_chip",
            "This board is an {chip}, but the firmware is for {firmware_chip}. Use a build for "
            "{chip} ({page}).",
            "このボードは {chip} ですが、ファームウェアは {firmware_chip} 用です。{chip} 用の"
            "ビルド（{page}）を使ってください。",
            (r"This chip is \S+, not", r"is not an? ESP\S* image",
             r"does not contain an? ESP\S* image")),
    Problem("flash_too_small",
            "The firmware ({need}) is bigger than this board's flash memory ({size}). Download "
            "the build for boards with this much flash.",
            "ファームウェア（{need}）が、このボードのフラッシュメモリー（{size}）より大きい"
            "です。このフラッシュの大きさのボード用のビルドをダウンロードしてください。",
            (r"will not fit in",)),
    Problem("write_failed",
            "What was written could not be read back the same. Flash again with --erase "
            "and --baud 115200; if it fails again, the board's flash may be broken.",
            "書きこんだ内容を読みもどすと、ちがっていました。--erase と --baud 115200 を"
            "つけて、もう一度書きこんでください。またうまくいかなければ、ボードのフラッシュ"
            "がこわれているかもしれません。",
            (r"MD5 of file does not match", r"written flash region is empty",
             r"Failed to write", r"Failed to enter (compressed )?flash", r"Digest mismatch")),
    Problem("chip_revision",
            "This firmware needs a newer chip than this board has: {detail}. Use an older "
            "MicroPython build.",
            "このファームウェアは、このボードより新しいチップが必要です（{detail}）。"
            "もっと古い MicroPython のビルドを使ってください。",
            (r"requires chip revision",)),
    Problem("secured",
            "This board's security features (secure boot or flash encryption) are on; "
            "Terakoya does not flash such boards.",
            "このボードはセキュリティ機能（セキュアブートやフラッシュ暗号化）が有効なので、"
            "Terakoya では書きこめません。",
            (r"Secure Download Mode", r"security features", r"Secure Boot", r"encryption")),
    Problem("unknown_chip",
            "This board's chip ({detail}) is not one Terakoya flashes (ESP32, -S2, -S3, -C3, "
            "-C6).",
            "このボードのチップ（{detail}）には、Terakoya は書きこめません"
            "（ESP32、-S2、-S3、-C3、-C6 に書きこめます）。",
            (r"Unexpected chip", r"Failed to autodetect", r"doesn't appear to be")),
    # -- Terakoya's own checks ---------------------------------------------------------------
    Problem("no_firmware",
            "No MicroPython build for {chip} is stored. Download the .bin from {page} and run: "
            "terakoya firmware add FILE.bin",
            "{chip} 用の MicroPython のビルドがありません。{page} から .bin をダウンロード"
            "して、terakoya firmware add FILE.bin を実行してください。"),
    Problem("firmware_unusable",
            "The stored build for {chip} cannot be used ({detail}). Add it again: terakoya "
            "firmware add FILE.bin",
            "{chip} 用に保存したビルドが使えません（{detail}）。もう一度 terakoya firmware add "
            "FILE.bin で入れてください。"),
    Problem("esptool_failed",
            "Flashing failed: {detail}. Unplug the board, plug it in again and flash it again.",
            "書きこみに失敗しました: {detail}。ボードを抜いて差し直し、もう一度書きこんで"
            "ください。"),
)
BY_KEY = {problem.key: problem for problem in PROBLEMS}
FALLBACK = "esptool_failed"


def explain(exc: BaseException) -> tuple[str, str]:
    """(the key of the row for ``exc``, the first line of its message as the detail)."""
    message = str(exc)
    detail = next((line.strip() for line in message.splitlines() if line.strip()),
                  type(exc).__name__)
    code = getattr(exc, "errno", None)
    for problem in PROBLEMS:
        if code is not None and code in problem.errnos:
            return problem.key, detail
        if any(re.search(pattern, message, re.IGNORECASE) for pattern in problem.patterns):
            return problem.key, detail
    return FALLBACK, detail


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return "?"


def text(key: str, lang: str, **values: object) -> str:
    problem = BY_KEY[key]
    return (problem.ja if lang == "ja" else problem.en).format_map(_Blank(values))
