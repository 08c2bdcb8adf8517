"""The board's names compiled into its engine are those of its modules now."""

from pathlib import Path

from terakoya.simulator.engine import qstrs

PORT = Path(qstrs.__file__).resolve().parent / "port"


def test_the_microbit_names_header_is_up_to_date():
    text = (PORT / "qstrdefs_microbit.h").read_text(encoding="utf-8")
    assert text == qstrs.header("microbit"), (
        "regenerate: python -m terakoya.simulator.engine.qstrs microbit "
        "> simulator/engine/port/qstrdefs_microbit.h")


def test_the_names_cover_the_modules_classes_and_constants():
    names = qstrs.board_names("microbit")
    for name in ("microbit", "display", "scroll", "MicroBitImage", "HEART", "get_x",
                 "MicroBitSoundEffect", "freq_start", "ALL_CLOCKS", "NYAN"):
        assert name in names
