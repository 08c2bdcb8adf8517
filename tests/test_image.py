"""microbit.Image, checked against the V2 firmware's behaviour and messages."""

import pytest
from helpers import output
from hypothesis import given
from hypothesis import strategies as st
from terakoya.simulator.board_modules.microbit.image import Image
from terakoya.simulator.board_modules.microbit.images_data import BUILTIN_IMAGES

rows = st.lists(st.text(alphabet="0123456789 ", min_size=0, max_size=7), min_size=1, max_size=6)


def pixels(image):
    return [[image.get_pixel(x, y) for x in range(image.width())] for y in range(image.height())]


def test_constructors():
    assert repr(Image()) == "Image('00000:00000:00000:00000:00000:')"
    assert repr(Image(2, 3)) == "Image('00:00:00:')"
    assert repr(Image(2, 2, bytearray([1, 2, 3, 12]))) == "Image('12:39:')"
    assert repr(Image("99:9")) == "Image('99:90:')"
    assert repr(Image("1 3\n456\n")) == "Image('103:456:')"
    assert repr(Image("")) == "Image('')"
    assert pixels(Image("A")) == [[0, 9, 9, 0, 0], [9, 0, 0, 9, 0], [9, 9, 9, 9, 0],
                                  [9, 0, 0, 9, 0], [9, 0, 0, 9, 0]]


@pytest.mark.parametrize("args, error, message", [
    (("ab",), ValueError, "unexpected character in Image definition"),
    (("é",), ValueError, "unexpected character in Image definition"),
    ((5,), TypeError, "Image(s) takes a string"),
    ((2, 2, b"123"), ValueError, "image data is incorrect size"),
    ((2, 2, [1, 2, 3, 4]), TypeError, "object with buffer protocol required"),
    ((1, 2, 3, 4), TypeError, "function expected at most 3 arguments, got 4"),
    ((1.5, 2), TypeError, "can't convert float to int"),
])
def test_constructor_errors(args, error, message):
    with pytest.raises(error, match=f"^{message.replace('(', '[(]').replace(')', '[)]')}$"):
        Image(*args)


def test_keyword_arguments_are_refused_like_the_firmware():
    with pytest.raises(TypeError, match="doesn't take keyword arguments"):
        Image(width=2, height=2)


def test_builtin_images_are_complete_read_only_and_exact():
    assert len(BUILTIN_IMAGES) == 64
    assert repr(Image.HEART) == "Image('09090:99999:99999:09990:00900:')"
    assert repr(Image.SAD) == "Image('00000:09090:00000:09990:90009:')"
    assert [repr(i) for i in Image.ALL_CLOCKS][:2] == [repr(Image.CLOCK12), repr(Image.CLOCK1)]
    assert len(Image.ALL_CLOCKS) == 12 and len(Image.ALL_ARROWS) == 8
    assert isinstance(Image.ALL_ARROWS, tuple)
    with pytest.raises(TypeError, match=r"^image cannot be modified \(try copying first\)$"):
        Image.HEART.set_pixel(0, 0, 1)
    with pytest.raises(TypeError):
        Image.HEART.fill(0)
    copy = Image.HEART.copy()
    copy.set_pixel(0, 0, 5)
    assert copy.get_pixel(0, 0) == 5 and Image.HEART.get_pixel(0, 0) == 0


def test_pixel_errors_in_firmware_order():
    image = Image(3, 3)
    with pytest.raises(ValueError, match="^index cannot be negative$"):
        image.get_pixel(-1, 0)
    with pytest.raises(ValueError, match="^index too large$"):
        image.get_pixel(3, 0)
    with pytest.raises(ValueError, match="^brightness out of bounds$"):
        image.set_pixel(7, 0, 12)  # brightness is checked before the upper bound
    with pytest.raises(ValueError, match="^brightness out of bounds$"):
        image.fill(10)


def test_str_is_the_multiline_form():
    assert str(Image("12:34")) == "Image(\n    '12:'\n    '34:'\n)"


def test_shift_crop_invert_blit():
    image = Image("12300:45600:78900:00000:00000")
    assert repr(image.shift_left(1)) == "Image('23000:56000:89000:00000:00000:')"
    assert repr(image.shift_right(1)) == "Image('01230:04560:07890:00000:00000:')"
    assert repr(image.shift_up(1)) == "Image('45600:78900:00000:00000:00000:')"
    assert repr(image.shift_down(1)) == "Image('00000:12300:45600:78900:00000:')"
    assert repr(image.crop(1, 1, 3, 2)) == "Image('560:890:')"
    assert repr(image.crop(-1, 0, 2, 1)) == "Image('01:')"
    assert repr(image.crop(0, 0, -2, 1)) == "Image(':')"  # 0 x 1
    assert repr(Image("09:90").invert()) == "Image('90:09:')"
    target = Image(4, 2)
    target.blit(Image("12:34"), 0, 0, 2, 2, 1, 0)
    assert repr(target) == "Image('0120:0340:')"
    with pytest.raises(TypeError, match="must specify both offsets"):
        target.blit(Image("12:34"), 0, 0, 2, 2, 1)
    with pytest.raises(TypeError, match="expecting an image"):
        target.blit("12", 0, 0, 2, 2)
    with pytest.raises(ValueError, match="size cannot be negative"):
        target.blit(Image("1"), 0, 0, -1, 1)


def test_arithmetic_matches_the_firmware():
    assert repr(Image.HEART * 0.5) == "Image('05050:55555:55555:05550:00500:')"
    assert repr(Image("45") + Image("56")) == "Image('99:')"
    assert repr(Image("45") - Image("56")) == "Image('00:')"
    assert repr(Image("48") / 2) == "Image('24:')"
    assert repr(Image("40") / 0) == "Image('99:')"  # the firmware's division by a float zero
    with pytest.raises(ValueError, match="images must be the same size"):
        Image("1") + Image("11")
    with pytest.raises(ValueError, match="brightness multiplier must not be negative"):
        Image("1") * -1
    with pytest.raises(TypeError):
        2 * Image("1")  # only image * number is supported


def test_equality_is_identity():
    assert Image("9") != Image("9")
    assert Image.HEART == Image.HEART


def test_type_name_and_errors_in_a_program():
    text = output("""
        from microbit import *
        print(type(Image.HEART).__name__)
        Image.HEART + 1
    """)
    assert text.splitlines()[0] == "MicroBitImage"
    assert text.splitlines()[-1] == "TypeError: unsupported types for __add__: 'MicroBitImage', 'int'"


@given(rows)
def test_parsing_pads_rows_and_repr_round_trips(row_list):
    text = ":".join(row_list)
    if len(text.encode()) == 1:
        return  # a single character is a font glyph, not a picture string
    image = Image(text)
    width = max(len(r) for r in row_list)
    # a trailing empty row (text ending in ':') is not a row
    expected_rows = row_list[:-1] if row_list[-1] == "" else row_list
    assert image.height() == len(expected_rows)
    assert image.width() == (width if expected_rows else 0)
    for y, row in enumerate(expected_rows):
        padded = row.replace(" ", "0").ljust(image.width(), "0")
        assert "".join(str(image.get_pixel(x, y)) for x in range(image.width())) == padded
    again = Image(repr(image)[7:-2])
    assert repr(again) == repr(image)


@given(st.lists(st.integers(0, 9), min_size=4, max_size=4),
       st.lists(st.integers(0, 9), min_size=4, max_size=4),
       st.floats(min_value=0, max_value=20, allow_nan=False))
def test_arithmetic_always_stays_in_range(a, b, factor):
    first, second = Image(2, 2, bytes(a)), Image(2, 2, bytes(b))
    for result in (first + second, first - second, first * factor):
        assert all(0 <= v <= 9 for row in pixels(result) for v in row)
    assert pixels(first + second) == [[min(9, a[i] + b[i]) for i in r] for r in ((0, 1), (2, 3))]
    assert pixels(first - second) == [[max(0, a[i] - b[i]) for i in r] for r in ((0, 1), (2, 3))]
