"""A pytest plugin for ``terakoya lessons test``: which "I can" statements each test is
evidence for, and whether it passed, written as JSON to the file named by
``TERAKOYA_RESULTS`` when the run ends. Loaded with ``-p terakoya.curriculum.learner_plugin``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

RESULTS_ENV = "TERAKOYA_RESULTS"
_criteria: dict[str, list[int]] = {}  # test id -> the criteria it is evidence for
_outcomes: dict[str, str] = {}  # test id -> "passed", "failed" or "skipped"
_broken: list[str] = []  # test files that could not be read (the lesson's own fault)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "criterion(n, ...): evidence for \"I can\" statement n")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        numbers = [n for mark in item.iter_markers("criterion") for n in mark.args]
        _criteria[item.nodeid] = sorted(set(numbers))


def pytest_collectreport(report: pytest.CollectReport) -> None:
    if report.failed:
        _broken.append(report.nodeid or "?")


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.failed:
        _outcomes[report.nodeid] = "failed"  # in setup, the test or teardown
    elif report.skipped:
        _outcomes.setdefault(report.nodeid, "skipped")
    elif report.when == "call":
        _outcomes.setdefault(report.nodeid, "passed")


def pytest_sessionfinish(session: pytest.Session) -> None:
    target = os.environ.get(RESULTS_ENV)
    if not target:
        return
    tests = [{"test": nodeid, "criteria": numbers, "outcome": _outcomes.get(nodeid, "failed")}
             for nodeid, numbers in _criteria.items()]
    Path(target).write_text(json.dumps({"tests": tests, "broken": _broken}), encoding="utf-8")
