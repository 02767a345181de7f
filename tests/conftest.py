"""Shared fixtures: a private data folder per test and an in-process CLI runner."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self):
        return json.loads(self.out)


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    d = tmp_path / "data"
    # also set the variable, so nothing can fall back to the real user folder
    monkeypatch.setenv("CALLCOACH_DATA_DIR", str(d))
    return d


@pytest.fixture
def cli(data_dir, capsys):
    """Run `callcoach --data-dir <tmp> ARGS...` in-process; returns code, stdout, stderr."""
    from ui.launch import main

    def run(*args: str, stdin: str | None = None) -> Result:
        import io
        import sys

        old = sys.stdin
        if stdin is not None:
            sys.stdin = io.StringIO(stdin)
        try:
            code = main(["--data-dir", str(data_dir), *args])
        except SystemExit as exc:  # argparse errors
            code = exc.code if isinstance(exc.code, int) else 1
        finally:
            sys.stdin = old
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture
def store(data_dir):
    from coach.paths import data_dir as resolve
    from coach.store import Store

    s = Store.open(resolve(data_dir))
    yield s
    s.close()
