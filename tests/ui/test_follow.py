"""While recording, the script follows the voice: the next line to say is marked and kept
in view, driven by the live transcript's "line" events."""

import pytest

pytestmark = pytest.mark.gui


def test_panel_marks_the_next_line_after_the_last_heard(qtbot):
    from ui.widgets.record_panel import RecordPanel

    panel = RecordPanel()
    qtbot.addWidget(panel)
    panel.resize(500, 200)
    panel.show()
    lines = [f"Line number {i} of the script, long enough to fill the view." for i in range(12)]
    panel.show_script(lines, None)
    assert panel.lines_view.extraSelections() == []
    panel.follow(0)
    marks = panel.lines_view.extraSelections()
    assert marks[0].cursor.selectedText().strip() == lines[1]
    panel.follow(9)
    marks = panel.lines_view.extraSelections()
    assert marks[0].cursor.selectedText().strip() == lines[10]
    assert panel.lines_view.verticalScrollBar().value() > 0  # scrolled down to it
    panel.show_script(lines, None)  # a new take starts unmarked
    assert panel.lines_view.extraSelections() == []


def test_session_takes_line_events_without_a_cue(tmp_path):
    from coach.analysis.live import LiveEvent
    from coach.speech.record import WavSource
    from tests.conftest import REPO
    from ui.take_session import TakeSession

    source = WavSource(REPO / "tests" / "fixtures" / "hello_take.wav", paced=False)
    session = TakeSession(tmp_path / "t.wav", ["Hi Dana.", "How are you?"], source=source)
    session._on_event(LiveEvent("line", 0.0, 1.0, line=1))
    assert session.line == 1 and session.current_cue() == ""
