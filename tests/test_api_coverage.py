"""Every public name of the official micro:bit stubs exists in the simulator, callable as
the stubs describe (except where the firmware itself differs, which wins)."""

import pytest
from stub_api import FIRMWARE_DIFFERS, check_all


@pytest.fixture(scope="module")
def result():
    return check_all()


def test_every_public_name_of_the_stubs_exists(result):
    assert len(result.checked) > 350
    assert result.missing == []


def test_every_function_takes_the_calls_the_stubs_describe(result):
    assert result.incompatible == {}


def test_firmware_differences_are_real_and_explained(result):
    assert set(result.firmware_differs) <= set(FIRMWARE_DIFFERS)
    assert all(reason for reason in FIRMWARE_DIFFERS.values())
