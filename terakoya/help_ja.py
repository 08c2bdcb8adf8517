"""``terakoya --help`` in Japanese: one table (English help text -> Japanese), applied to the
built parser once when the language is Japanese, and argparse's own words ("usage:",
"options", "show this help message and exit") put in Japanese without gettext.

A help text that names the boards or a number filled in when the parser is built has a
pattern instead of a fixed key (``PATTERNS``). ``japanese(text)`` is the one lookup.
"""

from __future__ import annotations

import argparse
import re
import unicodedata

# English help text (as given to add_argument, so "%%" stays "%%") -> Japanese
HELP: dict[str, str] = {
    # argparse's own and the top level
    "show this help message and exit": "この説明を表示して終わります",
    "show program's version number and exit": "バージョンを表示して終わります",
    "Terakoya: MicroPython lessons and a board simulator.":
        "Terakoya（寺子屋）: MicroPython のレッスンと、ボードのシミュレーターです。",
    "language of messages": "メッセージの言語（en: 英語、ja: 日本語）",
    "what to do ('terakoya COMMAND --help' tells more about each)":
        "すること（くわしくは terakoya COMMAND --help で見られます）",
    # the commands' one-line descriptions
    "run a MicroPython program on a simulated board, headless":
        "MicroPython のプログラムを、ウィンドウを開かずにシミュレーターのボードで動かします",
    "find what would fail on the real board, before flashing":
        "本物のボードでうまくいかないところを、書きこむ前に見つけます",
    "list the lessons, or check them": "レッスンの一覧を出します。レッスンを確かめることもできます",
    "make a printable student handout": "生徒に配るプリントを作ります",
    "open the simulator window: a micro:bit you can press, tilt and hear":
        "シミュレーターのウィンドウを開きます。ボタンを押したり、かたむけたり、"
        "音を聞いたりできる micro:bit です",
    "list connected boards, and say why one cannot be used":
        "つないであるボードの一覧を出します。使えないボードには、その理由も出します",
    "put MicroPython onto micro:bits (with a lesson) and ESP32 boards, a class set at once":
        "MicroPython を micro:bit（レッスンといっしょに）と ESP32 のボードに書きこみます"
        "（クラス全員分もまとめてできます）",
    "keep MicroPython builds for ESP32 boards, so that flashing needs no internet":
        "ESP32 用の MicroPython のビルドを保存します（書きこむときにインターネットが"
        "いりません）",
    "a simulated board that mpremote, Thonny and Mu can talk to":
        "mpremote、Thonny、Mu とつなげられる、シミュレーターのボードです",
    "copy a lesson's files to MicroPython boards over USB serial":
        "レッスンのファイルを、USB シリアルで MicroPython のボードにコピーします",
    "check a circuit.toml, or make one from a Wokwi diagram.json":
        "circuit.toml を確かめます。Wokwi の diagram.json から作ることもできます",
    "the classroom's MQTT broker, with a live page of its messages":
        "教室の MQTT ブローカーを動かします。メッセージのようすはページで見られます",
    # terakoya run
    "program to run as main.py (a .py file, or a folder with main.py); "
    "several files: one board each, sharing one radio space":
        "main.py として動かすプログラム（.py ファイルか、main.py の入ったフォルダー）。"
        "いくつか書くと、それぞれ別のボードで動き、同じ無線でつながります",
    "stop after this many virtual seconds (default: 10)":
        "シミュレーターの時間でこの秒数がたったら止めます（書かないときは 10 秒）",
    "run at the speed of the wall clock instead of as fast as possible":
        "できるだけ速くではなく、本当の時計と同じ速さで動かします",
    "button presses, sensor values and messages to send during the run":
        "動かしている間に押すボタン、センサーの値、送るメッセージを書いたファイル",
    "make random numbers repeat from run to run": "乱数を、動かすたびに同じにします",
    "open a lesson's accessible variant (blind_low_vision: the narrator, values heard as "
    "pitch, high contrast, larger; motor: one-switch scanning; deaf_hard_of_hearing: large "
    "captions; cognitive: kana and only the lesson's controls) and print its advice":
        "レッスンの配慮版を開き、その助言を表示します（blind_low_vision: 読み上げ・値を音の高さで・"
        "高コントラスト・大きく、motor: スイッチ 1 つのスキャン、deaf_hard_of_hearing: 大きな字幕、"
        "cognitive: かなだけ・レッスンの操作だけ）",
    "Japanese words in kana only, for young learners (grades 1-2)":
        "日本語をかなだけで表示します（1・2 年生むけ）",
    "show what the boards sound like in large print over the boards":
        "ボードが出した音を、大きな字でボードの上に表示します",
    "hear a sensor's value as a pitch when it changes (F9 turns it on and off; F8 plays the "
    "LED picture as sound)":
        "センサーの値が変わると、その値を音の高さで聞かせます（F9 でオン・オフ、"
        "F8 で LED の絵を音で聞く）",
    "switch access: 1 switch (the focus moves by itself; Space chooses) or 2 switches "
    "(Space moves on, Enter chooses)":
        "スイッチで使う: スイッチ 1 つ（えらぶ場所が自動で動き、スペースで決める）か 2 つ"
        "（スペースで次へ、Enter で決める）",
    "with one switch, how long the focus stays on each control (default 1500)":
        "スイッチ 1 つのとき、1 つの操作にとどまる時間（ミリ秒。ふつうは 1500）",
    "with one switch, how much longer the scan waits on the first control after a choice "
    "(default 0)":
        "スイッチ 1 つのとき、えらんだあと最初の操作で、さらに長く待つ時間（ミリ秒。ふつうは 0）",
    "speak what happens and where the keyboard focus is, in the language of the messages "
    "(the computer's own voice); F2 says it again, F3 describes the board, F4 reads the "
    "console, F5 stops":
        "起きたことと、キーボードでえらんでいる場所を、メッセージの言葉で読み上げます（"
        "コンピューターの声）。F2 もう一度、F3 ボードのようす、F4 コンソールを読む、F5 やめる",
    "the simulator in this terminal instead of a window: one line for each thing that "
    "happens, commands for every control (for screen readers, braille displays and SSH)":
        "ウィンドウのかわりに、この端末でシミュレーターを使います。起きたことを 1 行ずつ書き、"
        "どの操作もコマンドでできます（スクリーンリーダー、点字ディスプレイ、SSH 向け）",
    "the class's MQTT broker for ESP32 boards (default: Terakoya starts its own on this "
    "computer when a board needs one)":
        "ESP32 のボードが使うクラスの MQTT ブローカー（指定しないときは、ボードが必要になったとき"
        "に Terakoya がこのコンピューターで自分のブローカーを起動します）",
    # terakoya sim
    "program(s) to show (a .py file, or a folder with main.py); none: a welcome program":
        "表示するプログラム（.py ファイルか、main.py の入ったフォルダー）。"
        "書かないときは、ようこそのプログラム",
    "colours of the window: default, or high-contrast (stronger colours, easier to see)":
        "ウィンドウの色: default（ふつう）か high-contrast（色の差が大きく、見やすい）",
    "UI size, 1 to 3 (100-300 %%)": "画面の大きさ。1 から 3 まで（100〜300 %%）",
    "how fast the board's time runs: 1 (normal), 0.5 or 0.25 (slower, easier to follow)":
        "ボードの時間の速さ: 1（ふつう）、0.5 か 0.25（ゆっくりで、ついていきやすい）",
    "show LED patterns that blink more than 3 times a second as they are":
        "1 秒に 3 回より多く点滅する LED も、そのまま表示します",
    "your own keys": "キーの割り当てを自分で決めたファイル",
    "draw the window offscreen, save it as a PNG and exit":
        "画面に出さずにウィンドウをかき、PNG に保存して終わります",
    "with --screenshot: virtual milliseconds to run first":
        "--screenshot のとき: 先に動かす時間（シミュレーターのミリ秒）",
    # terakoya check
    ".py files or lesson folders": ".py ファイルか、レッスンのフォルダー",
    "findings as JSON, for tools": "見つかったことを JSON で出します（ツール用）",
    # terakoya lessons
    "get LESSON: copy a lesson's starter (as main.py) and its files into a new folder of yours; "
    "test LESSON [FILE]: check your program against the lesson's \"I can\" statements":
        "get LESSON: レッスンのはじめのプログラム（main.py として）とファイルを、"
        "新しいフォルダーにコピーします。test LESSON [FILE]: 自分のプログラムが、レッスンの"
        "「できるようになること」をできているかを確かめます",
    "with get or test: a lesson id (E03)": "get や test のとき: レッスンの番号（E03 など）",
    "with test: your program (default: the lesson's solution)":
        "test のとき: 自分のプログラム（書かないときはレッスンの答えのプログラム）",
    "with get: the folder to put it in (default: here)":
        "get のとき: コピー先のフォルダー（書かないときは今いる場所）",
    "only the lessons for these learners":
        "この人たち向けのレッスンだけ出します（elementary: 小学生、special_needs: 特別支援、"
        "community_club: 地域のクラブ、senior: シニア、adult: 大人）",
    "only the lessons for this school grade (1 to 6)": "この学年のレッスンだけ出します（1〜6 年）",
    "check every lesson.toml and that the lesson's files exist":
        "すべての lesson.toml と、レッスンのファイルがそろっているかを確かめます",
    "the lessons folder (default: ./lessons)": "レッスンのフォルダー（書かないときは ./lessons）",
    # terakoya handout
    "a lesson id (E03) or folder": "レッスンの番号（E03 など）か、レッスンのフォルダー",
    "html or pdf (default: from --output's extension, else html)":
        "html か pdf（書かないときは --output の拡張子で決まり、なければ html）",
    "20 pt text and larger headings": "文字を 20 ポイントにし、見出しも大きくします",
    "file to write (never overwritten)": "書き出すファイル（上書きはしません）",
    # terakoya boards
    "only list the boards; do not try to open their ports":
        "一覧を出すだけにします（ボードのポートは開いてみません）",
    "the boards as JSON, for tools": "ボードの一覧を JSON で出します（ツール用）",
    # terakoya flash
    "microbit or esp32": "書きこむボード（microbit か esp32）",
    "a lesson id (E03) or folder, or .py files (the first runs as main.py)":
        "レッスンの番号（E03 など）かフォルダー、または .py ファイル"
        "（最初のファイルが main.py として動きます）",
    "the MICROBIT drive to use": "使う MICROBIT ドライブ",
    "save the hex to a file instead (never overwrites)":
        "書きこむかわりに、hex をファイルに保存します（上書きはしません）",
    "every board of that kind plugged in, all at once":
        "つないであるその種類のボードすべてに、まとめて書きこみます",
    "esp32: the MicroPython .bin to write (default: for each board's chip, the newest build "
    "stored with 'terakoya firmware add')":
        "esp32: 書きこむ MicroPython の .bin（書かないときは、ボードのチップごとに "
        "terakoya firmware add で保存したいちばん新しいビルド）",
    "esp32: erase the whole flash first (files on the board too)":
        "esp32: 先にフラッシュ全体を消去します（ボードの中のファイルも消えます）",
    "esp32: how fast to write (default: 460800; 115200 if writing fails)":
        "esp32: 書きこむ速さ（書かないときは 460800。失敗するときは 115200）",
    "flash even a program that would stop with an error on the board":
        "ボードでエラーになって止まりそうなプログラムでも書きこみます",
    # terakoya firmware
    "what to do ('terakoya firmware ACTION --help' tells more)":
        "すること（くわしくは terakoya firmware ACTION --help で見られます）",
    "store a MicroPython .bin for ESP32 boards (from micropython.org/download)":
        "ESP32 用の MicroPython の .bin（micropython.org/download からダウンロードしたもの）を"
        "保存します",
    "the firmware .bin downloaded from micropython.org":
        "micropython.org からダウンロードしたファームウェアの .bin",
    "the chip, only if the file cannot tell (esp32, esp32s2, esp32s3, esp32c3, esp32c6)":
        "チップ。ファイルからわからないときだけ書きます（esp32、esp32s2、esp32s3、esp32c3、"
        "esp32c6）",
    "the MicroPython version, only if the file cannot tell (v1.24.1)":
        "MicroPython のバージョン。ファイルからわからないときだけ書きます（v1.24.1 など）",
    "the stored builds, and which one flash uses for each chip":
        "保存したビルドの一覧と、チップごとに flash が使うビルドを出します",
    # terakoya device
    "a program to put on the board as main.py first (a .py file, or a folder with main.py); "
    "none: an empty board":
        "はじめに main.py としてボードに入れるプログラム（.py ファイルか、main.py の入った"
        "フォルダー）。書かないときは、空のボード",
    "how fast the board's time (and so its serial line) runs against the wall clock "
    "(default: 1)":
        "本当の時計とくらべた、ボードの時間（とシリアル通信）の速さ（書かないときは 1）",
    "also show the board in the simulator window (press its buttons, tilt it, see its LEDs)":
        "ボードをシミュレーターのウィンドウにも表示します（ボタンを押す、かたむける、"
        "LED を見る）",
    "the board's name: its files are kept under it between runs "
    "(default: 1; give each board of a class set its own)":
        "ボードの名前。ファイルはこの名前で次のときまで残ります"
        "（書かないときは 1。クラスで使うときは、ボードごとに別の名前に）",
    "start with an empty board (its kept files are replaced when it is switched off)":
        "空のボードで始めます（残っていたファイルは、ボードを切ったときに置きかわります）",
    "how tools reach the board: pty (a serial port; Linux and macOS), rfc2217 (a serial port "
    "on 127.0.0.1, for mpremote) or webrepl (a WebREPL on 127.0.0.1, for Thonny) (default: "
    "pty; on Windows: rfc2217)":
        "ツールからボードへのつなぎ方: pty（シリアルポート。Linux と macOS）、rfc2217"
        "（127.0.0.1 のシリアルポート。mpremote 用）、webrepl（127.0.0.1 の WebREPL。"
        "Thonny 用）（書かないときは pty。Windows では rfc2217）",
    "with rfc2217 or webrepl: the port number on 127.0.0.1 (default: 2217 or 8266, or the "
    "next free one; 0: any free one)":
        "rfc2217 か webrepl のとき: 127.0.0.1 のポート番号（書かないときは 2217 か 8266。"
        "使われていれば次の空いている番号。0 にすると空いている番号）",
    "with webrepl: its password, 4 to 9 characters (default: a new one, shown when the board "
    "is ready)":
        "webrepl のとき: パスワード（4 ～ 9 文字。書かないときは新しく作り、ボードの準備が"
        "できたときに表示します）",
    # terakoya deploy
    "a lesson id (E03), a lesson folder, a program's folder with main.py, or a .py file "
    "(goes on as main.py); a folder's boot.py and lib/ go on too":
        "レッスンの番号（E03 など）、レッスンのフォルダー、main.py の入ったプログラムの"
        "フォルダー、または .py ファイル（main.py として入ります）。フォルダーの boot.py と"
        " lib/ も入ります",
    "more files (modules), same names": "ほかのファイル（モジュール）。名前はそのままで入ります",
    "the board's serial port (for example /dev/ttyACM0 or COM3); "
    "give it again for more boards, all at once":
        "ボードのシリアルポート（たとえば /dev/ttyACM0 や COM3）。"
        "くり返し書くと、いくつものボードにまとめてコピーします",
    "every connected board, all at once": "つないであるすべてのボードに、まとめてコピーします",
    "replace files that differ on the board without asking":
        "ボードにある中身のちがうファイルを、たずねずに置きかえます",
    "also delete files on the board that are not part of the lesson":
        "レッスンにないファイルを、ボードから消します",
    "copy even a program that would stop with an error on the board":
        "ボードでエラーになって止まりそうなプログラムでもコピーします",
    # terakoya circuit
    "what to do with the circuit ('terakoya circuit ACTION --help' tells more)":
        "すること（くわしくは terakoya circuit ACTION --help で見られます）",
    "make a circuit.toml from a Wokwi diagram.json":
        "Wokwi の diagram.json から circuit.toml を作ります",
    "check a circuit.toml (or a program's folder)":
        "circuit.toml（またはプログラムのフォルダー）を確かめます",
    "the diagram.json saved from a Wokwi project":
        "Wokwi のプロジェクトから保存した diagram.json",
    "where to write it (default: circuit.toml beside the diagram; "
    "a file that is there already is never replaced)":
        "書き出す場所（書かないときは diagram.json と同じフォルダーの circuit.toml。"
        "すでにあるファイルは置きかえません）",
    "a circuit.toml, or a program's folder with one":
        "circuit.toml か、それが入ったプログラムのフォルダー",
    # terakoya broker
    "the MQTT port boards and apps connect to (default: 1883; 0: any free port)":
        "ボードやアプリがつなぐ MQTT のポート（書かないときは 1883。0 にすると空いているポート）",
    "the port of the live page (default: 8080, or a free one if that is taken)":
        "ようすを見るページのポート（書かないときは 8080。使われていれば空いているポート）",
    "let phones and boards on the classroom network connect (without it: this computer only)":
        "教室のネットワークのスマートフォンやボードからもつなげるようにします"
        "（書かないときは、このコンピューターからだけ）",
    "show a broker the class already runs (such as mosquitto) instead of starting one":
        "ブローカーを起動するかわりに、クラスですでに動いているブローカー（mosquitto など）の"
        "ようすを表示します",
    "open the live page in the web browser": "ようすを見るページをブラウザーで開きます",
    # terakoya serve
    "the classroom simulator in the pupils' browsers (Chromebooks, iPads), with the teacher's "
    "page":
        "子どもたちのブラウザー（Chromebook、iPad）で動く教室のシミュレーター（先生のページつき）",
    "the port pupils' browsers connect to (default: 8000)":
        "子どものブラウザーがつなぐポート（書かないときは 8000）",
    "the class code pupils type (4 to 12 letters or digits; default: a new 6-digit code)":
        "子どもが入れるクラスコード（4〜12 文字の英字か数字。書かないときは新しい 6 けたの数字）",
    "the pages' language for everyone (default: each browser's language)":
        "全員のページの言語（書かないときは、それぞれのブラウザーの言語）",
    "only this computer can open the pages (default: the classroom network too)":
        "このコンピューターだけがページを開けます（書かないときは教室のネットワークからも）",
    "where pupils' work is kept (default: Terakoya's data folder, TERAKOYA_DATA)":
        "子どものプログラムを保存するフォルダー（書かないときは Terakoya のデータフォルダー、"
        "TERAKOYA_DATA）",
}


def _boards(found: re.Match[str]) -> str:
    return found.group("boards").replace(", ", "、")


# help texts with something filled in when the parser is built -> their Japanese
PATTERNS: list[tuple[re.Pattern[str], object]] = [
    (re.compile(r"board to simulate: (?P<boards>.+) \(default: a lesson's own board, else "
                r"(?P<default>[^)]+)\)"),
     lambda m: f"動かすボード: {_boards(m)}（書かないときは、レッスンならそのレッスンのボード、"
               f"ほかは {m.group('default')}）"),
    (re.compile(r"board to simulate: (?P<boards>.+) \(default: (?P<default>[^)]+)\)"),
     lambda m: f"動かすボード: {_boards(m)}（書かないときは {m.group('default')}）"),
    (re.compile(r"only the lessons for this board \((?P<boards>.+), or simulator\)"),
     lambda m: f"このボード用のレッスンだけ出します（{_boards(m)}、または simulator）"),
    (re.compile(r"how fast its serial line is, as a real board's \(default: (?P<baud>\d+)\); "
                r"0: as fast as this computer can"),
     lambda m: f"シリアル通信の速さ。書かないときは本物のボードと同じ {m.group('baud')}。"
               "0 にすると、このコンピューターでできるだけ速くします"),
]

USAGE = "使い方: "
POSITIONALS = "引数"
OPTIONALS = "オプション"


def japanese(text: str) -> str | None:
    """The Japanese of an English help text, or None when the table has none."""
    if text in HELP:
        return HELP[text]
    for pattern, make in PATTERNS:
        found = pattern.fullmatch(text)
        if found:
            return make(found)  # type: ignore[operator]
    return None


def _in_japanese(text: str | None) -> str | None:
    if not text or text == argparse.SUPPRESS:
        return text
    return japanese(text) or text  # a text missing from the table stays English, not lost


def to_japanese(parser: argparse.ArgumentParser) -> None:
    """Put every help text, description and section title of ``parser`` and its
    subcommands' parsers into Japanese (once, right after the parser is built)."""
    seen: set[int] = set()

    def walk(p: argparse.ArgumentParser) -> None:
        if id(p) in seen:
            return
        seen.add(id(p))
        p.formatter_class = JapaneseHelpFormatter
        p.description = _in_japanese(p.description)
        p._positionals.title = POSITIONALS
        p._optionals.title = OPTIONALS
        for action in p._actions:
            action.help = _in_japanese(action.help)
            if isinstance(action, argparse._SubParsersAction):
                for choice in action._choices_actions:
                    choice.help = _in_japanese(choice.help)
                for sub in action.choices.values():
                    walk(sub)

    walk(parser)


def _columns(text: str) -> int:
    """How many terminal columns ``text`` takes (a Japanese letter takes two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


_NO_BREAK_BEFORE = set("、。，．）」』】〉》！？ー…・ゃゅょっャュョッぁぃぅぇぉァィゥェォ:;,.)%")
_NO_BREAK_AFTER = set("（「『【〈《(")


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` columns, breaking between Japanese letters as well as at
    spaces (never inside an English word or an option name, never before 、。）)."""
    units: list[str] = []
    for piece in re.findall(r"[!-~]+| |.", " ".join(text.split())):
        if units and (piece[0] in _NO_BREAK_BEFORE or units[-1][-1] in _NO_BREAK_AFTER) \
                and piece != " " and units[-1] != " ":
            units[-1] += piece
        else:
            units.append(piece)
    lines: list[str] = []
    line = ""
    for unit in units:
        if line and _columns(line + unit) > width:
            lines.append(line.rstrip())
            line = "" if unit == " " else unit
        elif unit != " " or line:
            line += unit
    if line.strip():
        lines.append(line.rstrip())
    return lines


class JapaneseHelpFormatter(argparse.HelpFormatter):
    """argparse's help layout with "使い方:" for "usage:" and lines wrapped by columns."""

    def _format_usage(self, usage, actions, groups, prefix):  # type: ignore[no-untyped-def]
        # laid out with a stand-in as wide as the Japanese word, so continued lines line up
        stand_in = "x" * _columns(USAGE)
        text = super()._format_usage(usage, actions, groups, stand_in)
        return USAGE + text[len(stand_in):]

    def _split_lines(self, text: str, width: int) -> list[str]:
        return wrap(text, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(indent + line for line in wrap(text, width - len(indent)))
