"""History: kept takes plotted per measure, past reports reopened, takes deleted, and the
call-readiness line."""

from __future__ import annotations

import pytest

from coach.models import Take

pytestmark = pytest.mark.gui


def report(wpm, fillers, coverage=1.0, focus=0.7):
    return {"schema": 1, "duration_s": 20.0, "engine": "test",
            "words": [{"text": "Hi", "start": 0.1, "end": 0.3, "filler": False},
                      {"text": "um", "start": 0.5, "end": 0.8, "filler": True},
                      {"text": "Dana", "start": 1.0, "end": 1.4, "filler": False}],
            "findings": [{"kind": "filler", "text": "um", "start": 0.5, "end": 0.8,
                          "message": "A filled pause."}],
            "lines": [{"text": "Hi Dana.", "said": True, "start": 0.1, "end": 1.4}],
            "metrics": {"words_per_minute": wpm, "fillers_per_100_words": fillers,
                        "filler_count": 1, "longest_pause_s": 0.5, "longest_monologue_s": 9,
                        "script_coverage": coverage, "other_focus": focus,
                        "speaking_time_s": 15}}


def add(store, app_id, tmp_path, n, rep):
    wav = tmp_path / f"t{n}.wav"
    wav.write_bytes(b"RIFF")
    return store.add_take(Take(app_id, str(wav), rep, "live", None))


def test_plots_have_a_point_per_take_and_reports_reopen(window, store, sample, tmp_path):
    add(store, sample.id, tmp_path, 1, report(190, 6.0, 0.6))
    add(store, sample.id, tmp_path, 2, report(150, 1.0))
    window.state.select(sample.id)
    window.go("history")
    page = window.pages["history"]
    assert page.stack.currentIndex() == 1
    assert {k: p.points() for k, p in page.plots.items()} == {
        "fillers_per_100_words": 2, "words_per_minute": 2, "script_coverage": 2,
        "other_focus": 2}
    x, y = page.plots["words_per_minute"].curve.getData()
    assert list(x) == [1, 2] and list(y) == [190, 150]
    assert list(page.plots["script_coverage"].curve.getData()[1]) == [60, 100]
    assert page.takes.count() == 2 and "150 words a minute" in page.takes.item(1).text()
    assert "last take met every target. One more like it" in page.readiness.text()
    page.takes.setCurrentRow(0)
    page.open_button.click()
    assert page.tabs.currentIndex() == 1
    assert page.report_view.metric_rows["words_per_minute"][1].text() == "190 words a minute"
    assert "a little fast" in page.report_view.metric_rows["words_per_minute"][2].text()
    # the kept recording is at hand, so a finding can be heard again; without it, not
    assert page.report_view.audio_path == tmp_path / "t1.wav"
    assert "click it to hear it" in page.report_view.legend.text()
    assert page.play_button.isEnabled()
    (tmp_path / "t2.wav").unlink()
    page.takes.setCurrentRow(1)
    page.open_button.click()
    assert page.report_view.audio_path is None
    assert "hear" not in page.report_view.legend.text()
    assert not page.play_button.isEnabled()
    add(store, sample.id, tmp_path, 3, report(140, 0.5))
    page.reload()
    assert page.readiness.text().startswith("Your last 2 takes meet every target")
    assert page.plots["fillers_per_100_words"].points() == 3


def test_readiness_names_what_to_practise_and_advice_shows_it(window, store, sample,
                                                              tmp_path):
    add(store, sample.id, tmp_path, 1, report(190, 6.0))
    window.state.select(sample.id)
    window.go("history")
    text = window.pages["history"].readiness.text()
    assert text.startswith("Nearly there") and "pace (a little fast)" in text
    assert "fillers (more than target)" in text
    window.go("advice")
    assert window.pages["advice"].readiness.text() == text


def test_what_to_practise_comes_from_the_latest_take(window, store, sample, tmp_path):
    add(store, sample.id, tmp_path, 1, report(150, 6.0))  # too many fillers, then fixed
    add(store, sample.id, tmp_path, 2, report(190, 1.0))
    window.state.select(sample.id)
    window.go("history")
    text = window.pages["history"].readiness.text()
    assert "pace (a little fast)" in text and "fillers" not in text


def test_deleting_a_take_removes_it_and_its_file(window, store, sample, tmp_path):
    first = add(store, sample.id, tmp_path, 1, report(150, 1.0))
    add(store, sample.id, tmp_path, 2, report(150, 1.0))
    window.state.select(sample.id)
    window.go("history")
    page = window.pages["history"]
    page.takes.setCurrentRow(0)
    page.delete_selected(confirm=False)
    assert [t.id for t in store.list_takes(sample.id)] != [first.id]
    assert len(store.list_takes(sample.id)) == 1
    assert not (tmp_path / "t1.wav").exists() and (tmp_path / "t2.wav").exists()
    assert page.takes.count() == 1
    assert page.plots["words_per_minute"].points() == 1


def test_no_takes_points_to_practice(window, sample):
    window.state.select(sample.id)
    window.go("history")
    page = window.pages["history"]
    assert page.stack.currentIndex() == 0 and page.notice.title.text() == "No takes yet"
    page.notice.button.click()
    assert window.current_key == "practice"


def test_another_application_starts_from_its_own_newest_take(window, store, sample, tmp_path):
    other = next(a for a in store.list_applications() if a.id != sample.id)
    for n in range(3):
        add(store, sample.id, tmp_path, n, report(150 + n, 1.0))
    add(store, other.id, tmp_path, 9, report(120, 4.0))
    add(store, other.id, tmp_path, 10, report(125, 3.0))
    window.state.select(sample.id)
    window.go("history")
    page = window.pages["history"]
    page.takes.setCurrentRow(0)
    page.open_button.click()
    assert page.tabs.currentIndex() == 1  # take 1 of the first application's report
    window.state.select(other.id)
    assert page.takes.count() == 2 and page.takes.currentRow() == 1  # its newest
    assert page.tabs.currentIndex() == 0 and not page.tabs.isTabEnabled(1)
    page.reload()  # the same application again: the choice made stays
    page.takes.setCurrentRow(0)
    page.reload()
    assert page.takes.currentRow() == 0


def test_a_kept_take_plays_from_its_report(window, store, sample, tmp_path, speaker):
    import numpy as np

    from coach.speech.wavwrite import write_wav

    take = add(store, sample.id, tmp_path, 1, report(150, 1.0))
    write_wav(take.audio_path, np.zeros(16000 * 3, np.float32), 16000)  # a real 3 s take
    window.state.select(sample.id)
    window.go("history")
    page = window.pages["history"]
    page.takes.setCurrentRow(0)
    page.open_button.click()
    page.play_button.click()
    assert len(page.report_view.player.audio) == 16000 * 3
    assert page.play_button.text() == "■ Stop the ta&ke"
    page.play_button.click()
    assert page.report_view.player is None and page.play_button.text() == "Play the ta&ke"


def test_a_takes_pace_reads_the_same_in_the_list_as_in_its_report(tmp_path):
    from ui.pages.history import take_label

    # 186.5 is "187" everywhere a take's pace is shown, not Python's even "186"
    label = take_label(Take(1, str(tmp_path / "t.wav"), report(186.5, 2.0), "live", None,
                            created_at="2026-12-02T10:00:00"), 1)
    assert label == "Take 1 · 2026-12-02 10:00 · 187 words a minute · 2.0 fillers per 100 words"
