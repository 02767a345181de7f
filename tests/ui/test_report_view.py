"""The report's transcript on screen: punctuated as the recogniser wrote it, with each
finding's words marked and the punctuation after them left outside the mark."""

from __future__ import annotations

import pytest

from ui.widgets.report_view import ReportView, transcript_html

pytestmark = pytest.mark.gui


def report():
    words = [("Hi", ""), ("Dana,", ""), ("um", ","), ("I'm", ""), ("just", ""),
             ("following", ""), ("up", "."), ("How", ""), ("are", ""), ("things", "?")]
    out = []
    for i, (text, after) in enumerate(words):
        w = {"text": text.rstrip(","), "start": i * 0.5, "end": i * 0.5 + 0.4,
             "filler": text == "um"}
        after = "," if text.endswith(",") else after
        if after:
            w["after"] = after
        out.append(w)
    return {"schema": 1, "duration_s": 6.0, "engine": "test", "words": out,
            "findings": [
                {"kind": "filler", "text": "um", "start": 1.0, "end": 1.4,
                 "message": "A filled pause."},
                {"kind": "weak_phrase", "text": "i'm just following up", "start": 1.5,
                 "end": 3.4, "message": "About you.", "suggestion": "Ask about them."}],
            "lines": [], "metrics": {}}


def test_the_transcript_reads_as_sentences_and_marks_stop_before_the_punctuation():
    html, tips = transcript_html(report())
    assert "Hi Dana, <a href='f0' style='font-weight:bold'>um</a>, " in html
    assert ">I&#x27;m just following up</a>. How are things?" in html
    assert set(tips) == {"f0", "f1"}


def test_a_report_kept_before_punctuation_was_kept_shows_its_words(qtbot):
    old = report()
    for w in old["words"]:
        w.pop("after", None)
    view = ReportView()
    qtbot.addWidget(view)
    view.show_report(old)
    assert "Hi Dana um I'm just following up How are things" in view.transcript.toPlainText()
