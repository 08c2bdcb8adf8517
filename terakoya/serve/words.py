"""Every word the classroom pages and the server say, in English and Japanese.

Japanese words that use kanji beyond the lower grades carry their reading as ``<ruby>``; the
pages show the readings in furigana mode and hide them otherwise (one CSS rule), so one text
serves both. Page words go to the page as one JSON table; the page never makes up its own.
"""

from __future__ import annotations

import html
import re

WORDS: dict[str, tuple[str, str]] = {
    # the join page
    "title": ("Terakoya classroom", "てらこや <ruby>教室<rt>きょうしつ</rt></ruby>"),
    "join_intro": ("Type the class code your teacher shows, and a nickname (not your real name).",
                   "先生が見せている クラスコード と、ニックネーム（本当の名前ではない名前）を"
                   "入れてください。"),
    "class_code": ("Class code", "クラスコード"),
    "nickname": ("Nickname", "ニックネーム"),
    "nickname_hint": ("1 to 16 letters or numbers", "1〜16 文字の 文字か 数字"),
    "join": ("Start", "はじめる"),
    "wrong_code": ("That class code is not this class's. Check it with your teacher and type it "
                   "again.",
                   "クラスコードが ちがいます。先生に たしかめて、もう一<ruby>度<rt>ど</rt></ruby> 入れてください。"),
    "bad_nickname": ("A nickname is 1 to 16 letters or numbers (spaces, - and _ are fine). "
                     "Choose another.",
                     "ニックネームは 1〜16 文字の 文字か 数字です（空白、- と _ も<ruby>使<rt>つか</rt></ruby>えます）。"
                     "べつの ニックネームに してください。"),
    "nickname_in_use": ("Someone is using that nickname right now. Choose another one.",
                        "その ニックネームは 今 ほかの人が <ruby>使<rt>つか</rt></ruby>っています。べつの ニックネームに "
                        "してください。"),
    "class_full": ("The class is full. Ask your teacher.",
                   "クラスが いっぱいです。先生に 聞いてください。"),
    "too_many_tries": ("Too many wrong class codes. Wait a minute, then try again.",
                       "まちがった クラスコードが 多すぎます。1 分 <ruby>待<rt>ま</rt></ruby>ってから、もう一<ruby>度<rt>ど</rt></ruby> "
                       "ためしてください。"),
    "need_join": ("Join the class first: type the class code and a nickname.",
                  "先に クラスに 入ってください。クラスコード と ニックネーム を 入れます。"),
    # the pupil's page
    "program": ("Program", "プログラム"),
    "lesson": ("Lesson", "レッスン"),
    "blank": ("Blank program", "白紙の プログラム"),
    "open": ("Open", "ひらく"),
    "run": ("Run", "<ruby>実行<rt>じっこう</rt></ruby>"),
    "stop": ("Stop", "ストップ"),
    "pause": ("Pause", "いちじ <ruby>停止<rt>ていし</rt></ruby>"),
    "go_on": ("Go on", "つづける"),
    "speed": ("Speed", "はやさ"),
    "sound": ("Sound", "音"),
    "large_text": ("Large text", "大きな 文字"),
    "high_contrast": ("High contrast", "<ruby>見<rt>み</rt></ruby>やすい色"),
    "furigana": ("Furigana", "ふりがな"),
    "language": ("日本語", "English"),
    "board": ("The board", "ボード"),
    "leds": ("LEDs", "LED"),
    "controls": ("Buttons and sensors", "ボタンと センサー"),
    "console": ("Serial console", "シリアル コンソール"),
    "type_to_board": ("Type to the board", "ボードに 文字を おくる"),
    "send": ("Send", "おくる"),
    "captions": ("Sounds", "音の <ruby>字幕<rt>じまく</rt></ruby>"),
    "help": ("Help with your program", "プログラムの ヒント"),
    "no_help": ("No problems found.", "もんだいは 見つかりませんでした。"),
    "datalog": ("Data log", "データ ログ"),
    "log_csv": ("Save the data log (.csv)", "データ ログを <ruby>保存<rt>ほぞん</rt></ruby> (.csv)"),
    "download_py": ("Download .py", ".py を ダウンロード"),
    "download_hex": ("Download .hex for a micro:bit", "micro:bit 用の .hex を ダウンロード"),
    "saved": ("Saved", "<ruby>保存<rt>ほぞん</rt></ruby>しました"),
    "saving": ("Saving…", "<ruby>保存<rt>ほぞん</rt></ruby>しています…"),
    "not_saved": ("Not saved yet: the connection is lost. Your work is kept on this page; it is "
                  "saved when the connection is back.",
                  "まだ <ruby>保存<rt>ほぞん</rt></ruby>していません（せつぞくが 切れました）。"
                  "せつぞくが もどると <ruby>保存<rt>ほぞん</rt></ruby>します。"),
    "too_big": ("The program is too long (over 64 KB). Make it shorter.",
                "プログラムが 長すぎます（64 KB より 大きい）。みじかく してください。"),
    "save_failed": ("The teacher's computer could not save your program (its disk may be "
                    "full). Your work is kept on this page; tell your teacher.",
                    "先生の コンピューターに <ruby>保存<rt>ほぞん</rt></ruby>できませんでした"
                    "（ディスクが いっぱいかも しれません）。プログラムは この ページに "
                    "のこっています。先生に 知らせてください。"),
    "too_many": ("You have too many programs. Ask your teacher.",
                 "プログラムが 多すぎます。先生に 聞いてください。"),
    "bad_program_name": ("There is no such lesson.", "その レッスンは ありません。"),
    "state_idle": ("Not running yet. Press Run.",
                   "まだ <ruby>動<rt>うご</rt></ruby>いていません。<ruby>実行<rt>じっこう</rt>"
                   "</ruby>を おしてください。"),
    "state_running": ("Running", "<ruby>動<rt>うご</rt></ruby>いています"),
    "state_ended": ("The program ended.", "プログラムが <ruby>終<rt>お</rt></ruby>わりました。"),
    "state_error": ("The program stopped with an error.",
                    "エラーで プログラムが 止まりました。"),
    "state_stopped": ("Stopped.", "止めました。"),
    "state_panic": ("The board stopped (panic).", "ボードが 止まりました（パニック）。"),
    "stopped_by_teacher": ("Your teacher stopped every board.",
                           "先生が すべての ボードを 止めました。"),
    "server": ("The simulator had a problem and stopped this board. Press Run to start again.",
               "シミュレーターに もんだいが <ruby>起<rt>お</rt></ruby>きて、この ボードを 止めました。"
               "<ruby>実行<rt>じっこう</rt></ruby>を おすと やりなおせます。"),
    "no_start": ("The board could not start this program. Press Run to try again.",
                 "この プログラムで ボードを <ruby>始<rt>はじ</rt></ruby>められませんでした。"
                 "<ruby>実行<rt>じっこう</rt></ruby>を おして もう一<ruby>度<rt>ど</rt></ruby> ためしてください。"),
    "disconnected": ("The connection to the teacher's computer is lost; trying again…",
                     "先生の コンピューターとの せつぞくが 切れました。つなぎなおしています…"),
    "connected": ("Connected.", "つながりました。"),
    "radio_on": ("Class radio is on: your board hears the whole class.",
                 "クラスの ラジオが オン: ボードは クラス みんなの ラジオを <ruby>受<rt>う</rt></ruby>け<ruby>取<rt>と</rt></ruby>ります。"),
    "radio_off": ("Class radio is off: your board hears only itself.",
                  "クラスの ラジオは オフです。"),
    "editor_label": ("Program editor (Python). Escape, then Tab, leaves the editor.",
                     "プログラムを書くところ（Python）。Esc の あとで Tab で 外に 出ます。"),
    "hex_failed": ("The .hex could not be made on this computer (the micro:bit's MicroPython is "
                   "not here). Download the .py and flash it with terakoya flash.",
                   ".hex を 作れませんでした（この コンピューターに micro:bit の MicroPython が "
                   "ありません）。.py を ダウンロードして terakoya flash で 書きこんでください。"),
    "hex_microbit_only": ("A .hex is for a micro:bit; this lesson's board is an ESP32: download "
                          "the .py and copy it with terakoya deploy.",
                          ".hex は micro:bit 用です。この レッスンの ボードは ESP32 なので、"
                          ".py を ダウンロードして terakoya deploy で 書きこんでください。"),
    "parts": ("Parts on the breadboard", "ブレッドボードの <ruby>部<rt>ぶ</rt></ruby><ruby>品<rt>ひん</rt></ruby>"),
    "flashing": ("The LEDs flash more than 3 times a second: shown steady, to be safe for "
                 "everyone's eyes.",
                 "LED が 1 <ruby>秒<rt>びょう</rt></ruby>に 3 回より 多く 点めつしているので、目に やさしいように "
                 "止めて 見せています。"),
    "board_page": ("Your board's web page", "ボードの ウェブページ"),
    "tilt": ("Tilt and gestures", "かたむき と ジェスチャー"),
    "do_gesture": ("Do it", "する"),
    "error_line": ("Line {line}", "{line} 行目"),
    "lesson_test": ("Check with the lesson's tests", "レッスンの テストで たしかめる"),
    "lesson_testing": ("The lesson's tests are trying your program…",
                       "レッスンの テストが プログラムを ためしています…"),
    "no_lesson_tests": ("Only a lesson's program can be checked with its tests.",
                        "テストで たしかめられるのは レッスンの プログラムだけです。"),
    "col_criteria": ("Lesson tests: met", "レッスンテスト: できた"),
    "deploy": ("Copy to the board", "ボードに 書きこむ"),
    "deploy_no_board": ("No micro:bit is connected to this computer by USB. Connect one and "
                        "try again.",
                        "この コンピューターに USB で つながった micro:bit が ありません。"
                        "つないでから もう一<ruby>度<rt>ど</rt></ruby> ためしてください。"),
    "deploy_several": ("Several boards are connected ({ports}). Leave only the one to copy to.",
                       "ボードが いくつも つながっています（{ports}）。書きこむ ボードだけを "
                       "つないでください。"),
    "deployed": ("Copied to the board on {port}: it runs the program now.",
                 "{port} の ボードに 書きこみました。プログラムが <ruby>動<rt>うご</rt></ruby>いています。"),
    "deploy_failed": ("The board on {port} did not take the program ({detail}). Check the USB "
                      "cable and try again.",
                      "{port} の ボードに 書きこめませんでした（{detail}）。USB ケーブルを "
                      "たしかめて、もう一<ruby>度<rt>ど</rt></ruby> ためしてください。"),
    "deploying": ("Copying {nickname}'s program to the board…",
                  "{nickname} さんの プログラムを ボードに 書きこんでいます…"),
    # the teacher's page
    "teacher_title": ("Terakoya classroom: the teacher's page",
                      "てらこや <ruby>教室<rt>きょうしつ</rt></ruby>: 先生の ページ"),
    "join_at": ("Pupils open {url} and type the class code {code}.",
                "子どもたちは {url} を <ruby>開<rt>ひら</rt></ruby>いて、クラスコード {code} を 入れます。"),
    "pupils": ("Pupils", "子どもたち"),
    "nobody": ("Nobody has joined yet.", "まだ だれも 入っていません。"),
    "col_nickname": ("Nickname", "ニックネーム"),
    "col_connected": ("Connected", "せつぞく"),
    "col_state": ("Board", "ボード"),
    "col_program": ("Program", "プログラム"),
    "col_help": ("What the pupil sees", "子どもが 見ている せつめい"),
    "yes": ("yes", "はい"),
    "no": ("no", "いいえ"),
    "stop_all": ("Stop every board", "すべての ボードを 止める"),
    "class_radio": ("Class radio (every board in one radio space)",
                    "クラスの ラジオ（すべての ボードが ひとつの ラジオ空間に）"),
    "criteria_note": ("Lesson tests: the \"I can\" statements the lesson's tests found met, of "
                      "those they check, after the pupil pressed \"Check with the lesson's "
                      "tests\" (+N: for you to check).",
                      "レッスンテスト: 子どもが「レッスンの テストで たしかめる」を おしたときに、"
                      "テストが たしかめる「できる」のうち できたものの数（+N は 先生が "
                      "たしかめるもの）。"),
    "teacher_key_wrong": ("This teacher link is not right. Use the one the terminal shows.",
                          "この 先生用リンクは ちがいます。ターミナルに 出ている リンクを "
                          "<ruby>使<rt>つか</rt></ruby>ってください。"),
    "too_large_request": ("That request is too large.", "リクエストが 大きすぎます。"),
}


def word(key: str, lang: str, **values: object) -> str:
    """The words as HTML (Japanese with its ruby)."""
    english, japanese = WORDS[key]
    return (japanese if lang == "ja" else english).format(**values)


def plain(key: str, lang: str, **values: object) -> str:
    """The words as plain text (for a terminal or a title): no ruby readings."""
    text = word(key, lang, **values)
    text = re.sub(r"<rt>.*?</rt>", "", text)
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def page_words(lang: str) -> dict[str, str]:
    """Every word for a page, its ``{placeholders}`` left for the page to fill."""
    return {key: pair[1 if lang == "ja" else 0] for key, pair in WORDS.items()}


def language_of(accept: str | None, default: str | None) -> str:
    """The class's language if the teacher set one, else the browser's first of ja/en."""
    if default in ("en", "ja"):
        return default
    for part in (accept or "").split(","):
        tag = part.split(";")[0].strip().lower()
        if tag.startswith("ja"):
            return "ja"
        if tag.startswith("en"):
            return "en"
    return "en"
