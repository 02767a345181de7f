"""Script lint and the phrase lists: what a nervous caller is told to fix, and where."""

from __future__ import annotations

import json

import pytest

from coach.errors import InvalidInput
from coach.focus import focus_counts
from coach.lint import KINDS, lint, split_sentences, suggest_rewrite
from coach.models import Variant
from coach.phrases import (
    DISCOURSE,
    FILLED_PAUSE,
    expand,
    fillers,
    find_fillers,
    find_fillers_in_words,
    find_weak_phrases,
    find_weak_phrases_in_words,
    normalize,
    weak_phrases,
)

SEED = "Uh, I'm following up on the résumé I sent last week."


def kinds(result) -> list[str]:
    return [f.kind for f in result.findings]


def other_focus(text: str) -> float | None:
    return lint(text).other_focus


# ---------------------------------------------------------------- the seed line


def test_seed_line_gets_pause_weak_phrase_and_self_focus_findings():
    result = lint(SEED)
    assert len(result.findings) >= 2
    by_kind = {f.kind: f for f in result.findings}
    pause = by_kind["filler"]
    assert (pause.text, pause.start, pause.end) == ("Uh", 0, 2)
    weak = by_kind["weak_phrase"]
    assert weak.text == "I'm following up on the résumé"
    assert SEED[weak.start : weak.end] == weak.text
    assert "résumé" in weak.message and weak.suggestion
    assert by_kind["other_focus"].text == SEED
    assert result.other_focus == 0.0


def test_seed_line_rewrite_is_about_the_listener():
    rewrite = suggest_rewrite(SEED, role="data analyst")
    assert rewrite is not None and "data analyst" in rewrite
    checked = lint(rewrite, variant=Variant.LIVE)
    assert checked.other_focus is not None and checked.other_focus >= 0.5
    assert not find_weak_phrases(rewrite) and not find_fillers(rewrite)
    assert "missing_ask" not in kinds(checked)  # the rewrite asks them something
    assert lint(SEED).rewrite == suggest_rewrite(SEED)


def test_suggestions_fill_the_role_and_are_never_empty():
    result = lint(SEED, variant="live", budget_seconds=(1, 2), role="Data Analyst")
    assert {"filler", "weak_phrase", "other_focus", "missing_ask", "length"} <= set(kinds(result))
    for f in result.findings:
        assert f.message.strip() and f.suggestion.strip(), f
        assert "[role]" not in f.suggestion
    assert "Data Analyst" in next(f for f in result.findings if f.kind == "weak_phrase").suggestion


# ---------------------------------------------------------------- weak phrases


ALL_WORDINGS = [(p.id, v) for p in weak_phrases() for raw in p.patterns for v in expand(raw)]


@pytest.mark.parametrize("pid, wording", ALL_WORDINGS)
def test_every_listed_wording_is_found_in_a_sentence(pid, wording):
    text = f"Hi Dana, {wording} today."
    matches = find_weak_phrases(text)
    assert [(m.phrase.id, m.text) for m in matches] == [(pid, wording)]
    assert text[matches[0].start : matches[0].end] == wording
    # The same on a transcript: lower case, no punctuation, apostrophes and accents gone.
    words = ["hi", "dana"] + [normalize(w) for w in wording.split()] + ["today"]
    hits = find_weak_phrases_in_words(words)
    assert [(h.phrase.id, h.start, h.end) for h in hits] == [(pid, 2, len(words) - 1)]


def test_phrase_list_entries_explain_and_offer_listener_focused_lines():
    assert len(weak_phrases()) >= 10
    for p in weak_phrases():
        assert len(p.why) > 40 and p.better
        you, me = focus_counts(p.better.split())
        assert you >= me, p.id  # the better line is about them at least as much as about us
        assert not find_weak_phrases(p.better), p.id


def test_curly_apostrophe_and_extra_spacing_and_punctuation_match():
    text = "Hello! I’m just   following, up."
    (m,) = find_weak_phrases(text)
    assert m.phrase.id == "just_following_up" and m.text == "I’m just   following, up"


@pytest.mark.parametrize("written", ["resume", "résumé", "RÉSUMÉ", "Resumé"])
def test_resume_with_or_without_accents(written):
    (m,) = find_weak_phrases(f"Did you get my {written}?")
    assert m.phrase.id == "did_you_get_my_resume" and m.text == f"Did you get my {written}"


def test_longest_overlapping_phrase_wins_once():
    matches = find_weak_phrases("I'm just following up on my application, and any updates?")
    assert [(m.phrase.id, m.text) for m in matches] == [
        ("following_up_on_resume", "I'm just following up on my application"),
        ("any_update", "any updates"),
    ]
    result = lint("I'm just following up.")
    assert [f.text for f in result.findings if f.kind == "weak_phrase"] == ["I'm just following up"]


def test_filled_pause_inside_a_phrase_does_not_hide_it():
    (m,) = find_weak_phrases("I'm, um, just following up")
    assert m.text == "I'm, um, just following up"


def test_no_weak_phrase_inside_other_words():
    assert find_weak_phrases("Thoughtfully, I guessed the answer; my résumés are fine.") == []


def test_transcript_words_give_word_index_spans():
    words = "um hi dana im just uh following up on my resume any updates".split()
    hits = find_weak_phrases_in_words(words)
    assert [(h.phrase.id, h.start, h.end, h.text) for h in hits] == [
        ("following_up_on_resume", 3, 11, "im just uh following up on my resume"),
        ("any_update", 11, 13, "any updates"),
    ]


def test_words_that_sound_alike_match_as_one():
    # a recogniser writes "your" for "you're"; the phrase is just as weak
    hits = find_weak_phrases_in_words("sorry i know your busy but".split())
    assert [h.phrase.id for h in hits] == ["i_know_youre_busy"]
    assert [h.phrase.id for h in find_weak_phrases("I know you're busy.")] == [
        "i_know_youre_busy"]
    assert find_weak_phrases("I know your team.") == []


def test_one_word_written_for_two_matches_as_both():
    # "up on" heard as "upon"; the match still spans the words as they were written
    hits = find_weak_phrases_in_words("hi im just following upon my application".split())
    assert [(h.phrase.id, h.start, h.end) for h in hits] == [("following_up_on_resume", 1, 7)]
    text = "Hi, I'm just following upon my application."
    [hit] = find_weak_phrases(text)
    assert text[hit.start:hit.end] == "I'm just following upon my application"
    assert find_weak_phrases("Once upon a time we met at the Boston meetup.") == []


@pytest.mark.parametrize("said", ["Sorry for the bother, but", "I know you were busy",
                                  "I hate to bug you about this", "sorry to bug you"])
def test_more_ways_of_apologising_for_the_call(said):
    assert [h.phrase.id for h in find_weak_phrases(said)] in (
        [["sorry_to_bother"], ["i_know_youre_busy"]])


def test_sorry_for_the_trouble_they_took_is_thanks_not_an_apology_for_calling():
    assert find_weak_phrases("Sorry for the trouble you went to, and thank you.") == []


# ---------------------------------------------------------------- fillers


def test_filler_list_marks_filled_pauses_and_discourse_fillers():
    by_text = {f.text: f.kind for f in fillers()}
    for pause in ("uh", "um", "er", "ah", "hmm", "erm", "uhm", "mm"):
        assert by_text[pause] == FILLED_PAUSE
    for word in ("like", "you know", "so", "basically", "actually", "i mean", "kind of",
                 "sort of", "right"):
        assert by_text[word] == DISCOURSE


def test_written_like_is_a_filler_only_when_set_off():
    assert [f for f in lint("I like your work.").findings if f.kind == "filler"] == []
    result = lint("It was, like, great.")
    (f,) = [f for f in result.findings if f.kind == "filler"]
    assert (f.text, f.start, f.end) == ("like", 8, 12)
    assert f.suggestion == "It was great."
    assert find_fillers("You know, your team is great. As you know, it is.")[0].text == "You know"
    assert len(find_fillers("You know, your team is great. As you know, it is.")) == 1


def test_filled_pauses_found_even_stretched_but_not_backchannels():
    text = "Ummm, hi. Uhh, so. Uh-huh, mm-hmm. Hm."
    assert [m.text for m in find_fillers(text)] == ["Ummm", "Uhh"]


def test_filler_suggestion_removes_all_fillers_in_the_sentence():
    result = lint("So, um, basically, your team is growing.")
    suggestions = {f.suggestion for f in result.findings if f.kind == "filler"}
    assert suggestions == {"Your team is growing."}


def test_transcript_fillers_follow_position_rules():
    def found(text):
        return [(m.text, m.start) for m in find_fillers_in_words(text.split())]

    assert found("i like your work") == []
    assert found("it was like great") == [("like", 2)]
    assert found("it looks like a big team") == []
    assert found("um so the team is like really good right") == [
        ("um", 0), ("so", 1), ("like", 5), ("right", 8)]
    assert found("the team is so good") == []  # "so" counts only at the start
    assert found("you know what i mean") == []
    assert found("it was you know great") == [("you know", 2)]
    assert found("what kind of role is it") == []
    assert found("it was kind of hard") == [("kind of", 2)]
    assert found("right now we are hiring") == []


def test_a_contraction_is_not_the_filler_it_spells_without_its_apostrophe():
    # Matching drops apostrophes ("dont" is "don't"), but "we'll" is never the filler "well"
    assert [m.text for m in find_fillers_in_words("We'll be in touch".split())] == []
    assert [m.text for m in find_fillers_in_words("we’ll talk soon".split())] == []
    assert [m.text for m in find_fillers_in_words("well we will see".split())] == ["well"]
    assert [m.text for m in find_fillers("We'll, of course, call. Well, it was, like, fine.")] \
        == ["Well", "like"]


# ---------------------------------------------------------------- other-focus


def test_other_focus_numbers():
    assert other_focus("I saw your post. You and your team shipped a great release.") == 0.75
    assert other_focus("I think I can help you.") == pytest.approx(1 / 3)
    assert other_focus("Hello there. The weather is fine.") is None
    assert other_focus("I’m sure you’ll like it, and I’ve got yours.") == 0.5


def test_self_focused_sentence_is_flagged_with_a_listener_line():
    text = "Your team does great work. I have five years of experience and I know my tools."
    (f,) = [f for f in lint(text).findings if f.kind == "other_focus"]
    assert f.text == "I have five years of experience and I know my tools."
    assert "'I', 'my'" in f.message
    you, me = focus_counts(f.suggestion.split())
    assert you > me


def test_whole_script_flagged_when_mostly_about_the_caller():
    text = "I saw the post. I applied yesterday. Your team looks great."
    (f,) = [f for f in lint(text).findings if f.kind == "other_focus"]
    assert (f.start, f.end) == (0, len(text))
    assert "1 of 3" in f.message
    assert [f.kind for f in lint("I like your work.").findings] == []


# ---------------------------------------------------------------- length, ask, voicemail


LONG = ("Hi Dana, it's Sam from the volunteer data project. "
        "I have been reading about the new analytics platform your team launched this spring "
        "and the way it helps small nonprofits understand their donors, which is work I care "
        "about a great deal and have done for several years in two different roles. "
        "Could I ask how the search for the data role is going?")


def test_length_over_budget_names_seconds_over_and_what_to_cut():
    result = lint(LONG, variant="live", budget_seconds=(10, 15))
    seconds = result.estimated_seconds
    assert seconds > 15
    (f,) = [f for f in result.findings if f.kind == "length"]
    assert (f.start, f.end) == (0, len(LONG))
    assert f"{seconds - 15:.0f} over" in f.message
    assert "I have been reading about" in f.suggestion and "Could I ask" not in f.suggestion
    assert "length" not in kinds(lint(LONG, budget_seconds=(10, 60)))


def test_voicemail_far_under_budget_may_sound_abrupt():
    short = "Hi, it's Sam Lee at 555 201 4477. Call me back at 555 201 4477, thanks."
    result = lint(short, variant="voicemail", budget_seconds=(40, 60), name="Sam Lee",
                  phone="555-201-4477")
    (f,) = [f for f in result.findings if f.kind == "length"]
    assert "abrupt" in f.message
    assert "length" not in kinds(lint(short, variant="live", budget_seconds=(40, 60)))


def test_missing_ask():
    plain = "Hi Dana, it's Sam. I enjoyed your talk at the meetup."
    assert "missing_ask" in kinds(lint(plain, variant=Variant.LIVE))
    assert "missing_ask" in kinds(lint(plain, variant="email"))
    assert "missing_ask" not in kinds(lint(plain))  # no variant: not a script to check for an ask
    for ask in ("Could I ask how the search is going?", "Please call me back at 555 0134.",
                "What is the next step for the role.",
                "Your take on where the search stands would mean a lot."):
        assert "missing_ask" not in kinds(lint(f"{plain} {ask}", variant="live")), ask
    (f,) = [f for f in lint(plain, variant="gatekeeper").findings if f.kind == "missing_ask"]
    assert f.suggestion.endswith("?")


VOICEMAIL_OK = ("Hi Dana, this is Sam Lee, 555.201.4477. I know your team is hiring for the "
                "data role, and I'd love to hear how the search is going for you. Could you "
                "call me back when you have a moment? Again, that's Sam Lee at 555 201 4477.")


def test_voicemail_with_name_and_number_at_both_ends_passes():
    result = lint(VOICEMAIL_OK, variant="voicemail", name="Sam Lee", phone="(555) 201-4477")
    assert not {"voicemail_name", "voicemail_number"} & set(kinds(result))
    result = lint(VOICEMAIL_OK, variant="voicemail", name="Sam Lee", phone="+1 555 201 4477")
    assert "voicemail_number" not in kinds(result)  # said without the country code


def test_voicemail_missing_name_and_number_at_the_end():
    text = VOICEMAIL_OK.replace(" Again, that's Sam Lee at 555 201 4477.", " Thanks so much!")
    result = lint(text, variant="voicemail", name="Sam Lee", phone="(555) 201-4477")
    name = next(f for f in result.findings if f.kind == "voicemail_name")
    number = next(f for f in result.findings if f.kind == "voicemail_number")
    assert name.text.endswith("Thanks so much!") and name.end == len(text)
    assert "Sam Lee" in name.suggestion and "(555) 201-4477" in number.suggestion
    assert "voicemail_name" not in kinds(lint(text, variant="live", name="Sam Lee"))


def test_voicemail_missing_number_at_the_start():
    text = VOICEMAIL_OK.replace(", 555.201.4477.", ".")
    result = lint(text, variant="voicemail", name="Sam Lee", phone="5552014477")
    (f,) = [f for f in result.findings if f.kind.startswith("voicemail")]
    assert f.kind == "voicemail_number" and f.start == 0 and "start" in f.message


# ---------------------------------------------------------------- shape and input


def test_to_dict_shape_is_json_ready():
    d = lint(SEED, variant="voicemail", budget_seconds=(20, 30), name="Sam").to_dict()
    json.dumps(d)
    assert {"findings", "other_focus", "estimated_seconds", "sentences"} <= d.keys()
    assert d["other_focus"] == 0.0 and d["estimated_seconds"] > 0
    for f in d["findings"]:
        assert set(f) == {"kind", "text", "start", "end", "message", "suggestion"}
        assert f["kind"] in KINDS and SEED[f["start"] : f["end"]] == f["text"]


def test_findings_sorted_and_no_same_kind_overlaps():
    text = ("Um, sorry to bother you, I was just wondering if you got my resume. "
            "I'm just following up, like, hopefully. I guess I know you're busy.")
    findings = lint(text, variant="live").findings
    assert findings == sorted(findings, key=lambda f: f.start)
    for a in findings:
        for b in findings:
            if a is not b and a.kind == b.kind:
                assert a.end <= b.start or b.end <= a.start, (a, b)


def test_sentences_split_on_ends_and_line_breaks_not_titles():
    text = "Hi Dr. Okafor!\nIt's Sam.  Is now a good time?"
    assert [s.text for s in split_sentences(text)] == ["Hi Dr. Okafor!", "It's Sam.",
                                                      "Is now a good time?"]
    assert [s.is_ask for s in split_sentences(text)] == [False, False, True]


def test_empty_script_has_nothing_to_fix():
    result = lint("   ", variant="live")
    assert result.findings == [] and result.other_focus is None and result.estimated_seconds == 0
    assert suggest_rewrite("Your team is doing great work. How is the search going?") is None


@pytest.mark.parametrize("kwargs, needle", [
    ({"variant": "fax"}, "unknown script variant"),
    ({"budget_seconds": (30, 20)}, "time budget"),
    ({"budget_seconds": ("soon", 20)}, "time budget"),
    ({"rate_wpm": 0}, "speaking rate"),
])
def test_bad_arguments_get_clear_messages(kwargs, needle):
    with pytest.raises(InvalidInput, match=needle):
        lint("Hi Dana.", **kwargs)


def test_filler_fix_never_keeps_a_weak_phrase():
    from coach.phrases import find_weak_phrases

    result = lint("Uh, I'm just following up on my résumé.")
    filler = next(f for f in result.findings if f.kind == "filler")
    assert filler.suggestion and not find_weak_phrases(filler.suggestion)
    assert "uh" not in filler.suggestion.lower().split()
    plain = lint("Um, how is the project going for your team?")
    fix = next(f for f in plain.findings if f.kind == "filler").suggestion
    assert fix == "How is the project going for your team?"


@pytest.mark.parametrize("said, named", [
    ("I'm just calling to follow up on my application.", "application"),
    ("I'm just following up on my résumé.", "résumé"),
])
def test_why_speaks_of_what_was_said(said, named):
    # the explanation names what the user opened with, not always "your résumé"
    weak = next(f for f in lint(said).findings if f.kind == "weak_phrase")
    assert named in weak.message


def test_a_blank_left_in_is_flagged_where_it_stands():
    """The email template leaves "[something you enjoyed discussing]" for the user, and a
    script with no phone on file says "[your phone number]": sent or said as they are,
    the listener gets the brackets."""
    text = ("Hi Lee,\n\nI especially enjoyed hearing about [something you enjoyed "
            "discussing]. Could we talk?\n\nBest,\n[your name]\n")
    blanks = [f for f in lint(text, variant="email").findings if f.kind == "blank"]
    assert [f.text for f in blanks] == ["[something you enjoyed discussing]", "[your name]"]
    assert all(text[f.start:f.end] == f.text for f in blanks)
    assert "before you send it" in blanks[0].message and "read" in blanks[0].message
    assert "profile" in blanks[1].message  # where the name comes from
    call = lint("Hi, it's Sam. You can reach me at [your phone number]. Could you call me?")
    (f,) = [f for f in call.findings if f.kind == "blank"]
    assert "before you say it" in f.message and "phone number" in f.message
    assert "blank" not in kinds(lint("Could I ask how the search is going? (No rush.)"))


def test_the_pronoun_count_reads_as_a_sentence():
    (f,) = [f for f in lint("I applied last week. I think my skills fit. Do you agree?").findings
            if "Across the script" in f.message]
    assert "1 of 4 pronouns points at them" in f.message  # not "1 of 4 pronouns point"
    (f,) = [f for f in lint("I applied. I think my skills fit, you see, your team.").findings
            if "Across the script" in f.message]
    assert "2 of 5 pronouns point at them" in f.message
