"""Every public name of the official micro:bit stubs exists on the simulated board, and
every function the host serves takes the calls the stubs describe (except where the firmware
itself lacks a name or differs, which wins)."""

import pytest
from stub_api import FIRMWARE_DIFFERS, FIRMWARE_LACKS, check_all


@pytest.fixture(scope="module")
def result():
    return check_all()


def test_every_public_name_of_the_stubs_exists(result):
    assert len(result.checked) > 350
    assert result.unexplained_missing == []


def test_every_function_takes_the_calls_the_stubs_describe(result):
    assert result.incompatible == {}


def test_firmware_differences_are_real_and_explained(result):
    assert set(result.firmware_differs) <= set(FIRMWARE_DIFFERS)
    assert all(reason for reason in FIRMWARE_DIFFERS.values())
    assert set(FIRMWARE_LACKS) <= set(result.missing)  # the board has none of them
    assert all(reason for reason in FIRMWARE_LACKS.values())
