"""Messages people read, in English and Japanese.

The language comes from ``--lang``, else ``TERAKOYA_LANG``, else the OS locale
(``LANG``/``LC_ALL``/``LC_MESSAGES`` starting with ``ja``), else English.
"""

from __future__ import annotations

import os

LANGUAGES = ("en", "ja")

MESSAGES: dict[str, dict[str, str]] = {
    "file_missing": {
        "en": "Cannot find the program file '{path}'. Check the name and the folder.",
        "ja": "プログラムのファイル「{path}」が見つかりません。名前と場所を確かめてください。",
    },
    "folder_no_main": {
        "en": "The folder '{path}' has no main.py. Put the program to run in a file named main.py.",
        "ja": "フォルダ「{path}」に main.py がありません。動かすプログラムを main.py という名前で入れてください。",
    },
    "not_text": {
        "en": "'{path}' is not a text file of Python code (it must be saved as UTF-8).",
        "ja": "「{path}」は Python のプログラム（UTF-8 のテキスト）ではありません。",
    },
    "circuit_no_breadboard": {
        "en": "The {board} has no breadboard: circuits are for ESP32 boards (--board esp32).",
        "ja": "{board} にはブレッドボードがありません。回路は ESP32 のボード用です（--board esp32）。",
    },
    "diagram_bad": {
        "en": "{path} cannot be read as a Wokwi diagram: {problem}",
        "ja": "{path} を Wokwi の図として読めません: {problem}",
    },
    "folder_missing": {
        "en": "The folder {path} does not exist. Make it first, or choose another place.",
        "ja": "フォルダー {path} がありません。先に作るか、別の場所を選んでください。",
    },
    "cannot_write": {
        "en": "Cannot write {path}: {why}. Nothing was changed.",
        "ja": "{path} に書きこめません（{why}）。何も変えていません。",
    },
    "circuit_written": {
        "en": "Wrote {path}.",
        "ja": "{path} を作りました。",
    },
    "circuit_kept": {
        "en": "({path} was there already and is kept as it was.)",
        "ja": "（{path} はすでにあったので、そのままにしてあります。）",
    },
    "circuit_ok": {
        "en": "{path}: {count} parts, all fine for the {board}.",
        "ja": "{path}: 部品 {count} 個、{board} でそのまま使えます。",
    },
    "circuit_bad": {
        "en": "The circuit in {path} cannot be used: {problem}",
        "ja": "{path} の回路は使えません: {problem}",
    },
    "unknown_board": {
        "en": "Unknown board '{board}'. Boards you can use: {choices}.",
        "ja": "「{board}」というボードはありません。使えるボード: {choices}",
    },
    "bad_duration": {
        "en": "--duration must be a number of seconds greater than 0 and at most 1000000 (you gave {value}).",
        "ja": "--duration には 0 より大きく 1000000 以下の秒数を書いてください（指定された値: {value}）。",
    },
    "not_a_file": {
        "en": "'{path}' is not a file of Python code (it is a device, a pipe or something else). Give a .py file or a folder with main.py.",
        "ja": "「{path}」はプログラムのファイルではありません（装置やパイプなどです）。.py ファイルか、main.py の入ったフォルダーを指定してください。",
    },
    "too_big": {
        "en": "'{path}' is too big for a board ({size} bytes; a board's files hold at most {limit}).",
        "ja": "「{path}」はボードに入りきらない大きさです（{size} バイト。ボードに入るのは {limit} バイトまで）。",
    },
    "lesson_needed": {
        "en": "Say which lesson to get, for example: terakoya lessons get E03",
        "ja": "どのレッスンかを書いてください。例: terakoya lessons get E03",
    },
    "lesson_copied": {
        "en": "Lesson {id} is in {folder} (its starter is main.py). Try it: {command}",
        "ja": "レッスン {id} を {folder} に用意しました（はじめのプログラムは main.py）。動かしてみよう: {command}",
    },
    "no_lessons_match": {
        "en": "No lessons match.",
        "ja": "条件に合うレッスンはありません。",
    },
    "no_lessons_here": {
        "en": "There are no lessons in {path} (a lesson is a folder with a lesson.toml).",
        "ja": "{path} にはレッスンがありません（レッスンは lesson.toml の入ったフォルダーです）。",
    },
    "scenario_missing": {
        "en": "Cannot find the scenario file '{path}'.",
        "ja": "シナリオファイル「{path}」が見つかりません。",
    },
    "scenario_bad": {
        "en": "Scenario '{path}': {problem}",
        "ja": "シナリオ「{path}」: {problem}",
    },
    "bad_scale": {
        "en": "--scale must be from 1 to 3 (100 % to 300 %); you gave {value}.",
        "ja": "--scale は 1 から 3 まで（100% から 300%）にしてください（指定された値: {value}）。",
    },
    "no_screen": {
        "en": "No screen to open a window on: running the program without one (as 'terakoya run').",
        "ja": "ウィンドウを開ける画面がありません。画面なしでプログラムを動かします（terakoya run と同じ）。",
    },
    "check_clean": {
        "en": "No problems found: this should run on the board.",
        "ja": "問題は見つかりませんでした。ボードで動くはずです。",
    },
    "check_found": {
        "en": "Found {errors} error(s) and {warnings} warning(s).",
        "ja": "エラーが {errors} こ、注意が {warnings} こ見つかりました。",
    },
    "grade": {"en": "grade {grade}", "ja": "{grade}年"},
    "periods": {"en": "{periods} x 45 min", "ja": "{periods}時間（45分）"},
    "lessons_valid": {
        "en": "All {count} lessons are valid.",
        "ja": "{count} こ のレッスンはすべて正しく書けています。",
    },
    "lessons_invalid": {
        "en": "Found {problems} problem(s) in the lessons; fix the keys named above.",
        "ja": "レッスンに {problems} こ の問題があります。上に書いたキーを直してください。",
    },
    "lesson_unknown": {
        "en": "There is no lesson '{name}'. 'terakoya lessons' lists them.",
        "ja": "「{name}」というレッスンはありません。terakoya lessons で一覧が見られます。",
    },
    "lesson_broken": {
        "en": "The lesson '{name}' has a problem: {problem}",
        "ja": "レッスン「{name}」に問題があります: {problem}",
    },
    "no_japanese_font": {
        "en": "A PDF handout needs a Japanese font: install fonts-ipafont-gothic, or use --format html.",
        "ja": "PDF には日本語フォントが必要です。fonts-ipafont-gothic を入れるか、--format html を使ってください。",
    },
    "did_you_mean": {
        "en": "Did you mean '{command}'?",
        "ja": "「{command}」のことですか？",
    },
    "engine_first_use": {
        "en": "Preparing the simulator's MicroPython for the {board} (first use on this computer only; it can take a minute or two)…",
        "ja": "{board} の MicroPython を準備しています（このコンピューターで初めて使うときだけです。1〜2 分かかることがあります）…",
    },
    "engine_ready": {
        "en": "Ready ({seconds:.0f} s).",
        "ja": "準備ができました（{seconds:.0f} 秒）。",
    },
    "engine_failed": {
        "en": "The simulator's MicroPython could not be prepared: {detail} Connect to the internet once and run the command again (it is downloaded and built only the first time).",
        "ja": "シミュレーターの MicroPython を準備できませんでした: {detail} 一度インターネットにつないで、もう一度コマンドを実行してください（ダウンロードと準備は最初の一回だけです）。",
    },
    "variant_needs_lesson": {
        "en": "--variant opens a lesson's accessible variant: give a lesson (terakoya sim E03 "
              "--variant blind_low_vision).",
        "ja": "--variant はレッスンの配慮版を開きます。レッスンを指定してください（terakoya sim E03 "
              "--variant blind_low_vision）。",
    },
    "no_such_variant": {
        "en": "This lesson has no variant '{name}' (it has: {names}).",
        "ja": "このレッスンに「{name}」という配慮版はありません（あるもの: {names}）。",
    },
    "no_voice": {
        "en": "No voice was found for the narrator, so it stays silent (its words are still "
              "shown). On Linux install espeak-ng (English) or open-jtalk, "
              "open-jtalk-mecab-naist-jdic and hts-voice-nitech-jp-atr503-m001 (Japanese); "
              "on Windows or macOS: pip install pyttsx3.",
        "ja": "読み上げに使える声が見つからないので、読み上げは音を出しません（言葉は表示されます）。"
              "Linux では espeak-ng（英語）か open-jtalk・open-jtalk-mecab-naist-jdic・"
              "hts-voice-nitech-jp-atr503-m001（日本語）を、Windows と macOS では "
              "pip install pyttsx3 を入れてください。",
    },
    "net_wifi_connected": {
        "en": "Wi-Fi: joined '{name}' (address {address}).",
        "ja": "Wi-Fi「{name}」につながりました（アドレス {address}）。",
    },
    "net_no_network": {
        "en": "Wi-Fi: there is no network called '{name}' in the simulated air (it has: {names}). "
              "Use one of those, or describe yours in circuit.toml: "
              "[[network]] ssid = \"...\" password = \"...\"",
        "ja": "Wi-Fi: シミュレーターの中に「{name}」というネットワークはありません（あるもの: {names}）。"
              "そのどれかを使うか、circuit.toml に [[network]] ssid = \"...\" password = \"...\" "
              "と書いてください。",
    },
    "net_wrong_password": {
        "en": "Wi-Fi: the password for '{name}' is wrong; the board keeps trying. Check the "
              "password in the program.",
        "ja": "Wi-Fi「{name}」のパスワードがちがいます。ボードはつなぎ直しを続けます。プログラムの"
              "パスワードを確かめてください。",
    },
    "net_wifi_lost": {
        "en": "Wi-Fi: '{name}' went away; the board tries to join again.",
        "ja": "Wi-Fi「{name}」が切れました。ボードはつなぎ直そうとします。",
    },
    "net_outside_name": {
        "en": "{name} is outside the classroom network, so the board cannot reach it (as in a "
              "classroom without internet). The class's MQTT broker is terakoya.local.",
        "ja": "{name} は教室のネットワークの外なので、ボードからは届きません（インターネットのない"
              "教室と同じです）。クラスの MQTT ブローカーは terakoya.local です。",
    },
    "net_outside_address": {
        "en": "{name} is outside the classroom network: the board cannot reach it.",
        "ja": "{name} は教室のネットワークの外です。ボードからは届きません。",
    },
    "net_published": {
        "en": "the board's web server (port {port}) opens in your browser at {url}",
        "ja": "ボードのウェブサーバー（ポート {port}）は、ブラウザーで {url} を開くと見られます。",
    },
    "net_published_later": {
        "en": "the board's web server listens on port {port}; to visit it at {url} while it "
              "runs, run with --realtime (or in the window: terakoya sim).",
        "ja": "ボードのウェブサーバーがポート {port} で待っています。動いている間に {url} で見るには "
              "--realtime をつけて（またはウィンドウ terakoya sim で）動かしてください。",
    },
    "net_broker_down": {
        "en": "the MQTT broker at {broker} does not answer. Start it (terakoya broker) or check "
              "the address given with --broker.",
        "ja": "{broker} の MQTT ブローカーが応えません。ブローカーを起動する（terakoya broker）か、"
              "--broker のアドレスを確かめてください。",
    },
    "interrupted": {
        "en": "Stopped (Ctrl-C).",
        "ja": "止めました（Ctrl-C）。",
    },
    "thread_left": {
        "en": "A program did not stop in time; it may be stuck in a very long calculation.",
        "ja": "プログラムが時間内に止まりませんでした。とても長い計算の途中かもしれません。",
    },
}


def detect_language(explicit: str | None = None) -> str:
    if explicit in LANGUAGES:
        return explicit  # type: ignore[return-value]
    for var in ("TERAKOYA_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "ja" if value.lower().startswith("ja") else "en"
    return "en"


def said_yes(reply: str) -> bool:
    """A [y/N] question's answer, typed in English or Japanese."""
    return reply.strip().lower() in ("y", "yes", "はい")


def tr(key: str, lang: str = "en", **params: object) -> str:
    texts = MESSAGES[key]
    return texts.get(lang, texts["en"]).format(**params)
