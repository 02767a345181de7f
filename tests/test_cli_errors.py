"""Whatever the user types, a CLI error is one line and exit code 2, never a traceback."""

from __future__ import annotations

import pytest

from coach.cli import main


def run(capsys, *argv):
    code = main(["--data-dir", str(run.tmp), *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture(autouse=True)
def _folder(tmp_path):
    run.tmp = tmp_path


@pytest.mark.parametrize("argv", [
    ["apps", "show", "99999999999999999999"],  # beyond SQLite's 64-bit integers
    ["apps", "show", str(2**63)],
    ["apps", "delete", "0"],
    ["log", "list", "12345678901234567890123"],
    ["contacts", "add", "9" * 40, "--name", "A", "--relationship", "ally"],
])
def test_an_impossible_id_is_a_usage_error(capsys, argv):
    with pytest.raises(SystemExit) as exc:
        run(capsys, *argv)
    err = capsys.readouterr().err
    assert exc.value.code == 2 and len(err.strip().splitlines()) == 1, err
    assert "there is no id" in err or "whole number" in err


def test_an_id_in_range_that_does_not_exist_is_not_found(capsys):
    code, _out, err = run(capsys, "apps", "show", str(2**63 - 1))
    assert code == 2 and "no application with id 9223372036854775807" in err


@pytest.mark.parametrize("argv", [
    ["analyze", "--app", "99999999999999999999", "x.wav"],
    ["speak", "99999999999999999999", "--out", "x.wav"],
])
def test_ids_given_as_text_are_checked_the_same_way(capsys, tmp_path, argv):
    code, _out, err = run(capsys, *[str(tmp_path / a) if a == "x.wav" else a for a in argv])
    assert code == 2 and len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err


def test_a_line_break_in_what_the_user_typed_stays_on_the_error_line(capsys, tmp_path):
    code, _out, err = run(capsys, "analyze", str(tmp_path / "a\nb.wav"))
    assert code == 2 and len(err.strip().splitlines()) == 1, err
    assert "a\\nb.wav" in err
    run(capsys, "apps", "add", "--company", "Northwind", "--role", "Analyst", "--sent",
        "2026-11-02")
    code, _out, err = run(capsys, "script", "1", "--template", "live\r\nx")
    assert code == 2 and len(err.strip().splitlines()) == 1, err


def test_every_kind_of_line_break_and_terminal_escape_is_escaped(capsys, tmp_path):
    for brk in "\v\f\x1c\x1d\x1e\x85\u2028\u2029\x1b":
        code, _out, err = run(capsys, "analyze", str(tmp_path / f"a{brk}b.wav"))
        assert code == 2 and len(err.strip().splitlines()) == 1, repr(err)
        assert brk not in err
