"""json: MicroPython's JSON module for the ESP32 (frozen Python here; C on the board).

dumps/dump write what the core's JSON printer writes: ", " and ": " between items unless
``separators`` says otherwise, floats as the core's own repr (single precision), any dict key
quoted, tuples as lists, other objects by their repr.  loads/load follow the firmware's
forgiving one-pass parser: commas and colons count as blanks, brackets need not pair, and
anything else it cannot read is ``ValueError: syntax error in JSON``.
"""

_ESCAPES = {'"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t'}


def _quote(s):
    """A str or bytes as a JSON string: only quote, backslash and control characters change."""
    if isinstance(s, (bytes, bytearray)):
        s = str(s, 'utf-8')
    if (not s or min(s) >= ' ') and '"' not in s and '\\' not in s:
        return '"' + s + '"'
    out = []
    for c in s:
        if c < ' ' or c == '"' or c == '\\':
            e = _ESCAPES.get(c)
            out.append(e if e else '\\u%04x' % ord(c))
        else:
            out.append(c)
    return '"' + ''.join(out) + '"'


def _encode(obj, out, item_sep, key_sep):
    """Append the JSON text of ``obj`` to the list ``out``, piece by piece."""
    if obj is None:
        out.append('null')
    elif obj is True:
        out.append('true')
    elif obj is False:
        out.append('false')
    elif isinstance(obj, str) or type(obj) is bytes:
        out.append(_quote(obj))
    elif isinstance(obj, (list, tuple)):
        out.append('[')
        first = True
        for item in obj:
            if not first:
                out.append(item_sep)
            first = False
            _encode(item, out, item_sep, key_sep)
        out.append(']')
    elif isinstance(obj, dict):
        out.append('{')
        first = True
        for key in obj:
            if not first:
                out.append(item_sep)
            first = False
            if isinstance(key, str) or type(key) is bytes:
                out.append(_quote(key))
            else:
                out.append('"')
                _encode(key, out, item_sep, key_sep)
                out.append('"')
            out.append(key_sep)
            _encode(obj[key], out, item_sep, key_sep)
        out.append('}')
    else:
        out.append(repr(obj))


def _separators(separators):
    if separators is None:
        return ', ', ': '
    item_sep, key_sep = separators
    for sep in (item_sep, key_sep):
        if not isinstance(sep, str):
            raise TypeError("can't convert '%s' object to str implicitly" % type(sep).__name__)
    return item_sep, key_sep


def dumps(obj, *, separators=None):
    """The JSON text of ``obj`` as a str."""
    out = []
    _encode(obj, out, *_separators(separators))
    return ''.join(out)


def dump(obj, stream, *, separators=None):
    """Write the JSON text of ``obj`` to ``stream``."""
    if not hasattr(stream, 'write'):
        raise OSError('stream operation not supported')
    out = []
    _encode(obj, out, *_separators(separators))
    stream.write(''.join(out))


class _Fail(Exception):
    pass


_WORDS = {0x6E: (b'null', None), 0x74: (b'true', True), 0x66: (b'false', False)}
_NUMBER = b'0123456789+-.eE'
_SIMPLE = {0x62: 8, 0x66: 12, 0x6E: 10, 0x72: 13, 0x74: 9}


def _string(data, i, n):
    """Read a string whose opening quote is just before ``i``: (str, index after it)."""
    end = data.find(b'"', i)
    if end < 0:
        raise _Fail
    if data.find(b'\\', i, end) < 0:
        return str(data[i:end], 'utf-8'), end + 1
    out = bytearray()
    while i < n:
        c = data[i]
        if c == 0x22:
            return str(out, 'utf-8'), i + 1
        if c == 0x5C:
            i += 1
            c = data[i] if i < n else 0
            if c == 0x75:
                code = 0
                for k in range(1, 5):
                    d = (((data[i + k] if i + k < n else 0) | 0x20) - 0x30) & 0xFF
                    if d > 9:
                        d = (d - 39) & 0xFF
                    code = (code << 4) | d
                out.extend(chr(code).encode())
                i += 5
                continue
            c = _SIMPLE.get(c, c)
        out.append(c)
        i += 1
    raise _Fail


def _number(data, i, n):
    """Read a number starting at ``i``: (int or float, index after it)."""
    j = i + 1
    while j < n and data[j] in _NUMBER:
        j += 1
    text = str(data[i:j], 'ascii')
    if '.' in text or 'e' in text or 'E' in text:
        return float(text), j
    return int(text), j


def _value(data, i, n):
    """Read one primitive or an opening bracket at ``i``: (value, is_container, next index)."""
    c = data[i]
    if c == 0x22:
        s, i = _string(data, i + 1, n)
        return s, False, i
    if c == 0x2D or 0x30 <= c <= 0x39:
        v, i = _number(data, i, n)
        return v, False, i
    if c == 0x5B:
        return [], True, i + 1
    if c == 0x7B:
        return {}, True, i + 1
    word = _WORDS.get(c)
    if word and data[i:i + len(word[0])] == word[0]:
        return word[1], False, i + len(word[0])
    raise _Fail


def _parse(data):
    """The firmware's parser: a stack of open containers, one pass over the bytes."""
    n = len(data)
    i = 0
    stack = []
    top = None
    have_key = False
    key = None
    done = False
    while i < n:
        c = data[i]
        if c in b',: \t\n\r':
            i += 1
            continue
        if c == 0x5D or c == 0x7D:
            i += 1
            if top is None:
                raise _Fail
            if not stack:
                done = True
                break
            top = stack.pop()
            continue
        value, enter, i = _value(data, i, n)
        if top is None:
            top = value
            if not enter:
                done = True
                break
            continue
        if type(top) is list:
            top.append(value)
        elif not have_key:
            if enter:
                raise _Fail
            key, have_key = value, True
        else:
            top[key] = value
            have_key = False
        if enter:
            stack.append(top)
            top = value
    if done:
        while i < n and data[i] in b' \t\n\r\x0b\x0c':
            i += 1
    if i < n or top is None or stack:
        raise _Fail
    return top


def loads(s):
    """The object that the JSON text ``s`` (str, bytes or bytearray) describes."""
    if isinstance(s, str):
        data = s.encode()
    elif isinstance(s, (bytes, bytearray, memoryview)):
        data = bytes(s)
    else:
        raise TypeError('object with buffer protocol required')
    try:
        return _parse(data)
    except (_Fail, IndexError):
        pass
    raise ValueError('syntax error in JSON')


def load(stream):
    """Read ``stream`` to its end and parse it as JSON."""
    if not hasattr(stream, 'read'):
        raise OSError('stream operation not supported')
    return loads(stream.read())
