"""Exports are written whole or not at all."""

import pytest

from coach.files import copy_atomic, write_atomic


def test_write_keeps_line_ends_and_replaces(tmp_path):
    out = tmp_path / "f.ics"
    out.write_text("old")
    write_atomic(out, "A\r\nB\r\n")
    assert out.read_bytes() == b"A\r\nB\r\n"
    assert [p.name for p in tmp_path.iterdir()] == ["f.ics"]


def test_a_failed_copy_leaves_the_old_file_and_no_temporary(tmp_path):
    dest = tmp_path / "take.wav"
    dest.write_bytes(b"keep me")
    with pytest.raises(FileNotFoundError):
        copy_atomic(tmp_path / "missing.wav", dest)
    assert dest.read_bytes() == b"keep me"
    assert [p.name for p in tmp_path.iterdir()] == ["take.wav"]
    src = tmp_path / "src.wav"
    src.write_bytes(b"RIFF....")
    copy_atomic(src, dest)
    assert dest.read_bytes() == b"RIFF...."
