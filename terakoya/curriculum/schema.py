"""The lesson metadata schema (``lesson.toml``), checked with a plain message per problem.

Every problem names the file and the key, in English and Japanese, so a teacher who edits a
lesson can fix it without reading code. The format is described in the README.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from ..simulator.boards import board_ids

AUDIENCES = ("elementary", "special_needs", "community_club", "senior", "adult")
# A-F: the MEXT programming guide's categories; "community": the MIC (総務省) community
# programmes (地域ICTクラブ, デジタル活用支援) for seniors' and residents' lessons.
SETTINGS = ("A", "B", "C", "D", "E", "F", "community")
LEVELS = ("beginner", "intermediate", "advanced")
STEP_KINDS = ("make", "code", "improve", "challenge")
PART_PER = ("learner", "pair", "group", "class")
SOUND = ("none", "mild", "loud")
ACCESS_MODES = ("visual", "auditory", "tactile")
VARIANTS = ("blind_low_vision", "deaf_hard_of_hearing", "motor", "cognitive")
FEATURES = ("display", "buttons", "touch_logo", "pins", "light_level", "temperature",
            "sound_level", "accelerometer", "gestures", "compass", "microphone", "speaker",
            "music", "speech", "radio", "log", "files", "neopixel", "servo", "motor",
            "wifi", "mqtt", "web", "http", "parts", "time", "adc", "pwm", "i2c", "dht",
            "touch_pins", "bluetooth")
BOARDS = (*board_ids(), "simulator")  # a board's id (as --board takes it), or the simulator
ID_PATTERN = re.compile(r"^[A-Z][0-9]{2}$")


@dataclass(frozen=True)
class Problem:
    key: str
    en: str
    ja: str

    def text(self, lang: str) -> str:
        return f"'{self.key}': {self.ja if lang == 'ja' else self.en}"


Check = Callable[[object], tuple[str, str] | None]  # None when fine, else (en, ja)


def text() -> Check:
    return lambda v: None if isinstance(v, str) and v.strip() else (
        "must be text (not empty)", "文字で書いてください（空にしないでください）")


def bilingual() -> Check:
    def check(v: object) -> tuple[str, str] | None:
        if not isinstance(v, dict) or not all(isinstance(v.get(k), str) and v[k].strip()
                                              for k in ("ja", "en")):
            return ("needs both ja and en text", "ja と en の両方の文が必要です")
        extra = sorted(set(v) - {"ja", "en"})
        if extra:
            return (f"has keys other than ja and en: {', '.join(extra)} (a table in the wrong "
                    "place?)", f"ja と en 以外のキーがあります: {', '.join(extra)}（表の位置がちがう？）")
        return None
    return check


def integer(low: int, high: int) -> Check:
    def check(v: object) -> tuple[str, str] | None:
        if isinstance(v, int) and not isinstance(v, bool) and low <= v <= high:
            return None
        return (f"must be a whole number from {low} to {high}",
                f"{low} から {high} までの整数にしてください")
    return check


def one_of(choices: tuple[str, ...]) -> Check:
    return lambda v: None if v in choices else (
        f"must be one of {', '.join(choices)}", f"{', '.join(choices)} のどれかにしてください")


def list_of(item: Check, minimum: int = 0) -> Check:
    def check(v: object) -> tuple[str, str] | None:
        if not isinstance(v, list) or len(v) < minimum:
            return (f"must be a list with at least {minimum} item(s)",
                    f"{minimum} こ以上のリストにしてください")
        for index, entry in enumerate(v):
            problem = item(entry)
            if problem:
                return (f"item {index + 1}: {problem[0]}", f"{index + 1} 番目: {problem[1]}")
        return None
    return check


def date() -> Check:
    return lambda v: None if isinstance(v, dt.date) else (
        "must be a date such as 2026-11-25", "2026-11-25 のような日付にしてください")


def boolean() -> Check:
    return lambda v: None if isinstance(v, bool) else ("must be true or false",
                                                       "true か false にしてください")


def lesson_id() -> Check:
    return lambda v: None if isinstance(v, str) and ID_PATTERN.match(v) else (
        "must be a letter and two digits, such as E03", "E03 のように、英字1つと数字2つにしてください")


def table(spec: dict[str, Check], optional: tuple[str, ...] = ()) -> Check:
    """A table with these keys (optional ones may be left out; others are refused)."""
    def check(v: object) -> tuple[str, str] | None:
        problems = table_problems(v, spec, optional, "")
        return (problems[0].text("en"), problems[0].text("ja")) if problems else None
    return check


def table_problems(value: object, spec: dict[str, Check], optional: tuple[str, ...],
                   prefix: str) -> list[Problem]:
    if not isinstance(value, dict):
        return [Problem(prefix or "(file)", "must be a table", "表にしてください")]
    problems = []
    for key, check in spec.items():
        name = f"{prefix}{key}"
        if key not in value:
            if key not in optional:
                problems.append(Problem(name, "is missing", "がありません"))
            continue
        problem = check(value[key])
        if problem:
            problems.append(Problem(name, *problem))
    for key in value:
        if key not in spec:
            problems.append(Problem(f"{prefix}{key}", "is not a lesson key (a typing mistake?)",
                                    "レッスンのキーではありません（書きまちがい？）"))
    return problems


def criterion() -> Check:
    """An "I can" statement: ja and en, and optionally a hint for a pupil who has not met it
    yet (``hint = { ja = "...", en = "..." }``)."""
    words, hint = bilingual(), bilingual()

    def check(v: object) -> tuple[str, str] | None:
        if isinstance(v, dict) and "hint" in v:
            problem = hint(v["hint"])
            if problem:
                return (f"hint: {problem[0]}", f"hint: {problem[1]}")
            v = {k: w for k, w in v.items() if k != "hint"}
        return words(v)
    return check


RUBRIC = table({"criterion": bilingual(), **{f"level_{n}": bilingual() for n in (4, 3, 2, 1)}})
LESSON: dict[str, Check] = {
    "id": lesson_id(), "version": integer(1, 1000), "last_tested": date(),
    "license": one_of(("CC-BY-SA-4.0",)), "languages": list_of(one_of(("ja", "en")), 2),
    "audience": list_of(one_of(AUDIENCES), 1), "grade": integer(1, 6),
    "setting": one_of(SETTINGS), "level": one_of(LEVELS), "concepts": list_of(text(), 1),
    "boards": list_of(one_of(BOARDS), 1), "prerequisites": list_of(lesson_id()),
    "features_used": list_of(one_of(FEATURES), 1), "vocabulary": list_of(bilingual()),
    "title": table({"ja": text(), "ja_kana": text(), "en": text()}),
    "summary": bilingual(),
    "duration": table({"periods": integer(1, 20), "minutes": integer(5, 900)}),
    "alignment": list_of(table({"framework": text(), "subject": bilingual(), "unit": bilingual(),
                                "guide_example": text(), "code": text()},
                               optional=("guide_example", "code")), 1),
    "objectives": list_of(bilingual(), 1),
    "success_criteria": list_of(criterion(), 1),
    "hardware": table({"runs_in_simulator": boolean(),
                       "parts": list_of(table({"item": bilingual(), "quantity": integer(1, 100),
                                               "per": one_of(PART_PER),
                                               "yen": integer(0, 100_000),
                                               "alternative": bilingual()},
                                              optional=("yen", "alternative")), 1)}),
    "unplugged": table({"minutes": integer(1, 90), "ja": text(), "en": text()}),
    "steps": list_of(table({"kind": one_of(STEP_KINDS), "minutes": integer(1, 180),
                            "title": bilingual()}), 3),
    "assessment": table({"reflection": bilingual(),
                         "viewpoints": table({"knowledge_skill": bilingual(),
                                              "thinking_judgement_expression": bilingual(),
                                              "attitude": bilingual()}),
                         "rubric": list_of(RUBRIC, 1)}),
    "differentiation": table({"support": list_of(bilingual(), 1),
                              "extension": list_of(bilingual(), 1)}),
    "teacher_notes": bilingual(),
    "safety": list_of(bilingual()),
    "accessibility": table({"access_modes": list_of(one_of(ACCESS_MODES), 1),
                            "flashing": boolean(), "sound": one_of(SOUND),
                            "variants": table({name: bilingual() for name in VARIANTS},
                                              optional=VARIANTS)}),
}
OPTIONAL = ("grade",)


def lesson_problems(data: object) -> list[Problem]:
    """Everything wrong with one lesson's metadata (an empty list when it is valid)."""
    problems = table_problems(data, LESSON, OPTIONAL, "")
    if isinstance(data, dict) and isinstance(data.get("steps"), list):
        kinds = [s.get("kind") for s in data["steps"] if isinstance(s, dict)]
        for needed in ("make", "code", "improve", "challenge"):
            if needed not in kinds:
                problems.append(Problem("steps", f"needs a '{needed}' step",
                                        f"「{needed}」のステップが必要です"))
    return problems
