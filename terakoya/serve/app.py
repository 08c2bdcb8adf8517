"""The classroom web app (Starlette): the join page, the pupil's page, the teacher's page, and
their WebSockets. Every asset is served from this package; nothing is fetched from elsewhere.

Who may do what: the join form takes the class code and a nickname and gives the browser a
session cookie; every page, program, download and socket of a pupil needs that cookie and
reaches only that pupil's work and board. The teacher's page needs the teacher's key, which
only the terminal that started the server shows. Bodies and socket messages have size limits.

The pupil's socket (``/ws``), JSON both ways. The page sends ``{"t": ...}``: ``open`` (a
program by name: ``blank`` or a lesson id), ``save`` and ``run`` (with the program's
``text``), ``stop``, ``pause`` (``on``), ``speed``, ``hold`` (a button or pin: ``id``,
``down``), ``set`` (a sensor slider: ``id``, ``value``), ``gesture``, ``type`` (a line to the
serial port) and ``lesson_test``. The server sends ``{"t": "batch", "items": [...]}``, one
batch per frame of the board at most: ``program``, ``saved``, ``problem``, ``started`` (the
board's controls, from the window's controller), ``display`` (the LEDs, and in words),
``values``, ``serial``, ``caption``, ``tone``/``effect``/``say`` (sounds), ``log`` (a data log
row), ``error`` (with the plain explanation), ``findings`` (``terakoya check``), ``ended``,
``note`` (the network's words), ``page`` (a board's own web page), ``flashing``, ``radio``,
``lesson_test`` and ``teacher_stopped``. The teacher's socket (``/ws/teacher``) gets the class
(``classroom.snapshot``) each second and sends ``stop_all``, ``radio`` and ``deploy``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
import time
from pathlib import Path
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.websockets import WebSocket, WebSocketDisconnect

from .classroom import PUPIL_COOKIE, Classroom, Pupil
from .lessons import lesson_files, lesson_kind, lesson_list, starter_text
from .store import MAX_PROGRAM_BYTES, PROGRAM_NAME, StoreError
from .words import language_of, page_words, plain, word

STATIC = Path(__file__).resolve().parent / "static"
TEACHER_COOKIE = "terakoya_teacher"
LANG_COOKIE = "terakoya_lang"
MAX_FORM_BYTES = 2048
MAX_BODY_BYTES = MAX_PROGRAM_BYTES + 4096
MAX_SOCKET_MESSAGE = MAX_PROGRAM_BYTES * 2 + 4096  # a program as JSON, escapes and all
SOCKET_BACKLOG = 120  # batches waiting for a slow tablet before the unimportant ones are dropped
TEACHER_EVERY_S = 1.0
MAX_PAGES = 4  # pages one pupil may have open at once
SWEEP_EVERY_S = 60.0
KEPT = {"started", "ended", "error", "findings", "program", "saved", "problem", "radio",
        "published", "flashing", "lesson_test", "lesson_testing", "teacher_stopped"}
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; connect-src 'self' ws: wss:; "
                               "img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                               "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
log = logging.getLogger("terakoya.serve")


class TooLarge(Exception):
    pass


def create_app(classroom: Classroom, join_url: str = "") -> Starlette:
    """The web app for ``classroom``; ``join_url`` is the address the teacher's page shows."""
    def bind(handler, **extra):  # type: ignore[no-untyped-def]
        async def endpoint(connection):  # type: ignore[no-untyped-def]
            return await handler(connection, classroom, **extra)
        return endpoint

    routes = [
        Route("/", bind(join_page)),
        Route("/join", bind(join), methods=["POST"]),
        Route("/pupil", bind(pupil_page)),
        Route("/api/state", bind(pupil_state)),
        Route("/api/program/{name}", bind(program), methods=["GET", "PUT"]),
        Route("/download/{name}.py", bind(download_py)),
        Route("/download/{name}.hex", bind(download_hex)),
        Route("/teacher", bind(teacher_page, join_url=join_url)),
        Route("/api/class", bind(class_state)),
        Route("/teacher/program", bind(pupil_program)),
        WebSocketRoute("/ws", bind(pupil_socket)),
        WebSocketRoute("/ws/teacher", bind(teacher_socket)),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):  # type: ignore[no-untyped-def]
        sweeper = asyncio.create_task(_sweep(classroom))
        yield
        sweeper.cancel()
        classroom.pages.close()
        classroom.close()  # every board process ends with the server

    app = Starlette(routes=routes, lifespan=lifespan)
    return Guard(app, classroom)  # type: ignore[return-value]


async def _sweep(classroom: Classroom) -> None:
    while True:
        await asyncio.sleep(SWEEP_EVERY_S)
        closed = await asyncio.to_thread(classroom.sweep, time.time())
        if closed:
            log.info("%d boards closed: their pages were gone a long time", closed)


class Guard:
    """Around every HTTP request: a body over ``MAX_BODY_BYTES`` is refused before it is read,
    and every answer carries the security headers (this site's scripts only, no framing)."""

    def __init__(self, app: Starlette, classroom: Classroom):
        self.app, self.classroom = app, classroom

    async def __call__(self, scope, receive, send) -> None:  # type: ignore[no-untyped-def]
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        size = dict(scope["headers"]).get(b"content-length", b"0")
        if not size.isdigit() or int(size) > MAX_BODY_BYTES:
            text = word("too_large_request", language_of(None, self.classroom.lang))
            await Response(text, status_code=413, headers=SECURITY_HEADERS)(scope, receive, send)
            return
        static = scope["path"].startswith("/static/")
        extra = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()
                 if not (static and k == "Cache-Control")]
        if static:
            extra.append((b"cache-control", b"max-age=3600"))

        async def with_headers(message):  # type: ignore[no-untyped-def]
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        await self.app(scope, receive, with_headers)


# -- helpers -------------------------------------------------------------------------------------
def lang_of(request: Request | WebSocket, classroom: Classroom) -> str:
    chosen = request.cookies.get(LANG_COOKIE)
    if classroom.lang is None and chosen in ("en", "ja"):
        return chosen
    return language_of(request.headers.get("accept-language"), classroom.lang)


def template(name: str, lang: str, **values: str) -> HTMLResponse:
    """A page of static/, with ``{{word}}`` filled from the word table (or ``values``)."""
    text = (STATIC / name).read_text(encoding="utf-8")
    table = page_words(lang) | values | {"lang": lang}
    filled = re.sub(r"\{\{(\w+)\}\}", lambda m: table.get(m.group(1), m.group(0)), text)
    return HTMLResponse(filled)


async def read_limited(request: Request, limit: int) -> bytes:
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise TooLarge
    return body


def same_origin(headers) -> bool:  # type: ignore[no-untyped-def]
    """A socket opened by a page of this server (not by another site in the pupil's browser)."""
    origin = headers.get("origin")
    if origin is None:
        return True  # not a browser (a test client, a tool)
    host = headers.get("host", "")
    return re.sub(r"^https?://", "", origin) == host


def the_pupil(request: Request | WebSocket, classroom: Classroom) -> Pupil | None:
    return classroom.pupil_for(request.cookies.get(PUPIL_COOKIE))


def refused(key: str, lang: str, status: int) -> JSONResponse:
    return JSONResponse({"problem": key, "text": word(key, lang)}, status_code=status)


# -- joining -------------------------------------------------------------------------------------
async def join_page(request: Request, classroom: Classroom, problem: str = "",
                    status: int = 200) -> Response:
    lang = lang_of(request, classroom)
    if not problem and the_pupil(request, classroom) is not None:
        return RedirectResponse("/pupil", status_code=303)
    shown = f'<p class="problem" role="alert">{word(problem, lang)}</p>' if problem else ""
    page = template("join.html", lang, problem=shown,
                    code_mode="numeric" if classroom.code.isdigit() else "text")
    page.status_code = status
    return page


async def join(request: Request, classroom: Classroom) -> Response:
    lang = lang_of(request, classroom)
    try:
        form = parse_qs((await read_limited(request, MAX_FORM_BYTES)).decode("utf-8", "replace"))
    except TooLarge:
        return await join_page(request, classroom, "too_large_request", 413)
    code = form.get("code", [""])[0]
    nickname = form.get("nickname", [""])[0]
    address = request.client.host if request.client else "?"
    token, problem = classroom.join(code, nickname, address)
    if token is None:
        status = {"wrong_code": 403, "too_many_tries": 429, "class_full": 403,
                  "nickname_in_use": 409}.get(problem or "", 400)
        return await join_page(request, classroom, problem or "bad_nickname", status)
    response = RedirectResponse("/pupil", status_code=303)
    response.set_cookie(PUPIL_COOKIE, token, httponly=True, samesite="strict")
    log.info("%s joined", classroom.pupil_for(token).nickname)  # type: ignore[union-attr]
    del lang
    return response


# -- the pupil's page and work ---------------------------------------------------------------------
async def pupil_page(request: Request, classroom: Classroom) -> Response:
    pupil = the_pupil(request, classroom)
    if pupil is None:
        return RedirectResponse("/", status_code=303)
    lang = lang_of(request, classroom)
    return template("pupil.html", lang, words=json.dumps(page_words(lang), ensure_ascii=False)
                    .replace("</", "<\\/"))


async def pupil_state(request: Request, classroom: Classroom) -> Response:
    pupil = the_pupil(request, classroom)
    lang = lang_of(request, classroom)
    if pupil is None:
        return refused("need_join", lang, 401)
    return JSONResponse({"nickname": pupil.nickname, "lang": lang, "program": pupil.program,
                         "programs": classroom.store.programs(pupil.nickname),
                         "lessons": lesson_list(lang), "radio": classroom.radio.on,
                         "language_fixed": classroom.lang is not None})


def open_program(classroom: Classroom, pupil: Pupil, name: str) -> str:
    """The pupil's copy of a program (a lesson's starter the first time)."""
    if not PROGRAM_NAME.match(name):
        raise StoreError("bad_program_name")
    text = classroom.store.load(pupil.nickname, name)
    if text is None:
        text = starter_text(name)
        if text is None:
            raise StoreError("bad_program_name")
    return text


async def program(request: Request, classroom: Classroom) -> Response:
    pupil = the_pupil(request, classroom)
    lang = lang_of(request, classroom)
    if pupil is None:
        return refused("need_join", lang, 401)
    name = request.path_params["name"]
    try:
        if request.method == "GET":
            return JSONResponse({"program": name, "text": open_program(classroom, pupil, name)})
        body = await read_limited(request, MAX_PROGRAM_BYTES)
        classroom.store.save(pupil.nickname, name, body.decode("utf-8", "replace"))
    except TooLarge:
        return refused("too_big", lang, 413)
    except StoreError as problem:
        status = {"too_big": 413, "too_many": 403}.get(problem.key, 404)
        return refused(problem.key, lang, status)
    except OSError as problem:
        log.warning("%s's program was not saved: %s", pupil.nickname, problem)
        return refused("save_failed", lang, 507)
    return JSONResponse({"saved": name})


def _download_text(request: Request, classroom: Classroom) -> tuple[str, str] | Response:
    pupil = the_pupil(request, classroom)
    lang = lang_of(request, classroom)
    if pupil is None:
        return refused("need_join", lang, 401)
    name = request.path_params["name"]
    try:
        return name, open_program(classroom, pupil, name)
    except StoreError as problem:
        return refused(problem.key, lang, 404)


async def download_py(request: Request, classroom: Classroom) -> Response:
    found = _download_text(request, classroom)
    if isinstance(found, Response):
        return found
    name, text = found
    return Response(text, media_type="text/x-python; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="{name}.py"'})


async def download_hex(request: Request, classroom: Classroom) -> Response:
    found = _download_text(request, classroom)
    if isinstance(found, Response):
        return found
    name, text = found
    from ..host_tools.flash import FlashError, build_hex

    if lesson_kind(name) != "microbit":
        return refused("hex_microbit_only", lang_of(request, classroom), 404)
    try:
        hex_text = await asyncio.to_thread(build_hex, {"main.py": text.encode("utf-8") or b"\n"})
    except (FlashError, OSError) as problem:
        log.warning("no hex for %s: %s", name, problem)
        return refused("hex_failed", lang_of(request, classroom), 500)
    return Response(hex_text, media_type="application/octet-stream", headers={
        "Content-Disposition": f'attachment; filename="{name}.hex"'})


# -- the pupil's socket ---------------------------------------------------------------------
async def pupil_socket(socket: WebSocket, classroom: Classroom) -> None:
    if not same_origin(socket.headers):  # another site's page in the pupil's browser
        await socket.close(code=4403)
        return
    pupil = the_pupil(socket, classroom)
    if pupil is None or len(pupil.sockets) >= MAX_PAGES:
        await socket.accept()  # then closed with a code the page understands: join again
        await socket.close(code=4401 if pupil is None else 4429)
        return
    lang = lang_of(socket, classroom)
    await socket.accept()
    outbox: asyncio.Queue[list[dict]] = asyncio.Queue()
    loop = asyncio.get_running_loop()

    def send(batch: list[dict]) -> None:  # called from the board's thread
        loop.call_soon_threadsafe(_queue, outbox, batch)

    pupil.sockets.add(send)
    host = (socket.headers.get("host") or "127.0.0.1").rsplit(":", 1)[0]
    writer = asyncio.create_task(_write(socket, outbox, classroom.pages, pupil.nickname, host))
    if pupil.board is not None:
        pupil.board.submit("hello")
    send([{"t": "radio", "on": classroom.radio.on}])
    try:
        while True:
            text = await socket.receive_text()
            if len(text) > MAX_SOCKET_MESSAGE:
                send([{"t": "problem", "key": "too_big", "text": word("too_big", lang)}])
                continue
            try:
                message = json.loads(text)
            except ValueError:
                continue
            if isinstance(message, dict):
                await _from_pupil(classroom, pupil, message, lang, send)
    except WebSocketDisconnect:
        pass
    finally:
        pupil.sockets.discard(send)
        if not pupil.sockets:
            pupil.left_at = time.time()
        writer.cancel()
        if pupil.board is not None and not pupil.sockets:
            pupil.board.release_all()  # a tablet gone mid-press lets go of the button


def _queue(outbox: asyncio.Queue, batch: list[dict]) -> None:
    if outbox.qsize() > SOCKET_BACKLOG:
        batch = [item for item in batch if item.get("t") in KEPT]
        if not batch:
            return
    outbox.put_nowait(batch)


async def _write(socket: WebSocket, outbox: asyncio.Queue, pages, nickname: str,  # type: ignore[no-untyped-def]
                 host: str) -> None:
    try:
        while True:
            batch = await outbox.get()
            for n, item in enumerate(batch):
                if item.get("t") == "published":  # the board's web page, on a port of ours
                    port = await pages.open(nickname, item["door"])
                    batch[n] = {"t": "page", "url": f"http://{host}:{port}/"}
            await socket.send_text(json.dumps({"t": "batch", "items": batch}))
    except Exception as problem:  # the socket closed under it: the reader ends the rest
        log.debug("a page's socket closed (%s)", problem)


async def _from_pupil(classroom: Classroom, pupil: Pupil, message: dict, lang: str,
                      send) -> None:  # type: ignore[no-untyped-def]
    """What a pupil's page asks; disk writes and starting a board run off the event loop, so
    one pupil's Run never holds up the others' pages."""
    kind = message.get("t")
    save = classroom.store.save
    try:
        if kind == "open":
            name = str(message.get("program", ""))
            text = open_program(classroom, pupil, name)
            pupil.program = name
            send([{"t": "program", "program": name, "text": text}])
        elif kind in ("save", "run"):
            name = str(message.get("program", pupil.program))
            classroom.store.path(pupil.nickname, name)  # a program name it may have
            pupil.program = name
            if "text" in message:
                await asyncio.to_thread(save, pupil.nickname, name, str(message["text"]))
                send([{"t": "saved", "program": name}])
            if kind == "run":
                if classroom.store.load(pupil.nickname, name) is None:
                    await asyncio.to_thread(save, pupil.nickname, name,
                                            open_program(classroom, pupil, name))
                board = await asyncio.to_thread(classroom.board_of, pupil, lang)
                board.submit("run")
        elif kind == "lesson_test":
            _lesson_test(classroom, pupil, message, lang, send)
        elif kind in ("stop", "pause", "speed", "hold", "set", "gesture", "type"):
            if pupil.board is not None:
                values = {k: v for k, v in message.items() if k in ("on", "speed", "id", "down",
                                                                     "value", "text")}
                pupil.board.submit(kind, **values)
    except StoreError as problem:
        send([{"t": "problem", "key": problem.key, "text": word(problem.key, lang)}])
    except OSError as problem:  # a full disk, a folder it may not write
        log.warning("%s's program was not saved: %s", pupil.nickname, problem)
        send([{"t": "problem", "key": "save_failed", "text": word("save_failed", lang)}])


def _lesson_test(classroom: Classroom, pupil: Pupil, message: dict, lang: str, send) -> None:  # type: ignore[no-untyped-def]
    """The lesson's tests on the pupil's saved program, in a thread (they take seconds)."""
    import threading

    from .lesson_tests import run_lesson_test

    name = str(message.get("program", pupil.program))
    if name == "blank" or not PROGRAM_NAME.match(name) or starter_text(name) is None:
        raise StoreError("no_lesson_tests")
    pupil.program = name
    if "text" in message:
        classroom.store.save(pupil.nickname, name, str(message["text"]))
    if not classroom.store.path(pupil.nickname, name).exists():
        classroom.store.save(pupil.nickname, name, open_program(classroom, pupil, name))
    classroom.store.add_files(pupil.nickname, name, lesson_files(name))
    path = classroom.store.program_folder(pupil.nickname, name)  # main.py and its modules
    if name in pupil.testing:
        return
    pupil.testing.add(name)

    def test() -> None:
        try:
            found = run_lesson_test(name, path, lang)
            pupil.criteria[name] = found
            pupil.broadcast([{"t": "lesson_test", "program": name, **found}])
        finally:
            pupil.testing.discard(name)

    send([{"t": "lesson_testing", "program": name}])
    threading.Thread(target=test, daemon=True).start()


# -- the teacher --------------------------------------------------------------------------------
async def teacher_page(request: Request, classroom: Classroom, join_url: str) -> Response:
    lang = lang_of(request, classroom)
    key = request.query_params.get("key")
    if key is not None:
        token = classroom.teacher_login(key)
        if token is None:
            return HTMLResponse(word("teacher_key_wrong", lang), status_code=403)
        response = RedirectResponse("/teacher", status_code=303)
        response.set_cookie(TEACHER_COOKIE, token, httponly=True, samesite="strict")
        return response
    if not classroom.is_teacher(request.cookies.get(TEACHER_COOKIE)):
        return HTMLResponse(word("teacher_key_wrong", lang), status_code=403)
    import html

    import segno

    qr = segno.make(join_url or "http://127.0.0.1/", error="m").svg_data_uri(scale=4)
    return template("teacher.html", lang, join_at=word("join_at", lang, url=html.escape(join_url),
                                                          code=classroom.code),
                    qr=qr, join_url=html.escape(join_url), code=classroom.code,
                    words=json.dumps(page_words(lang), ensure_ascii=False).replace("</", "<\\/"))


async def class_state(request: Request, classroom: Classroom) -> Response:
    if not classroom.is_teacher(request.cookies.get(TEACHER_COOKIE)):
        return refused("teacher_key_wrong", lang_of(request, classroom), 403)
    return JSONResponse({"pupils": classroom.snapshot(), "radio": classroom.radio.on})


async def pupil_program(request: Request, classroom: Classroom) -> Response:
    """A pupil's open program, for the teacher helping them (read only, as plain text)."""
    if not classroom.is_teacher(request.cookies.get(TEACHER_COOKIE)):
        return refused("teacher_key_wrong", lang_of(request, classroom), 403)
    pupil = classroom.pupils.get(request.query_params.get("pupil", ""))  # a name, not a path
    if pupil is None:
        return refused("bad_program_name", lang_of(request, classroom), 404)
    text = classroom.store.load(pupil.nickname, pupil.program)
    if text is None:
        text = starter_text(pupil.program) or ""
    return Response(text, media_type="text/plain; charset=utf-8")


async def teacher_socket(socket: WebSocket, classroom: Classroom) -> None:
    if not classroom.is_teacher(socket.cookies.get(TEACHER_COOKIE)) or \
            not same_origin(socket.headers):
        await socket.close(code=4403)
        return
    await socket.accept()

    async def tell() -> None:
        while True:
            await socket.send_text(json.dumps({"t": "class", "pupils": classroom.snapshot(),
                                               "radio": classroom.radio.on}))
            await asyncio.sleep(TEACHER_EVERY_S)

    teller = asyncio.create_task(tell())
    try:
        while True:
            message = json.loads(await socket.receive_text())
            if not isinstance(message, dict):
                continue
            if message.get("t") == "stop_all":
                classroom.stop_all()
                _tell_pupils(classroom, {"t": "teacher_stopped"})
            elif message.get("t") == "deploy":
                asyncio.create_task(_deploy(socket, classroom, str(message.get("pupil")),
                                            lang_of(socket, classroom)))
            elif message.get("t") == "radio":
                classroom.radio.on = bool(message.get("on"))
                _tell_pupils(classroom, {"t": "radio", "on": classroom.radio.on})
    except (WebSocketDisconnect, ValueError):
        pass
    finally:
        teller.cancel()


async def _deploy(socket: WebSocket, classroom: Classroom, nickname: str, lang: str) -> None:
    """A pupil's open program to the board on the server's USB, then a word for the teacher."""
    from .deploy import deploy_program

    pupil = classroom.pupils.get(nickname)  # a name looked up, never a path
    if pupil is None:
        return
    text = classroom.store.load(pupil.nickname, pupil.program)
    if text is None:
        text = starter_text(pupil.program) or ""
    files = {name: data for name, data in lesson_files(pupil.program).items()
             if name.endswith(".py")} | {"main.py": text.encode("utf-8")}
    await socket.send_text(json.dumps({"t": "said", "text": plain("deploying", lang,
                                                                  nickname=nickname)}))
    done, said = await asyncio.to_thread(deploy_program, files, lang, classroom.find_ports,
                                         classroom.open_board)
    log.info("deploy of %s's %s: %s", nickname, pupil.program, said)
    await socket.send_text(json.dumps({"t": "said", "text": said, "done": done}))


def _tell_pupils(classroom: Classroom, item: dict) -> None:
    for pupil in list(classroom.pupils.values()):
        pupil.broadcast([item])
