"""terakoya check, API part: programs read against the board's official stubs by basedpyright.

basedpyright runs once per board for all the example programs below (a module fixture), so the
suite stays quick. The stubs are installed into /work/main/.cache (git-ignored) on first run.
"""

import importlib.util
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from terakoya.host_tools.check import api
from terakoya.host_tools.check.api import check_api, closest, type_keys

CACHE = Path(__file__).resolve().parents[1] / ".cache"

MICROBIT = {
    "typo.py": "from microbit import *\ndisplay.scrol('hi')\n",
    "counts.py": ("from microbit import *\ndisplay.scroll()\n"
                  "display.scroll('a', 100, True, False, False, 7)\n"
                  "display.scroll('a', dela=100)\n"),
    "kinds.py": "from microbit import *\nsleep('x')\ndisplay.set_pixel(1.5, 2, 9)\n",
    "no_json.py": "import json\nimport radoi\n",
    "host.py": "import pytest\nimport pygame\n",
    "names.py": "music.play(music.BA_DING)\ndisplay.show(1)\nscore = 0\nprint(scroe)\n",
    "plus.py": "from microbit import *\nscore = 3\ndisplay.scroll('Score: ' + score)\n",
    "none.py": ("import radio\nmessage = radio.receive()\nprint(message.upper())\n"
                "other = radio.receive()\nif other:\n    print(other.upper())\n"),
    "unicode.py": "from microbit import *\ndisplay.scroll('こんにちは🙂', dela=80)\n",
    "pin.py": "from microbit import *\npin0.write_digitl(1)\nImage.HEARTT\n",
    "broken.py": "from microbit import *\ndisplay.scrol('hi'\n",
    "good.py": ("from microbit import *\nimport music\nimport radio\nimport random\n\n"
                "radio.on()\nscore = 0\n"
                "while True:\n"
                "    if button_a.was_pressed():\n"
                "        score += 1\n"
                "        display.scroll('Score: ' + str(score), delay=80)\n"
                "        radio.send(str(score))\n"
                "    message = radio.receive()\n"
                "    if message is not None:\n"
                "        display.show(message[0])\n"
                "    if accelerometer.was_gesture('shake'):\n"
                "        display.show(random.randint(1, 6))\n"
                "        music.play(music.BA_DING, wait=False)\n"
                "    display.set_pixel(2, 2, 9 if pin_logo.is_touched() else 0)\n"
                "    sleep(20)\n"),
    "containers.py": ("import os, micropython, neopixel\nfrom microbit import *\n"
                      "frames = [None] * 4\nframes[0] = 3\nnames = ['a']\nnames.append(5)\n"
                      "names += [1]\nseen = {'a': 1}\nseen['b'] = 'x'\n"
                      "print(os.ilistdir(), micropython.schedule)\n"
                      "np = neopixel.NeoPixel(pin0, 8)\nnp[0] = 255\n"),
    "other.py": "x = 5\nprint(x[0])\nmatch x:\n    case 5:\n        pass\n",
    "log_minutes.py": ("import log\nlog.set_labels('t', timestamp=log.MINUTES)\n"
                       "log.set_labels('t', timestamp=log.HOURS)\n"
                       "log.set_labels('t', timestamp=5)\n"),
    "lesson/main.py": "from microbit import *\nimport helper\nhelper.greet('hi')\nhelper.gret()\n",
    "lesson/helper.py": "from microbit import display\n\ndef greet(text):\n    display.scroll(text)\n",
}

ESP32 = {
    "uses_microbit.py": "import microbit\nfrom microbit import display\n",
    "pin.py": "from machine import Pin\nled = Pin(2, Pin.OUT)\nled.vale(1)\n",
    "base.py": ("class Screen:\n    def on(self):\n        self.write_cmd(1)\n"
                "        self.writ_cmd(2)\n\n\nclass ScreenI2C(Screen):\n"
                "    def write_cmd(self, cmd):\n        print(cmd)\n"),
    "guarded.py": ("try:\n    import music\nexcept ImportError:\n    music = None\n"
                   "try:\n    import radio, speech\nexcept (OSError, Exception):\n    pass\n"
                   "try:\n    from machine import TouchPadd\nexcept:\n    pass\n"
                   "try:\n    import musik\nexcept ValueError:\n    pass\n"
                   "try:\n    def later():\n        import log\nexcept ImportError:\n"
                   "    pass\n"),
    "good.py": ("import time\nimport json\nfrom machine import Pin, PWM, ADC\n\n"
                "led = Pin(2, Pin.OUT)\nservo = PWM(Pin(4), freq=50)\nlight = ADC(Pin(34))\n"
                "while True:\n"
                "    led.value(not led.value())\n"
                "    servo.duty(40 + light.read() // 64)\n"
                "    print(json.dumps({'light': light.read()}))\n"
                "    time.sleep_ms(500)\n"),
}


@pytest.fixture(autouse=True)
def cache(monkeypatch):
    monkeypatch.setenv("TERAKOYA_CACHE", str(CACHE))


def _check_all(folder: Path, programs: dict[str, str], board: str,
               lang: str = "en") -> dict[str, list]:
    paths = []
    for name, text in programs.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TERAKOYA_CACHE", str(CACHE))
        findings = check_api(paths, board, lang)
    by_file: dict[str, list] = {name: [] for name in programs}
    for finding in findings:
        by_file[Path(finding.file).relative_to(folder).as_posix()].append(finding)
    return by_file


@pytest.fixture(scope="module")
def microbit(tmp_path_factory):
    return _check_all(tmp_path_factory.mktemp("microbit"), MICROBIT, "microbit")


@pytest.fixture(scope="module")
def esp32(tmp_path_factory):
    return _check_all(tmp_path_factory.mktemp("esp32"), ESP32, "esp32")


def where(findings):
    return [(f.line, f.column) for f in findings]


def test_a_misspelt_name_says_what_was_meant(microbit):
    [found] = microbit["typo.py"]
    assert (found.code, found.severity, found.line, found.column) == ("api", "error", 2, 9)
    assert found.message_en == "'display' has no 'scrol'. Did you mean 'scroll'?"
    assert found.message_ja == "「display」には「scrol」がありません。「scroll」のまちがいですか？"


def test_misspelt_names_of_pins_and_images(microbit):
    found = microbit["pin.py"]
    assert [f.message_en for f in found] == [
        "'pin0' has no 'write_digitl'. Did you mean 'write_digital'?",
        "'Image' has no 'HEARTT'. Did you mean 'HEART'?"]


def test_wrong_number_of_values_and_unknown_options(microbit):
    missing, too_many, option = microbit["counts.py"]
    assert missing.line == 2 and missing.message_en == "display.scroll() needs a value for 'text'."
    assert missing.message_ja == "display.scroll() には「text」の値が必要です。"
    assert too_many.message_en == ("display.scroll() takes 5 values between the ( ), "
                                   "but it was given 6.")
    assert too_many.message_ja == ("display.scroll() の ( ) に入れられる値は 5 個ですが、"
                                   "6 個入っています。")
    assert option.message_en == "display.scroll() has no 'dela=' option. Did you mean 'delay'?"


def test_wrong_kind_of_value(microbit):
    text, fraction = microbit["kinds.py"]
    assert text.message_en == "sleep() needs a number for 'n', but this is text."
    assert text.message_ja == "sleep() の「n」には数を入れます。ここは文字列になっています。"
    assert "int(...)" in text.fix_en and "int(...)" in text.fix_ja
    assert (fraction.line, fraction.column) == (3, 19)
    assert fraction.message_en == "display.set_pixel() needs a whole number for 'x', but this is a number."
    assert "//" in fraction.fix_en


def test_modules_the_microbit_does_not_have(microbit):
    json, typo = microbit["no_json.py"]
    assert json.message_en == "The micro:bit has no module 'json'."
    assert json.message_ja == "micro:bit には「json」というモジュールがありません。"
    assert "json.py" in json.fix_en and "music" in json.fix_en
    assert typo.message_en == "The micro:bit has no module 'radoi'. Did you mean 'radio'?"


def test_host_packages_are_invisible(microbit):
    assert importlib.util.find_spec("pytest") and importlib.util.find_spec("pygame")
    assert [f.message_en for f in microbit["host.py"]] == [
        "The micro:bit has no module 'pytest'.", "The micro:bit has no module 'pygame'."]


def test_unknown_names_say_what_to_import(microbit):
    music, display, score = microbit["names.py"]
    assert music.message_en == "Python does not know the name 'music'."
    assert music.fix_en == "Add 'import music' at the top of the program."
    assert music.fix_ja == "プログラムのいちばん上に「import music」と書きましょう。"
    assert display.fix_en == "Add 'from microbit import *' at the top of the program."
    assert score.message_en == "Python does not know the name 'scroe'. Did you mean 'score'?"
    assert score.message_ja == "Python は「scroe」という名前を知りません。「score」のまちがいですか？"


def test_text_plus_a_number(microbit):
    [found] = microbit["plus.py"]
    assert found.message_en == "You cannot use + with text and a whole number."
    assert found.message_ja == "文字列と整数には + を使えません。"
    assert "str(...)" in found.fix_en


def test_a_value_that_can_be_none_is_a_warning(microbit):
    [found] = microbit["none.py"]  # the checked one (line 6) is fine
    assert (found.line, found.severity) == (3, "warning")
    assert found.message_en.startswith("'message' can be None (nothing) here")
    assert found.fix_ja == "先に if message is not None: でたしかめましょう。"


def test_columns_count_characters_not_bytes(microbit):
    [found] = microbit["unicode.py"]
    assert where([found]) == [(2, 26)]  # bytes: 39, UTF-16 units: 27


def test_a_file_that_does_not_parse_is_left_to_the_syntax_check(microbit):
    assert microbit["broken.py"] == []


def test_a_correct_program_has_no_findings(microbit, esp32):
    assert microbit["good.py"] == []
    assert esp32["good.py"] == []


def test_lists_hold_anything_and_firmware_extras_are_no_errors(microbit):
    [found] = microbit["containers.py"]  # only the NeoPixel colour that is not a tuple
    assert found.line == 12
    assert found.message_en == "np[…] needs a tuple, but this is a whole number."
    assert found.message_ja == "np[…] にはタプルを入れます。ここは整数になっています。"
    assert "(255, 0, 0)" in found.fix_en


def test_indexing_a_number(microbit):
    [index] = microbit["other.py"]  # match: syntax, for the compile check
    assert index.message_en == "'x' is a whole number, so [ ] cannot be used on it."
    assert index.message_ja == "「x」は整数なので、[ ] は使えません。"


def test_anything_else_is_said_in_the_checkers_english(tmp_path):
    source = api.Source("x = 1\n", tmp_path)
    diag = api.Diag("reportCallIssue", "Something new", (), (0, 0, 0, 1), source,
                    api.StubIndex([]), "microbit")
    words = api.translate(diag)
    assert (words.en, words.ja) == ("Something new", "チェックで見つかったこと（英語）: Something new")


def test_the_programs_own_modules_are_found(microbit):
    assert microbit["lesson/helper.py"] == []
    [found] = microbit["lesson/main.py"]
    assert found.message_en == "'helper' has no 'gret'. Did you mean 'greet'?"


def test_the_esp32_has_no_microbit_module(esp32):
    first, second = esp32["uses_microbit.py"]
    assert first.message_en == "The ESP32 has no module 'microbit'."
    assert "machine" in first.fix_en and "machine" in first.fix_ja
    assert second.line == 2


def test_esp32_names_come_from_its_stubs(esp32):
    [found] = esp32["pin.py"]
    assert found.message_en == "'led' has no 'vale'. Did you mean 'value'?"


def test_japanese_stubs_find_the_same(tmp_path, microbit):
    again = _check_all(tmp_path, {"typo.py": MICROBIT["typo.py"]}, "microbit", "ja")
    assert again["typo.py"][0].message_en == microbit["typo.py"][0].message_en
    assert (CACHE / "stubs" / "microbit-ja-0.0.1b2" / "stdlib" / "microbit").is_dir()


def test_without_basedpyright_one_finding_says_what_to_install(tmp_path, monkeypatch):
    (tmp_path / "main.py").write_text("from microbit import *\n")
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "basedpyright" else real(name, *a))
    [found] = check_api([tmp_path / "main.py"], "microbit")
    assert (found.code, found.severity) == ("tool", "error")
    assert "pip install basedpyright==" in found.fix_en
    assert "basedpyright" in found.message_ja


def test_stubs_that_cannot_be_installed_say_how(tmp_path, monkeypatch):
    monkeypatch.setenv("TERAKOYA_CACHE", str(tmp_path / "cache"))
    (tmp_path / "main.py").write_text("from microbit import *\n")
    monkeypatch.setattr(api.subprocess, "run", lambda command, **kw: subprocess.CompletedProcess(
        command, 1, "", "ERROR: No matching distribution found"))
    [found] = check_api([tmp_path / "main.py"], "microbit")
    assert found.code == "tool" and "No matching distribution" in found.message_en
    assert "--target" in found.fix_en and "micropython-microbit-stubs-en==0.0.1b2" in found.fix_en
    assert not list((tmp_path / "cache" / "stubs").iterdir())  # nothing half-installed is left


def test_a_checker_that_fails_gives_a_finding_not_a_traceback(tmp_path, monkeypatch):
    (tmp_path / "main.py").write_text("from microbit import *\n")
    check_api([tmp_path / "main.py"], "microbit")  # the stubs are in the cache from here on
    monkeypatch.setattr(api.subprocess, "run", lambda command, **kw: subprocess.CompletedProcess(
        command, 2, "", "Traceback...\nError: out of memory"))
    [found] = check_api([tmp_path / "main.py"], "microbit")
    assert found.code == "tool" and "out of memory" in found.message_en


def test_type_names_in_childrens_words():
    assert type_keys("Literal['x'] | int | None") == ["str", "int", "None"]
    assert type_keys("float | int") == ["float"]
    assert type_keys("str | bytes | SupportsInt | SupportsIndex | _SupportsTrunc") == [
        "str", "bytes", "int"]
    assert type_keys("type[Image]") == ["Image"]
    assert closest("Display", {"display", "show"}) == "display"
    assert closest("zzz", {"display", "show"}) is None


@given(st.text())
def test_any_type_text_gives_some_words(text):
    assert type_keys(text)


def test_an_import_the_program_guards_is_no_error(esp32):
    """try: import music / except ImportError: is how one program runs on two boards; an
    except that does not catch ImportError, or an import run later, is still found."""
    assert [(f.line, f.message_en) for f in esp32["guarded.py"]] == [
        (14, "The ESP32 has no module 'musik'."),
        (19, "The ESP32 has no module 'log'."),
    ]


def test_stub_errata_let_log_minutes_through(microbit):
    """The stubs' Literal for timestamp leaves out log.MINUTES (600), which the firmware
    takes; a value the firmware has no constant for is still an error."""
    [found] = microbit["log_minutes.py"]
    assert found.line == 4 and found.code == "api"
    [erratum] = [e for e in api.STUB_ERRATA if e.function == "set_labels"]
    assert erratum.values == {"600"} and "modlog.c" in erratum.source


def test_a_base_class_may_call_what_its_subclass_gives(esp32):
    """micropython-lib's ssd1306: SSD1306 calls self.write_cmd, SSD1306_I2C defines it."""
    [found] = esp32["base.py"]
    assert found.line == 4 and found.message_en.startswith("'self' has no 'writ_cmd'.")
