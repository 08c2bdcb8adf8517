"""re: MicroPython's regular expressions for the ESP32 (re1.5 on the board, frozen Python here).

The same small language as the firmware: . [] [^] ranges, * + ? and their lazy forms *? +? ??,
^ $ | ( ) (?:), \\d \\D \\w \\W \\s \\S (also inside []), a backslash before anything else means
that character itself.  There are no {m,n} counts ({ is a plain character), no flags, no named
groups; what the firmware cannot compile is ``ValueError: error in regex``.  Matching works on
the UTF-8 bytes of the subject and backtracks in the order re1.5 does, so the same match wins.

The pattern compiles to a list of instructions run with an explicit backtracking stack; a
repeated single-character test (\\d+, .*, [a-z]*) runs as one instruction.
"""

# instructions: (op, a, b)
_CHAR = 0    # a: byte
_ANY = 1
_CLASS = 2   # a: test function
_SPLIT = 3   # try pc+1 first, then a
_RSPLIT = 4  # try a first, then pc+1
_JMP = 5     # a: target
_SAVE = 6    # a: capture slot
_BOL = 7
_EOL = 8
_MATCH = 9
_RUN = 10    # a: test (None: any byte), b: (min, greedy)

_DIGIT = b'0123456789'
_SPACE = b' \t\n\x0b\x0c\r'
_WORD = b'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_'
_NAMED = {0x64: (_DIGIT, True), 0x44: (_DIGIT, False), 0x73: (_SPACE, True),
          0x53: (_SPACE, False), 0x77: (_WORD, True), 0x57: (_WORD, False)}

_MAX_STACK = 20000


class _Error(Exception):
    pass


def _table(*ranges):
    """A 256-byte lookup table with 1 for each byte in the given (low, high) ranges."""
    t = bytearray(256)
    for lo, hi in ranges:
        t[lo:hi + 1] = b'\x01' * (hi + 1 - lo)
    return t


_T_DIGIT = _table((48, 57))
_T_SPACE = _table((9, 13), (32, 32))
_T_WORD = _table((48, 57), (65, 90), (95, 95), (97, 122))
# \d \D \s \S \w \W: (table, positive?)
_NAMED = {0x64: (_T_DIGIT, 1), 0x44: (_T_DIGIT, 0), 0x73: (_T_SPACE, 1),
          0x53: (_T_SPACE, 0), 0x77: (_T_WORD, 1), 0x57: (_T_WORD, 0)}


def _named(c):
    """The lookup table of \\d, \\D, \\s, \\S, \\w or \\W."""
    table, positive = _NAMED[c]
    if positive:
        return bytes(table)
    return bytes(1 - b for b in table)


def _class_set(pat, i, n):
    """Read a [...] set that starts after '[': (lookup table, index after ']')."""
    positive = True
    if i < n and pat[i] == 0x5E:
        positive = False
        i += 1
    members = bytearray(256)
    while True:
        if i >= n:
            raise _Error
        c = pat[i]
        if c == 0x5D:
            break
        if c == 0x5C:
            i += 1
            c = pat[i] if i < n else 0
            if c in _NAMED:
                table = _named(c)
                for b in range(256):
                    members[b] |= table[b]
                i += 1
                continue
            if not c:
                raise _Error
        hi = c
        if i + 1 < n and pat[i + 1] == 0x2D:
            if i + 2 >= n:
                raise _Error
            if pat[i + 2] != 0x5D:
                hi = pat[i + 2]
                i += 2
        if hi >= c:
            members[c:hi + 1] = b'\x01' * (hi + 1 - c)
        i += 1
    if not positive:
        members = bytes(1 - b for b in members)
    return bytes(members), i + 1


class _Parser:
    """Turns a pattern into a tree: a list of alternatives, each a list of nodes.

    Nodes: ('c', byte), ('set', table or None for '.'), ('bol',), ('eol',),
    ('group', slot or None, alternatives), ('rep', node, op, lazy)."""

    def __init__(self, pat):
        self.pat = pat
        self.n = len(pat)
        self.groups = 0

    def alternatives(self, i):
        pat, n = self.pat, self.n
        alts = []
        seq = []
        last = False  # can a quantifier follow?
        while i < n and pat[i] != 0x29:
            c = pat[i]
            i += 1
            if c in b'*+?':
                if not last:
                    raise _Error
                lazy = i < n and pat[i] == 0x3F
                if lazy:
                    i += 1
                seq[-1] = ('rep', seq[-1], c, lazy)
                last = False
                continue
            last = True
            if c == 0x7C:
                alts.append(seq)
                seq = []
                last = False
            elif c == 0x5E or c == 0x24:
                seq.append(('bol',) if c == 0x5E else ('eol',))
                last = False
            elif c == 0x2E:
                seq.append(('set', None))
            elif c == 0x5B:
                table, i = _class_set(pat, i, n)
                seq.append(('set', table))
            elif c == 0x28:
                seq.append(self.group(i))
                i = self.end
            elif c == 0x5C:
                if i >= n:
                    raise _Error
                c = pat[i]
                i += 1
                seq.append(('set', _named(c)) if c in _NAMED else ('c', c))
            else:
                seq.append(('c', c))
        alts.append(seq)
        return alts, i

    def group(self, i):
        pat = self.pat
        slot = None
        if i + 1 < self.n and pat[i] == 0x3F and pat[i + 1] == 0x3A:
            i += 2
        else:
            self.groups += 1
            slot = self.groups
        alts, i = self.alternatives(i)
        if i >= self.n:
            raise _Error
        self.end = i + 1
        return ('group', slot, alts)


def _emit_alts(alts, code):
    """Append the instructions of a list of alternatives; the first one is tried first."""
    jumps = []
    for alt in alts[:-1]:
        split = len(code)
        code.append([_SPLIT, 0, 0])
        for node in alt:
            _emit(node, code)
        jumps.append(len(code))
        code.append([_JMP, 0, 0])
        code[split][1] = len(code)
    for node in alts[-1]:
        _emit(node, code)
    for j in jumps:
        code[j][1] = len(code)


def _emit(node, code):
    """Append the instructions of one node."""
    kind = node[0]
    if kind == 'c':
        code.append([_CHAR, node[1], 0])
    elif kind == 'set':
        code.append([_ANY, 0, 0] if node[1] is None else [_CLASS, node[1], 0])
    elif kind == 'bol':
        code.append([_BOL, 0, 0])
    elif kind == 'eol':
        code.append([_EOL, 0, 0])
    elif kind == 'group':
        if node[1] is not None:
            code.append([_SAVE, 2 * node[1], 0])
        _emit_alts(node[2], code)
        if node[1] is not None:
            code.append([_SAVE, 2 * node[1] + 1, 0])
    else:
        _emit_repeat(node[1], node[2], node[3], code)


def _emit_repeat(body, op, lazy, code):
    """X* X+ X? and their lazy forms, in re1.5's order of trying."""
    if body[0] in ('c', 'set') and op != 0x3F:
        table = body[1]
        if body[0] == 'c':
            table = bytearray(256)
            table[body[1]] = 1
        code.append([_RUN, table, (1 if op == 0x2B else 0, not lazy)])
        return
    top = len(code)
    if op == 0x2B:
        _emit(body, code)
        code.append([_SPLIT if lazy else _RSPLIT, top, 0])
        return
    code.append([_RSPLIT if lazy else _SPLIT, 0, 0])
    _emit(body, code)
    if op == 0x2A:
        code.append([_JMP, top, 0])
    code[top][1] = len(code)


def _backtrack(stack, caps, s, end):
    """Undo to the newest choice left on the stack: its (pc, sp), or None when none is left."""
    while stack:
        e = stack.pop()
        kind = e[0]
        if kind == 0:
            return e[1], e[2]
        if kind == 1:
            caps[e[1]] = e[2]
        elif kind == 2:  # a greedy run gives back one more byte
            cur = e[3] - 1
            if cur > e[2]:
                stack.append((2, e[1], e[2], cur))
            return e[1], cur
        else:  # a lazy run takes one more byte, if it can
            cur = e[2]
            table = e[3]
            if cur < end and (table is None or table[s[cur]]):
                stack.append((3, e[1], cur + 1, table))
                return e[1], cur + 1
    return None


def _run(table, lazy_min, s, sp, end):
    """How far a run of bytes in ``table`` (None: any byte) reaches from ``sp``."""
    if table is None:
        return end if lazy_min is None else min(end, sp + lazy_min)
    limit = end if lazy_min is None else min(end, sp + lazy_min)
    while sp < limit and table[s[sp]]:
        sp += 1
    return sp


def _execute(code, s, sp, end, caps):
    """Run the program from ``sp``; True (and ``caps`` filled in) if it matches."""
    stack = []
    pc = 0
    while True:
        op, a, b = code[pc]
        if op == _CHAR:
            if sp < end and s[sp] == a:
                sp += 1
                pc += 1
                continue
        elif op == _CLASS:
            if sp < end and a[s[sp]]:
                sp += 1
                pc += 1
                continue
        elif op == _ANY:
            if sp < end:
                sp += 1
                pc += 1
                continue
        elif op == _RUN:
            low, greedy = b
            reach = _run(a, None if greedy else low, s, sp, end)
            if reach - sp >= low:
                if greedy and reach - sp > low:
                    stack.append((2, pc + 1, sp + low, reach))
                elif not greedy:
                    stack.append((3, pc + 1, reach, a))
                sp = reach
                pc += 1
                continue
        elif op == _SPLIT or op == _RSPLIT:
            if len(stack) > _MAX_STACK:
                raise RuntimeError('maximum recursion depth exceeded')
            if op == _SPLIT:
                stack.append((0, a, sp))
                pc += 1
            else:
                stack.append((0, pc + 1, sp))
                pc = a
            continue
        elif op == _JMP:
            pc = a
            continue
        elif op == _SAVE:
            stack.append((1, a, caps[a]))
            caps[a] = sp
            pc += 1
            continue
        elif op == _BOL:
            if sp == 0:
                pc += 1
                continue
        elif op == _EOL:
            if sp == end:
                pc += 1
                continue
        else:
            return True
        resume = _backtrack(stack, caps, s, end)
        if resume is None:
            return False
        pc, sp = resume


def _no_keywords(kw):
    if kw:
        raise TypeError("function doesn't take keyword arguments")


def _subject(string):
    """The bytes a pattern runs over, and whether results are str."""
    if isinstance(string, str):
        return string.encode(), True
    if isinstance(string, (bytes, bytearray)):
        return bytes(string), False
    raise TypeError("can't convert '%s' object to str implicitly" % type(string).__name__)


class _Match:
    """What one successful match found: groups by number, with their spans."""

    def __init__(self, subject, data, is_str, caps):
        self._subject = subject
        self._data = data
        self._is_str = is_str
        self._caps = caps

    def __repr__(self):
        return '<match num=%d>' % (len(self._caps) // 2)

    def _slot(self, n):
        if not isinstance(n, int) or n < 0 or 2 * n >= len(self._caps):
            if not isinstance(n, int):
                raise TypeError("can't convert %s to int" % type(n).__name__)
            raise IndexError(n)
        return self._caps[2 * n], self._caps[2 * n + 1]

    def group(self, n):
        start, stop = self._slot(n)
        if start is None:
            return None
        part = self._data[start:stop]
        return str(part, 'utf-8') if self._is_str else part

    def groups(self):
        return tuple(self.group(n) for n in range(1, len(self._caps) // 2))

    def span(self, n=0):
        start, stop = self._slot(n)
        if start is None:
            return (-1, -1)
        if self._is_str and len(self._data) != len(self._subject):
            return (len(str(self._data[:start], 'utf-8')), len(str(self._data[:stop], 'utf-8')))
        return (start, stop)

    def start(self, n=0):
        return self.span(n)[0]

    def end(self, n=0):
        return self.span(n)[1]


def _template(repl):
    """A replacement string as parts: bytes to copy, or group numbers (\\1, \\g<1>)."""
    data = repl.encode() if isinstance(repl, str) else bytes(repl)
    if b'\\' not in data:
        return [data]
    parts = []
    text = bytearray()
    i, n = 0, len(data)
    while i < n:
        c = data[i]
        i += 1
        if c != 0x5C:
            text.append(c)
            continue
        g_form = i + 1 < n and data[i] == 0x67 and data[i + 1] == 0x3C
        if g_form:
            i += 2
        if i < n and 0x30 <= data[i] <= 0x39:
            num = 0
            while i < n and 0x30 <= data[i] <= 0x39:
                num = num * 10 + data[i] - 0x30
                i += 1
            if g_form and i < n and data[i] == 0x3E:
                i += 1
            parts.append(bytes(text))
            parts.append(num)
            text = bytearray()
        elif i < n and data[i] == 0x5C:
            text.append(0x5C)
            i += 1
    parts.append(bytes(text))
    return parts


class _Regex:
    """A compiled pattern."""

    def __init__(self, pattern):
        if isinstance(pattern, (bytes, bytearray)):
            pat = bytes(pattern)
        elif isinstance(pattern, str):
            pat = pattern.encode()
        else:
            raise TypeError("can't convert '%s' object to str implicitly" % type(pattern).__name__)
        try:
            parser = _Parser(pat)
            alts, i = parser.alternatives(0)
            if i != len(pat):
                raise _Error
        except _Error:
            raise ValueError('error in regex') from None
        code = [[_SAVE, 0, 0]]
        _emit_alts(alts, code)
        code.append([_SAVE, 1, 0])
        code.append([_MATCH, 0, 0])
        self._code = [tuple(ins) for ins in code]
        self._slots = 2 * (parser.groups + 1)
        first = code[1] if len(alts) == 1 and alts[0] else None
        self._first = bytes([first[1]]) if first and first[0] == _CHAR else None

    def __repr__(self):
        return '<re %x>' % id(self)

    def _find(self, data, pos, end, anchored):
        """The capture offsets of the first match at or after ``pos``, or None."""
        code, first = self._code, self._first
        while pos <= end:
            if first is not None and not anchored:
                pos = data.find(first, pos, end)
                if pos < 0:
                    return None
            caps = [None] * self._slots
            if _execute(code, data, pos, end, caps):
                return caps
            if anchored:
                return None
            pos += 1
        return None

    def _exec(self, anchored, string, args):
        data, is_str = _subject(string)
        pos, end = 0, len(data)
        if args:
            pos = min(max(args[0], 0), end)
            if len(args) > 1:
                end = max(min(args[1], end), pos)
        caps = self._find(data, pos, end, anchored)
        return None if caps is None else _Match(string, data, is_str, caps)

    def match(self, string, *args, **kw):
        _no_keywords(kw)
        return self._exec(True, string, args)

    def search(self, string, *args, **kw):
        _no_keywords(kw)
        return self._exec(False, string, args)

    def split(self, string, *args, **kw):
        _no_keywords(kw)
        maxsplit = args[0] if args else 0
        data, is_str = _subject(string)
        pieces = []
        begin, end = 0, len(data)
        while True:
            caps = self._find(data, begin, end, False)
            if caps is None or caps[0] == caps[1]:
                break
            pieces.append(data[begin:caps[0]])
            if self._slots > 2:
                raise NotImplementedError('splitting with sub-captures')
            begin = caps[1]
            maxsplit -= 1
            if maxsplit == 0:
                break
        pieces.append(data[begin:end])
        return [str(p, 'utf-8') for p in pieces] if is_str else pieces

    def sub(self, repl, string, *args, **kw):
        _no_keywords(kw)
        count = args[0] if args else 0
        data, is_str = _subject(string)
        out = None
        begin, end = 0, len(data)
        parts = None if callable(repl) else _template(repl)
        while True:
            caps = self._find(data, begin, end, False)
            if caps is None or caps[0] == caps[1]:
                break
            if out is None:
                out = bytearray()
            out.extend(data[begin:caps[0]])
            if parts is None:
                got = repl(_Match(string, data, is_str, caps))
                if not isinstance(got, (str, bytes)):
                    raise TypeError("can't convert '%s' object to str implicitly"
                                    % type(got).__name__)
                self._fill(out, _template(got), caps, data)
            else:
                self._fill(out, parts, caps, data)
            begin = caps[1]
            count -= 1
            if count == 0:
                break
        if out is None:
            return string
        out.extend(data[begin:end])
        return str(out, 'utf-8') if is_str else bytes(out)

    def _fill(self, out, parts, caps, data):
        for part in parts:
            if type(part) is int:
                if 2 * part >= len(caps):
                    raise IndexError(part)
                if caps[2 * part] is not None:
                    out.extend(data[caps[2 * part]:caps[2 * part + 1]])
            else:
                out.extend(part)


def compile(pattern, flags=0):
    """Compile ``pattern``; ``flags`` is accepted and ignored, as on the board."""
    return pattern if isinstance(pattern, _Regex) else _Regex(pattern)


def match(pattern, string, *args, **kw):
    """Match at the start of ``string`` (pos/endpos only count for a compiled pattern)."""
    _no_keywords(kw)
    if isinstance(pattern, _Regex):
        return pattern._exec(True, string, args)
    return _Regex(pattern)._exec(True, string, ())


def search(pattern, string, *args, **kw):
    """Find the first match anywhere in ``string``."""
    _no_keywords(kw)
    if isinstance(pattern, _Regex):
        return pattern._exec(False, string, args)
    return _Regex(pattern)._exec(False, string, ())


def sub(pattern, repl, string, *args, **kw):
    """Replace matches of ``pattern`` in ``string`` with ``repl`` (a str or a function);
    then a count (0: all) and flags (ignored), by position only."""
    _no_keywords(kw)
    return compile(pattern).sub(repl, string, *args[:1])
