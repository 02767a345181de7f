"""File ▸ Export… and the self-test."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.gui


def test_export_builds_the_pages_document(window, sample, tmp_path):
    window.state.select(sample.id)
    window.go("script")
    out = tmp_path / "cards.pdf"
    window.documents.export_to(out)
    assert out.read_bytes().startswith(b"%PDF") and out.stat().st_size > 1000
    assert "Saved" in window.messages.label.text()
    window.go("advice")
    md = tmp_path / "sheet.md"
    window.documents.export_to(md)
    assert "Northwind" in md.read_text()
    assert window.documents.print_action.shortcut().toString() == "Ctrl+P"


def test_report_without_takes_says_so(window, sample, tmp_path):
    window.state.select(sample.id)
    window.go("history")
    out = tmp_path / "report.pdf"
    window.documents.export_to(out)
    assert not out.exists()
    assert window.messages.isVisible() and window.messages.label.text()


def test_nothing_to_print_on_settings(window, sample, tmp_path):
    window.state.select(sample.id)
    window.go("settings")
    window.documents.export_to(tmp_path / "x.pdf")
    assert "nothing to print" in window.messages.label.text()


def test_self_test_passes(capsys):
    from ui.app import asset, self_test

    assert asset("selftest.wav").is_file()
    assert self_test() == 0
    assert "self-test passed" in capsys.readouterr().out
