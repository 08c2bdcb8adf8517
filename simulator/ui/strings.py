"""Words the window shows, in English and Japanese (for children: simple words, kana)."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    "run": ("Run again / reset", "もう一度動かす / リセット"),
    "stop": ("Stop", "止める"),
    "pause": ("Pause / go on", "一時停止 / 再開"),
    "speed": ("Speed", "速さ"),
    "mute": ("Sound on / off", "音 オン / オフ"),
    "theme": ("High contrast", "見やすい色"),
    "button_a": ("Button A", "ボタン A"),
    "button_b": ("Button B", "ボタン B"),
    "touch_logo": ("Touch logo", "ロゴにさわる"),
    "touch_pin0": ("Touch pin 0", "ピン 0 にさわる"),
    "touch_pin1": ("Touch pin 1", "ピン 1 にさわる"),
    "touch_pin2": ("Touch pin 2", "ピン 2 にさわる"),
    "gesture": ("Gesture", "動き"),
    "temperature": ("Temperature °C", "温度 °C"),
    "light_level": ("Light", "明るさ"),
    "sound_level": ("Sound level", "音の大きさ"),
    "accelerometer_x": ("Tilt left-right (mg)", "左右のかたむき (mg)"),
    "accelerometer_y": ("Tilt forward-back (mg)", "前後のかたむき (mg)"),
    "accelerometer_z": ("Up-down (mg)", "上下 (mg)"),
    "compass_heading": ("Compass heading °", "方角 °"),
    "pin0": ("Pin 0 value", "ピン 0 の値"),
    "pin1": ("Pin 1 value", "ピン 1 の値"),
    "pin2": ("Pin 2 value", "ピン 2 の値"),
    "board": ("{name} {n}", "{name} {n}"),
    "mic": ("mic", "マイク"),
    "speaker": ("speaker", "スピーカー"),
    "show_log": ("Data log: table and graph", "データログ: 表とグラフ"),
    "export_log": ("Save the data log (CSV)", "データログを保存 (CSV)"),
    "device_port": ("This board is also on the port {port}: mpremote, Thonny and Mu can "
                    "use it. Reset restarts main.py; Stop is Ctrl-C.",
                    "このボードはポート {port} にもつながっています。mpremote・Thonny・Mu から"
                    "使えます。リセットで main.py がもう一度動き、停止は Ctrl-C と同じです。"),
    "log_saved": ("Data log saved to {path}", "データログを {path} に保存しました"),
    "log_not_saved": ("The data log could not be saved as {path} ({why}). Nothing was changed; "
                      "try a folder you can write to.",
                      "データログを {path} に保存できませんでした（{why}）。何も変えていません。"
                      "書きこめるフォルダーで試してください。"),
    "log_empty": ("The data log is empty (the program has not used log.add yet).",
                  "データログはまだ空です（log.add がまだ使われていません）。"),
    "console": ("Type to the board (Enter sends)", "ボードに入力（Enter で送る）"),
    # the text mode's answers (text_mode.py)
    "text_unknown": ("I do not know '{what}'. Type help for the commands.",
                     "「{what}」はわかりません。help でコマンドの一覧が出ます。"),
    "text_no_such": ("This board has no '{what}'.", "このボードに「{what}」はありません。"),
    "text_number": ("'{what}' is not a number.", "「{what}」は数ではありません。"),
    "text_paused": ("Paused.", "一時停止しました。"),
    "text_going": ("Going on.", "再開しました。"),
    "text_speed": ("Speed × {value}.", "速さ × {value}。"),
    "text_board": ("Board {value}.", "ボード {value}。"),
    "text_log": ("The last lines the board printed:", "ボードが最後に出した行:"),
    "text_nothing": ("(nothing yet)", "（まだありません）"),
    "text_no_sound": ("This computer cannot play sound here, so here is the picture in words:",
                      "このコンピューターでは音が出せないので、絵をことばで言います:"),
    # switch access (scanning.py)
    "scan": ("Scan", "スキャン"),
    "scan_less": ("less", "へらす"),
    "scan_more": ("more", "ふやす"),
    "scan_done": ("done", "おわり"),
    "scan_back": ("back", "もどる"),
    "group_lesson": ("This lesson", "このレッスン"),
    "group_program": ("Program", "プログラム"),
    "group_buttons": ("Buttons and touch", "ボタンとタッチ"),
    "group_motion": ("Motion", "うごき"),
    "group_environment": ("Light, temperature, sound", "明るさ・温度・音"),
    "group_pins": ("Pins", "ピン"),
    "group_parts": ("Parts", "部品"),
    "scan_holding": ("holding {name}: switch to let go",
                     "{name} をおしています。スイッチではなします"),
    "more_controls": ("Other controls: show / hide", "ほかのそうさ: 出す / かくす"),
    "show_captions": ("Captions: all of them", "字まく: ぜんぶ見る"),
    "captions_empty": ("No sound yet: every sound the boards make is written here.",
                       "まだ音は出ていません。ボードが出した音は、ここにすべて書かれます。"),
    "magnify": ("Magnifier", "大きく見る"),
    "hear_display": ("Hear the LEDs", "LED を音で聞く"),
    "hear_values": ("Hear values as pitch", "あたいを音の高さで聞く"),
    "say_again": ("Say it again", "もう一度言う"),
    "describe_board": ("Describe the board", "ボードのようすを言う"),
    "read_console": ("Read the console", "コンソールを読む"),
    "stop_speaking": ("Stop speaking", "話すのをやめる"),
    "speak_faster": ("Speak faster", "速く話す"),
    "speak_slower": ("Speak slower", "ゆっくり話す"),
    "paused": ("Paused", "一時停止中"),
    "running": ("Running", "動いています"),
    "muted": ("Muted", "音なし"),
    "flash_notice": ("Fast blinking shown steady (flash safety)",
                     "速い点めつは止めて表示しています（目の安全のため）"),
    "ended": ("The program has ended.", "プログラムが終わりました。"),
    "error": ("The program stopped with an error.", "エラーでプログラムが止まりました。"),
    "keys_help": ("Keys: A/B buttons, L logo, 0-2 pins, S shake, arrows tilt, Tab next control, "
                  "Enter press, Left/Right change value, P pause, -/= speed, M sound, "
                  "H colours, G data log, E save log, R run again, X stop, C captions, "
                  "Z magnifier, O other controls; narrator: F2 say again, F3 describe the "
                  "board, F4 read the console, F5 quiet, F6/F7 slower/faster, F8 hear the "
                  "LEDs, F9 values as pitch.",
                  "キー: A/B ボタン、L ロゴ、0-2 ピン、S ふる、矢印 かたむける、Tab 次へ、"
                  "Enter おす、左右 値を変える、P 一時停止、-/= 速さ、M 音、H 色、G データログ、E ログを保存、"
                  "R もう一度、X 止める、C 字まく、Z 大きく見る、O ほかのそうさ。読み上げ: F2 もう一度、"
                  "F3 ボードのようす、F4 コンソール、F5 だまる、F6/F7 ゆっくり/速く、"
                  "F8 LED を音で聞く、F9 あたいを音の高さで"),
}


def label(key: str, lang: str = "en", **params: object) -> str:
    english, japanese = LABELS.get(key, (key, key))
    return (japanese if lang == "ja" else english).format(**params)
