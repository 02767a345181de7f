"""One-click fixes turn real lint findings into edits that do what the card says."""

from __future__ import annotations

from coach.lint import lint
from ui.fixes import Edit, edit_for, first_placeholder


def fixes(text: str, **kw) -> dict[str, tuple]:
    r = lint(text, **kw)
    written = kw.get("variant") in ("email", "linkedin")
    return {f.kind: (f, edit_for(f, text, r.sentences, written)) for f in r.findings}


def test_filler_fix_drops_the_filler_from_its_sentence():
    text = "Hi Dana.\nUh, I am calling about the team."
    f, edit = fixes(text, variant="live")["filler"]
    assert f.text == "Uh"
    assert edit.apply(text) == "Hi Dana.\nI am calling about the team."


def test_weak_phrase_fix_replaces_the_whole_sentence_with_the_better_line():
    text = "Hi Dana.\nI'm just following up on my résumé. How is the team?"
    f, edit = fixes(text, variant="live", role="Data Analyst")["weak_phrase"]
    new = edit.apply(text)
    assert "following up" not in new and f.suggestion in new
    assert new.startswith("Hi Dana.\n") and new.endswith(" How is the team?")


def test_missing_ask_goes_before_an_emails_sign_off():
    text = ("Hi Lee,\n\nThanks so much for your time today, it was great to meet your team."
            "\n\nThank you,\nSam Rivera")
    f, edit = fixes(text, variant="email")["missing_ask"]
    new = edit.apply(text)
    assert new.endswith(f"{f.suggestion}\n\nThank you,\nSam Rivera")


def test_missing_ask_is_added_at_the_end_of_a_call():
    text = "Hi Dana.\nI am calling about the team."
    f, edit = fixes(text, variant="live")["missing_ask"]
    assert edit.apply(text) == f"{text}\n{f.suggestion}"


def test_voicemail_name_missing_at_the_start_is_said_first():
    text = ("Hi Dana, this is a quick message about the analyst role at Northwind. I would "
            "love to hear how it is going. Thanks, Sam Rivera.")
    found = fixes(text, variant="voicemail", name="Sam Rivera", phone="555-201-4477")
    f, edit = found["voicemail_name"]
    new = edit.apply(text)
    assert new.startswith(f.suggestion + "\n") and new.endswith(text)
    f, edit = found["voicemail_number"]  # nowhere at all: said first and last
    new = edit.apply(text)
    assert new.startswith("Hi [their name], this is Sam Rivera at 555-201-4477.\n")
    assert new.endswith("\nAgain, that's Sam Rivera at 555-201-4477.")


def test_length_fix_cuts_the_named_sentence():
    long = ("I have worked on many dashboards and reports for teams across the company over "
            "the years and I enjoyed every one of them a great deal.")
    text = f"Hi Dana, it is Sam.\n{long}\nHow is your team doing?"
    f, edit = fixes(text, variant="live", budget_seconds=(3, 6))["length"]
    assert edit.label == "Cut this line"
    assert edit.apply(text) == "Hi Dana, it is Sam.\nHow is your team doing?"


def test_no_edit_when_the_text_changed_since_the_check():
    text = "Hi Dana.\nUh, I am calling about the team."
    r = lint(text, variant="live")
    filler = next(f for f in r.findings if f.kind == "filler")
    assert edit_for(filler, "Hi Dana.\nOh, I am calling about the team.", r.sentences) is None


def test_first_placeholder_is_found_inside_the_inserted_span():
    text = "Hi [their name], this is Sam."
    assert first_placeholder(text, 0, len(text)) == (3, 15)
    assert first_placeholder(text, 16, len(text)) is None
    assert Edit(0, 2, "Hello", "x").apply("Hi there") == "Hello there"
