"""The simulated ESP32 against micropython-esp32-stubs: at least 95% of the names the
ESP32_GENERIC firmware 1.23 has, every missing name explained, and the explanations true."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import stub_api_esp32 as api  # noqa: E402


@pytest.fixture(scope="module")
def found() -> api.Result:
    return api.check_all()


def test_share_is_at_least_95_percent(found: api.Result) -> None:
    assert found.share >= 0.95, (found.present, len(found.expected))


def test_no_missing_name_is_unexplained(found: api.Result) -> None:
    assert found.unexplained == []


def test_names_not_on_the_firmware_are_missing_on_the_board(found: api.Result) -> None:
    """Each NOT_ON_ESP32_123 name is one the stubs list and the board really lacks."""
    unknown = [n for n in api.NOT_ON_ESP32_123 if n not in found.checked]
    present = [n for n in api.NOT_ON_ESP32_123 if n in found.checked and n not in found.missing]
    assert unknown == [], "not a name of the stubs (any more)"
    assert present == [], "the board has these: take them off NOT_ON_ESP32_123"


def test_gaps_are_few_missing_and_explained(found: api.Result) -> None:
    assert len(set(api.GAPS.values())) <= 3
    assert all(len(reason) > 20 for reason in api.GAPS.values())
    assert all(name in found.missing for name in api.GAPS)


def test_reasons_are_given(found: api.Result) -> None:
    assert all(reason.strip() for reason in api.NOT_ON_ESP32_123.values())
    assert not set(api.NOT_ON_ESP32_123) & set(api.GAPS)
