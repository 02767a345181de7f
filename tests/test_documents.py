"""Documents without Qt: what the cue cards, script sheet and practice report contain,
that everything the user typed is escaped, the target bands, tips, the chart, the
calendar event, and `callcoach export`."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from coach import documents as D
from coach.documents import cards, targets
from coach.documents.gather import gather, pick_take
from coach.documents.model import CardHead, PageBreak, Para, Span
from coach.documents.render import md_escape
from coach.errors import InvalidInput, NotFound
from coach.models import PhoneComfort, Take
from coach.scripts import with_text

from .docs_sample import NOW, add_app, flat, report

# --- the script sheet and cue cards ------------------------------------------------------


def test_sheet_holds_application_advice_every_variant_and_notes(store):
    app = add_app(store)
    doc = D.script_sheet(store, app.id, now=NOW)
    text = flat(D.to_text(doc))
    for expected in ("Northwind Analytics — Data Analyst", "Dana Reyes",
                     "we volunteered together at Code for Good", "Advice and timing",
                     "Call Dana Reyes", "Tuesday to Thursday", "Your script: Live call",
                     "If you reach voicemail", "Time budget:", "aim for 20–30 s",
                     "receptionist", "hiring manager", "HR or the recruiter",
                     "If you'd rather write: Email", "Subject:", "LinkedIn",
                     "“Can you send me an email instead?” — You can say: Happy to",
                     "Notes from the call",
                     "No follow-ups logged in the last two weeks, so you have two left"):
        assert expected in text, expected
    assert doc.page == "" and "Sam Rivera" in doc.footer  # "": the user's usual paper
    assert "{{" not in text and "{%" not in text


def test_cards_are_one_section_per_card_then_one_per_objection(store):
    app = add_app(store)
    src = gather(store, app.id, now=NOW, spoken_main=True)
    doc = cards.build(src)
    heads = [b for b in doc.blocks if isinstance(b, CardHead)]
    sections = [s for s in src.main.sections if s.lines]
    total = len(sections) + len(src.main.objections)
    assert len(heads) == total and total >= 7
    assert [h.title for h in heads[:len(sections)]] == [s.title for s in sections]
    assert all(h.title == "If they say…" for h in heads[len(sections):])
    assert [h.counter for h in heads] == [f"card {n} of {total}" for n in range(1, total + 1)]
    assert sum(isinstance(b, PageBreak) for b in doc.blocks) == total - 1
    html = D.to_html(doc)
    assert html.count("page-break-before: always") == total - 1
    # whom you are calling and how you know them: on the first card, before the first break
    first = flat(D.to_text(doc)).split("card 2 of")[0]
    assert "Dana Reyes" in first and "we volunteered together at Code for Good" in first
    assert "555-010-2200" in first
    assert doc.page == "index-card"


def test_cards_rehearse_a_call_even_when_the_advice_is_to_write(store):
    app = add_app(store, comfort=PhoneComfort.SO_SO)
    src = gather(store, app.id, now=NOW, spoken_main=True)
    assert src.advice.route.value == "email"
    assert src.main.variant.spoken
    with pytest.raises(InvalidInput, match="cue cards are for calls"):
        D.cue_cards(store, app.id, variant="email", now=NOW)


def test_the_users_saved_edit_is_printed_and_keeps_section_titles(store):
    app = add_app(store)
    built = gather(store, app.id, now=NOW).main
    blocks = built.text().split("\n\n")
    blocks[0] = "Hey Dana! Sam here, from Code for Good.\nGot a minute?"
    store.save_script(app.id, built.variant.value, "\n\n".join(blocks))
    before = len(store.script_versions(app.id, built.variant.value))
    src = gather(store, app.id, now=NOW)
    assert src.main.sections[0].lines == ["Hey Dana! Sam here, from Code for Good.",
                                          "Got a minute?"]
    assert src.main.sections[0].title == built.sections[0].title
    assert built.variant.value in src.edited
    D.script_sheet(store, app.id, now=NOW)
    D.cue_cards(store, app.id, now=NOW)
    assert len(store.script_versions(app.id, built.variant.value)) == before  # read-only


def test_an_edit_of_a_different_shape_keeps_the_users_blocks(store):
    app = add_app(store)
    built = gather(store, app.id, now=NOW).main
    edited = with_text(built, "Line one.\nLine two.\n\nLine three.")
    assert [s.lines for s in edited.sections] == [["Line one.", "Line two."], ["Line three."]]
    assert [s.title for s in edited.sections] == ["Part 1", "Part 2"]
    assert edited.estimated_seconds < built.estimated_seconds


HOSTILE = {"company": "<script>alert(1)</script> & Sons", "role": "{{ 7*7 }} {% raw %}",
           "name": "Dana *Reyes* [x](http://evil)", "how": "we met at <b>PyCon</b> | 50% off"}


@pytest.mark.parametrize("kind", D.KINDS)
def test_everything_the_user_typed_is_printed_as_typed(store, kind):
    app = add_app(store, **HOSTILE)
    store.add_take(Take(application_id=app.id, audio_path="x.wav", report=report()))
    doc = D.build(store, app.id, kind)
    html = D.to_html(doc)
    assert "<script>" not in html and "<b>PyCon</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Sons" in html
    assert "{{ 7*7 }} {% raw %}" in html  # no template ever ran over it
    text = flat(D.to_text(doc))
    assert "<script>alert(1)</script> & Sons" in text
    md = D.to_markdown(doc)
    assert "<script>" not in md and r"\<script\>alert(1)\</script\> \& Sons" in md
    if kind != "report":
        assert r"Dana \*Reyes\* \[x\](http://evil)" in md and "<b>PyCon</b>" not in md


def test_markdown_escape_covers_what_markdown_would_read_as_markup():
    assert md_escape("a*b_c`d") == r"a\*b\_c\`d"
    assert md_escape("# not a heading") == r"\# not a heading"
    assert md_escape("- not a list\n1. nor this") == "\\- not a list\n\\1. nor this"
    assert md_escape("x | y") == r"x \| y"
    assert md_escape("Plain words, fine.") == "Plain words, fine."


def test_right_to_left_names_are_isolated_in_english_sentences(store):
    app = add_app(store, name="مريم الحسيني", phone="+33 6 12 34 56 78")
    text = flat(D.to_text(D.cue_cards(store, app.id, now=NOW)))
    assert "Calling \u2068مريم الحسيني\u2069 · Analytics Lead" in text


# --- the practice report ------------------------------------------------------------------


def test_report_marks_findings_in_the_transcript_without_colour(store):
    app = add_app(store)
    take = store.add_take(Take(application_id=app.id, audio_path="x.wav", report=report()))
    doc = D.practice_report(store, app.id)
    transcript = next(b for b in doc.blocks if isinstance(b, Para)
                      and any(isinstance(p, Span) and p.text == "[um]" for p in b.parts))
    spans = {p.text: p.styles for p in transcript.parts if isinstance(p, Span)}
    assert "b" in spans["[um]"]  # brackets and bold
    assert "mark" in spans["just"] and "mark" in spans["to"]  # bold underline
    assert any(t.startswith("[pause 3.5 s]") for t in spans)
    assert [t for t, s in spans.items() if "sup" in s] == ["1", "2", "3"]
    html = D.to_html(doc)
    assert "<b><u>just</u></b>" in html and "<sup>1</sup>" in html
    text = flat(D.to_text(doc))
    assert "[um]¹" in text and "[pause 3.5 s]³" in text
    # each finding says when, as the screen does: a moment, or a stretch from..to
    assert "0:01 — filler “um”: A filled pause." in text
    assert "0:04–0:07 — long pause: A 3.5-second pause." in text
    assert "Could I ask your advice?" in text.split("The ones to add next time:")[1]
    assert "take 1 of 1" in text and take.id


def test_the_transcript_is_punctuated_as_the_recogniser_heard_it_outside_the_marks(store):
    app = add_app(store)
    r = report()
    for w, after in zip(r["words"], ["", ",", ",", *[""] * 7, "?"], strict=True):
        if after:
            w["after"] = after
    store.add_take(Take(application_id=app.id, audio_path="x.wav", report=r))
    text = flat(D.to_text(D.practice_report(store, app.id)))
    # a footnote mark follows the punctuation, as in print
    assert "Hi Dana, [um],¹ I just wanted to² ask how things are? [pause" in text
    html = D.to_html(D.practice_report(store, app.id))
    assert "<b>[um]</b>" in html  # the comma is not bold


def test_report_measures_against_the_target_bands(store):
    app = add_app(store)
    store.add_take(Take(application_id=app.id, audio_path="x.wav",
                        report=report(wpm=190, fillers=1.0, coverage=None)))
    text = flat(D.to_text(D.practice_report(store, app.id)))
    assert ("Pace — This take: 190 words a minute · Target: 110–170 words a minute · "
            "a little fast") in text
    assert "Fillers — This take: 1 per 100 words · Target: at most 3 per 100 words · in " \
           "range" in text
    assert "Script lines said — This take: not measured" in text


def test_the_users_own_targets_judge_the_printed_report(store):
    """The app passes the targets set in Settings: the table, the tips and the chart's
    strip all follow them, so nothing on the page contradicts the rest."""
    app = add_app(store)
    store.add_take(Take(application_id=app.id, audio_path="x.wav",
                        report=report(wpm=190, fillers=1.0, coverage=1.0)))
    mine = targets.with_overrides({"words_per_minute": (100.0, 200.0)})
    doc = D.practice_report(store, app.id, bands=mine)
    text = flat(D.to_text(doc))
    assert "Target: 100–200 words a minute · in range" in text
    assert "You spoke at about" not in text  # no pace tip for a pace within the target
    assert "You spoke at about 190" in flat(D.to_text(D.practice_report(store, app.id)))
    svg = next(b for b in doc.blocks if getattr(b, "name", "") == "chart:progress").svg
    usual = next(b for b in D.practice_report(store, app.id).blocks
                 if getattr(b, "name", "") == "chart:progress").svg
    assert svg != usual  # the grey strip spans 100–200, not 110–170


def test_a_pace_stretch_inside_the_users_own_range_is_no_finding(store):
    def pace(text, rate, **kw):
        return {"kind": "pace", "text": text, "start": 0.0, "end": 12.0,
                "message": f"About {rate} words a minute here.", **kw}
    found = [pace("fast", 188, words_per_minute=188), pace("fast", 195, words_per_minute=195),
             pace("slow", 105, words_per_minute=105), pace("fast", 180)]  # the last: kept
    r = report(findings=found)                                          # before the field
    assert targets.judged(r) is r  # the usual bands: what the analysis marked stands
    mine = targets.with_overrides({"words_per_minute": (100.0, 190.0)})
    kept = targets.judged(r, mine)["findings"]
    assert [f["message"] for f in kept] == ["About 195 words a minute here.",
                                            "About 180 words a minute here."]
    app = add_app(store)
    store.add_take(Take(application_id=app.id, audio_path="x.wav", report=r))
    printed = flat(D.to_text(D.practice_report(store, app.id, bands=mine)))
    assert "About 188 words" not in printed and "About 195 words" in printed
    assert "About 188 words" in flat(D.to_text(D.practice_report(store, app.id)))


def test_tips_are_three_concrete_and_kind():
    tips = D.report_tips(report(wpm=190, coverage=0.5))
    assert len(tips) == 3
    assert "“Could I ask your advice?”" in tips[0]  # skipped lines first
    assert "190 words a minute" in tips[1] and "“just wanted to”" in tips[2]
    # fillers over their target rank with the other flagged measures ...
    many = D.report_tips(report(wpm=190, coverage=0.5, fillers=5.0))
    assert "“um”" in many[1] and "190 words a minute" in many[2]
    # ... within it, after every measure the table flags: here the long stretch talking
    um_only = [{"kind": "filler", "text": "um", "start": 0.8, "end": 1.1, "message": "."}]
    calm_but_long = D.report_tips(report(monologue=42.0, coverage=1.0, findings=um_only,
                                         said=(True, True, True)))
    assert "42 seconds without a break" in calm_but_long[0]
    assert "“um” once" in calm_but_long[1]
    calm = D.report_tips(report(findings=[], coverage=1.0, said=(True, True, True)))
    assert len(calm) == 3 and len(set(calm)) == 3
    for tip in tips + calm:
        assert not re.search(r"\b(bad|wrong|fail|poor|terrible)\b", tip, re.I), tip


def test_progress_chart_shows_every_take_and_the_current_one_filled(store):
    app = add_app(store)
    for wpm in (190, 170, 150):
        store.add_take(Take(application_id=app.id, audio_path="x.wav", report=report(wpm=wpm)))
    takes = store.list_takes(app.id)
    doc = D.practice_report(store, app.id, takes[1].id)
    (svg,) = doc.images().values()
    root = ET.fromstring(svg)
    circles = root.findall(".//{http://www.w3.org/2000/svg}circle")
    assert len(circles) == 9  # three panels, three takes
    filled = [c for c in circles if c.get("fill") == "#000"]
    assert len(filled) == 3 and {c.get("cx") for c in filled} == {c.get("cx") for c in
                                                                    circles[1::3]}
    assert "2 (this one)" in flat(D.to_text(doc))  # the table that stands in for it in text


def test_picking_a_take(store):
    app = add_app(store)
    other = add_app(store, company="Contoso")
    with pytest.raises(NotFound, match="no analysed practice takes yet"):
        pick_take(store, app.id)
    raw = store.add_take(Take(application_id=app.id, audio_path="x.wav"))
    first = store.add_take(Take(application_id=app.id, audio_path="x.wav", report=report()))
    last = store.add_take(Take(application_id=app.id, audio_path="x.wav", report=report()))
    assert pick_take(store, app.id)[0].id == last.id
    assert [t.id for t in pick_take(store, app.id, first.id)[1]] == [first.id, last.id]
    with pytest.raises(InvalidInput, match="has no report yet"):
        pick_take(store, app.id, raw.id)
    with pytest.raises(InvalidInput, match=f"belongs to application {app.id}"):
        pick_take(store, other.id, first.id)
    newer = store.add_take(Take(application_id=app.id, audio_path="x.wav",
                                report={**report(), "schema": 2}))
    with pytest.raises(InvalidInput, match="please update"):
        pick_take(store, app.id, newer.id)


# --- target bands -------------------------------------------------------------------------


def test_target_bands():
    pace = targets.BY_KEY["words_per_minute"]
    assert [pace.status(v) for v in (109.4, 109.5, 170, 170.4, 170.5, None)] == \
        ["low", "ok", "ok", "ok", "high", None]
    # a pace shows as a whole number, rounded half up, and is judged as shown
    assert [pace.show(v) for v in (187.5, 186.5, 142.0)] == \
        ["188 words a minute", "187 words a minute", "142 words a minute"]
    pause = targets.BY_KEY["longest_pause_s"]
    assert pause.status(2.9) == "ok" and pause.status(3.0) == "high"
    # no silence of a second or more is "none", not "0 s"; the others show their value
    assert [pause.show(v) for v in (0.0, 1.2, 3.0)] == ["none over 1 s", "1.2 s", "3 s"]
    assert targets.BY_KEY["fillers_per_100_words"].show(0.0) == "0 per 100 words"
    assert targets.BY_KEY["script_coverage"].status(0.9) == "ok"
    assert targets.BY_KEY["other_focus"].status(0.49) == "low"
    assert targets.BY_KEY["fillers_per_100_words"].status(3.0) == "ok"
    assert [c.verdict for c in targets.evaluate({"words_per_minute": 200})][:2] == \
        ["a little fast", "not measured"]


def test_user_bands_replace_only_what_was_chosen():
    bands = targets.with_overrides({"words_per_minute": (100, 190), "other_focus": (0.4, None),
                                    "nonsense": (1, 2)})
    by_key = {b.key: b for b in bands}
    assert [b.key for b in bands] == [b.key for b in targets.BANDS]
    assert (by_key["words_per_minute"].low, by_key["words_per_minute"].high) == (100, 190)
    assert by_key["words_per_minute"].too_high == "a little fast"  # the words are kept
    assert by_key["other_focus"].low == 0.4
    assert by_key["longest_pause_s"] == targets.BY_KEY["longest_pause_s"]
    assert targets.BY_KEY["words_per_minute"].high == 170  # the usual bands are untouched
    assert targets.evaluate({"words_per_minute": 180}, bands)[0].verdict == "in range"
    assert targets.evaluate({"words_per_minute": 180})[0].verdict == "a little fast"
    upside_down = targets.with_overrides({"words_per_minute": (200, 150)})
    assert upside_down[0] == targets.BY_KEY["words_per_minute"]


def test_pace_band_matches_the_analysis():
    detectors = pytest.importorskip("coach.analysis.detectors")
    pace = targets.BY_KEY["words_per_minute"]
    assert (pace.low, pace.high) == (detectors.PACE_LOW, detectors.PACE_HIGH)
    # "none over 1 s" names the analysis's own shortest pause
    assert f"over {detectors.PAUSE_S:g} s" in targets.BY_KEY["longest_pause_s"].zero


def test_a_take_with_no_words_gets_a_gentle_report(store):
    app = add_app(store)
    empty = {"schema": 1, "duration_s": 4.0, "engine": "test", "words": [], "findings": [],
             "lines": [], "metrics": {"words_per_minute": None}}
    store.add_take(Take(application_id=app.id, audio_path="x.wav", report=empty))
    text = flat(D.to_text(D.practice_report(store, app.id)))
    assert "No words were recognised in this take" in text
    assert "Pace — This take: not measured" in text
    assert text.count("1. ") == 1 and "3. " in text  # still three things to try


def test_times_in_a_take_read_as_a_clock_and_a_stretch_as_from_to():
    from coach.text import clock, moment

    assert [clock(s) for s in (0, 8.4, 59.6, 75, 3600)] == ["0:00", "0:08", "1:00", "1:15",
                                                           "60:00"]
    assert moment(8.4, 8.9) == "0:08"  # a filler: when it began
    assert moment(3.5, 7.0) == "0:04–0:07"  # a long pause or a pace stretch: from..to
    assert moment(12.0, 13.9) == "0:12"  # under two seconds: one moment


def test_a_filler_is_named_once_where_the_report_lists_it():
    from coach.analysis.fillers import finding
    from coach.documents.report import finding_head

    f = finding("um", 8.4, 8.9).to_dict()
    shown = f"{finding_head(f)}: {f['message']}"
    assert shown.startswith("0:08 — filler “um”: A filled pause.")
    assert shown.count("um") == 1
    # a take kept before the messages stopped naming it is not named twice either
    old = {**f, "message": "“um”: a filled pause. A brief silent pause sounds calmer."}
    assert f"{finding_head(old)}: {old['message']}".count("um") == 1
