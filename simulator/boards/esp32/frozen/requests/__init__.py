"""requests: HTTP requests the way CPython's requests package looks (micropython-lib's
requests, as frozen into the MicroPython 1.23 ESP32 firmware).

One request per connection: an HTTP/1.0 request with ``Connection: close``, the response
read until the server closes.  What the firmware's version does, this one does:

- ``https://`` imports the firmware's ``tls`` module (an ImportError where there is none)
  and wraps the socket without checking the server's certificate;
- a chunked response is refused (``ValueError: Unsupported Transfer-Encoding: chunked``);
- 301, 302 and 303 are followed with a GET, 307 and 308 with the same method and body (the
  redirected request keeps only the headers and the stream flag); other redirects raise
  NotImplementedError;
- ``auth`` adds an Authorization header to the headers dict given (or to the shared
  default one);
- ``reason`` is bytes (``b'OK'``), or ``''`` when the server gave none;
- ``parse_headers``: True makes ``headers`` a dict, False none, a function
  ``f(line, headers)`` sees each raw header line.
"""

import socket


class Response:
    """status_code, reason, headers (see parse_headers), and the body through ``raw``, the
    connected socket (None once the body was read or close() was called)."""

    def __init__(self, f):
        self.raw = f
        self.encoding = 'utf-8'
        self._cached = None

    def close(self):
        if self.raw:
            self.raw.close()
            self.raw = None
        self._cached = None

    @property
    def content(self):
        """The body as bytes; the first use reads it and closes the connection."""
        if self._cached is None:
            try:
                self._cached = self.raw.read()
            finally:
                self.raw.close()
                self.raw = None
        return self._cached

    @property
    def text(self):
        return str(self.content, self.encoding)

    def json(self):
        import json
        return json.loads(self.content)


def _split_url(url):
    """(scheme such as 'http:', host, port, path without its leading '/')."""
    try:
        proto, _, host, path = url.split('/', 3)
    except ValueError:
        proto, _, host = url.split('/', 2)
        path = ''
    if proto == 'http:':
        port = 80
    elif proto == 'https:':
        import tls
        port = 443
    else:
        raise ValueError('Unsupported protocol: ' + proto)
    if ':' in host:
        host, port = host.split(':', 1)
        port = int(port)
    return proto, host, port, path


def _open(host, port, timeout):
    """A stream socket for host:port (not yet connected) and the address to connect to."""
    info = socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM)[0]
    s = socket.socket(info[0], socket.SOCK_STREAM, info[2])
    if timeout is not None:
        s.settimeout(timeout)  # (AttributeError on a port whose sockets have no timeout)
    return s, info[-1]


def _secure(s, host):
    """The socket wrapped in TLS, the server's certificate not checked."""
    import tls
    context = tls.SSLContext(tls.PROTOCOL_TLS_CLIENT)
    context.verify_mode = tls.CERT_NONE
    return context.wrap_socket(s, server_hostname=host)


def _send_head(s, method, path, host, headers):
    """The request line, Host (unless the headers name one) and the program's headers."""
    s.write('%s /%s HTTP/1.0\r\n' % (method, path))
    if 'Host' not in headers:
        s.write('Host: %s\r\n' % host)
    for name in headers:
        s.write(name)
        s.write(b': ')
        s.write(headers[name])
        s.write(b'\r\n')


def _end_head(s, data, chunked):
    """How the body is framed, then the blank line."""
    if data:
        if chunked:
            s.write(b'Transfer-Encoding: chunked\r\n')
        else:
            s.write('Content-Length: %d\r\n' % len(data))
    s.write(b'Connection: close\r\n\r\n')


def _send_body(s, data, chunked):
    """The body: at once, or an iterator's pieces each as a chunk."""
    if not chunked:
        s.write(data)
        return
    for chunk in data:
        s.write('%x\r\n' % len(chunk))
        s.write(chunk)
        s.write(b'\r\n')
    s.write(b'0\r\n\r\n')


def _read_status(s):
    """(status code, reason) from the status line."""
    words = s.readline().split(None, 2)
    if len(words) < 2:
        raise ValueError('HTTP error: BadStatusLine:\n%s' % words)
    reason = words[2].rstrip() if len(words) > 2 else ''
    return int(words[1]), reason


def _read_headers(s, status, parse_headers, found):
    """Read the header lines into ``found`` as parse_headers says; the redirect URL or None."""
    redirect = None
    while True:
        line = s.readline()
        if not line or line == b'\r\n':
            return redirect
        if line.startswith(b'Transfer-Encoding:'):
            if b'chunked' in line:
                raise ValueError('Unsupported ' + str(line, 'utf-8'))
        elif line.startswith(b'Location:') and not 200 <= status <= 299:
            if status in (301, 302, 303, 307, 308):
                redirect = str(line[10:-2], 'utf-8')
            else:
                raise NotImplementedError('Redirect %d not yet supported' % status)
        if parse_headers is True:
            name, value = str(line, 'utf-8').split(':', 1)
            found[name] = value.strip()
        elif parse_headers is not False:
            parse_headers(line, found)


def _basic_auth(headers, auth):
    import binascii
    username, password = auth
    token = binascii.b2a_base64('{}:{}'.format(username, password).encode())[:-1]
    headers['Authorization'] = 'Basic {}'.format(str(token, 'ascii'))


def request(method, url, data=None, json=None, headers={}, stream=None, auth=None,
            timeout=None, parse_headers=True):
    """Send one request and read the response's status line and headers; the body is read
    when the program asks for ``content``, ``text`` or ``json()``."""
    # an iterator without a length (a generator) is sent in chunks
    chunked = data and getattr(data, '__next__', None) and not getattr(data, '__len__', None)
    if auth is not None:
        _basic_auth(headers, auth)
    proto, host, port, path = _split_url(url)
    s, address = _open(host, port, timeout)
    found = None if parse_headers is False else {}
    try:
        s.connect(address)
        if proto == 'https:':
            s = _secure(s, host)
        _send_head(s, method, path, host, headers)
        if json is not None:
            assert data is None
            from json import dumps
            data = dumps(json)
            s.write(b'Content-Type: application/json\r\n')
        _end_head(s, data, chunked)
        if data:
            _send_body(s, data, chunked)
        status, reason = _read_status(s)
        redirect = _read_headers(s, status, parse_headers, found)
    except OSError:
        s.close()
        raise
    if redirect:
        s.close()
        if status in (301, 302, 303):
            return request('GET', redirect, None, None, headers, stream)
        return request(method, redirect, data, json, headers, stream)
    resp = Response(s)
    resp.status_code = status
    resp.reason = reason
    if found is not None:
        resp.headers = found
    return resp


def head(url, **kw):
    return request('HEAD', url, **kw)


def get(url, **kw):
    return request('GET', url, **kw)


def post(url, **kw):
    return request('POST', url, **kw)


def put(url, **kw):
    return request('PUT', url, **kw)


def patch(url, **kw):
    return request('PATCH', url, **kw)


def delete(url, **kw):
    return request('DELETE', url, **kw)
