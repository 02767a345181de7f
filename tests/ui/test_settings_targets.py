"""Settings offers the practice targets (readiness and reports follow them) and another
data folder for the next start."""

from __future__ import annotations

import pytest

from coach.models import Take

pytestmark = pytest.mark.gui


def report(wpm):
    return {"schema": 1, "duration_s": 20.0, "engine": "test",
            "words": [{"text": "Hi", "start": 0.1, "end": 0.3, "filler": False}],
            "findings": [{"kind": "pace", "text": "fast", "start": 0.1, "end": 12.0,
                          "message": f"About {wpm} words a minute here: slow down a little.",
                          "words_per_minute": wpm}],
            "lines": [{"text": "Hi.", "said": True, "start": 0.1, "end": 0.3}],
            "metrics": {"words_per_minute": wpm, "fillers_per_100_words": 1.0,
                        "filler_count": 0, "longest_pause_s": 0.5, "longest_monologue_s": 9,
                        "script_coverage": 1.0, "other_focus": 0.7, "speaking_time_s": 15}}


def readiness_for(window, app_id):
    window.state.select(app_id)
    window.go("history")
    page = window.pages["history"]
    page.reload()
    return page.readiness.text()


def test_the_pace_target_moves_the_readiness_verdict_and_reset_restores(
        window, store, sample, tmp_path, ui_settings):
    wav = tmp_path / "t1.wav"
    wav.write_bytes(b"RIFF")
    store.add_take(Take(sample.id, str(wav), report(180), "live", None))
    assert "pace (a little fast)" in readiness_for(window, sample.id)

    window.go("settings")
    settings = window.pages["settings"]
    high = settings.target_boxes[("words_per_minute", "high")]
    assert high.value() == 170
    high.setValue(190)
    assert float(ui_settings.value("targets/words_per_minute/high")) == 190
    assert readiness_for(window, sample.id).startswith("Your last take meets every target")
    history = window.pages["history"]
    history.takes.setCurrentRow(0)
    history.open_button.click()
    pace = history.report_view.metric_rows["words_per_minute"]
    assert "in range" in pace[2].text()
    # the tips beside the table, the History chart and the printout judge by it too
    assert "You spoke at about" not in history.report_view.tips.text()
    assert "words a minute here" not in history.report_view.findings.text()
    assert history.plots["words_per_minute"].band.getRegion() == (110, 190)
    from ui.window_menu import document_request

    window.go("history")
    _app, kind, options = document_request(window)
    from coach import documents

    doc = documents.build(store, sample.id, kind, **options)
    text = documents.to_text(doc)
    assert "110–190 words a minute" in text and "a little fast" not in text
    assert "You spoke at about" not in text

    window.go("settings")
    settings.reset_to_usual_targets()
    assert high.value() == 170
    assert ui_settings.value("targets/words_per_minute/high") is None
    assert "pace (a little fast)" in readiness_for(window, sample.id)
    history.open_button.click()
    assert "You spoke at about 180 words a minute" in history.report_view.tips.text()
    assert "About 180 words a minute here" in history.report_view.findings.text()
    assert history.plots["words_per_minute"].band.getRegion() == (110, 170)


def test_a_percentage_target_is_kept_as_a_ratio(window, ui_settings):
    window.go("settings")
    box = window.pages["settings"].target_boxes[("script_coverage", "low")]
    assert box.value() == 90
    box.setValue(80)
    assert float(ui_settings.value("targets/script_coverage/low")) == pytest.approx(0.8)


def test_another_data_folder_is_kept_for_the_next_start(window, ui_settings, tmp_path, db):
    window.go("settings")
    page = window.pages["settings"]
    page.choose_data_folder(str(tmp_path / "elsewhere"))
    assert ui_settings.value("data_dir") == str(tmp_path / "elsewhere")
    assert page.data_note.isVisibleTo(page)
    assert "next time it opens; your current data stays where it is" in page.data_note.text()
    assert page.data_path.text() == str(db.data_dir)  # this session is unchanged


def test_data_folder_order_flag_then_environment_then_settings(ui_settings, monkeypatch):
    from types import SimpleNamespace

    from coach.paths import ENV_VAR
    from ui.app import chosen_data_dir

    ui_settings.setValue("data_dir", "/chosen/in/settings")
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert chosen_data_dir(SimpleNamespace(data_dir="/flag"), ui_settings) == "/flag"
    assert chosen_data_dir(SimpleNamespace(data_dir=None), ui_settings) == "/chosen/in/settings"
    monkeypatch.setenv(ENV_VAR, "/from/env")
    assert chosen_data_dir(SimpleNamespace(data_dir=None), ui_settings) is None  # env wins
    ui_settings.remove("data_dir")
    monkeypatch.delenv(ENV_VAR)
    assert chosen_data_dir(SimpleNamespace(data_dir=None), ui_settings) is None
