"""The wire format's values: what the host writes, it reads back; a frame that does not
follow the format is a ProtocolError, never another exception from the host's code."""

from __future__ import annotations

import math
import struct

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulator.engine.protocol import (
    MAX_FRAME,
    BoardRef,
    ProtocolError,
    Reader,
    Writer,
    frame_length,
)

_scalars = (st.none() | st.booleans() | st.integers() | st.text() | st.binary()
            | st.binary().map(bytearray) | st.integers(0, 2**32 - 1).map(BoardRef)
            | st.floats(width=32, allow_nan=False))
_keys = st.none() | st.booleans() | st.integers() | st.text() | st.binary()
_values = st.recursive(
    _scalars,
    lambda inner: (st.lists(inner, max_size=4) | st.lists(inner, max_size=4).map(tuple)
                   | st.dictionaries(_keys, inner, max_size=4)),
    max_leaves=20)


def _round_trip(value: object) -> object:
    writer = Writer(b"R")
    writer.value(value)
    frame = writer.frame()
    assert frame_length(frame[:4]) == len(frame) - 4
    reader = Reader(frame[5:])
    result = reader.value()
    assert reader.at_end()
    return result


@given(_values)
def test_a_value_comes_back_as_it_was_sent(value: object) -> None:
    result = _round_trip(value)
    assert result == value
    assert type(result) is type(value)


@given(st.floats(allow_nan=False))
def test_a_float_comes_back_as_the_boards_32_bit_float(value: float) -> None:
    result = _round_trip(value)
    assert isinstance(result, float)
    if abs(value) > 3.5e38:  # too big for 32 bits: infinity, with its sign
        assert result == math.copysign(math.inf, value)
    else:
        assert result == struct.unpack("<f", struct.pack("<f", value))[0]


@given(st.binary(max_size=64))
def test_any_bytes_read_as_a_value_or_a_protocol_error(data: bytes) -> None:
    try:
        Reader(data).value()
    except ProtocolError:
        pass


@pytest.mark.parametrize("data", [
    b"d\x01\x00\x00\x00l\x00\x00\x00\x00N",  # a dict whose key is a list
    b"I\x01\x00\x00\x00\xff",  # a big integer that is not text
    b"h\x01\x00\x00\x00",  # a host object where none may be
])
def test_malformed_values_are_protocol_errors(data: bytes) -> None:
    with pytest.raises(ProtocolError):
        Reader(data).value()


def test_frame_lengths_out_of_range_are_refused() -> None:
    for size in (0, MAX_FRAME + 1):
        with pytest.raises(ProtocolError):
            frame_length(struct.pack("<I", size))
    writer = Writer(b"R")
    writer.blob(b"b", bytes(MAX_FRAME))
    with pytest.raises(ProtocolError):
        writer.frame()
