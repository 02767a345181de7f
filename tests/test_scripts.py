"""The script builder over the built-in templates: every variant reads well with and without
optional details, voicemails fit their time, scripts stay warm and other-focused."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from coach.errors import InvalidInput, NotFound
from coach.models import Application, Contact, Profile, Relationship, Stage, Variant
from coach.scripts import (
    NAME_PLACEHOLDER,
    PHONE_PLACEHOLDER,
    CallScript,
    build_script,
    default_variant,
    first_name,
    sent_when,
)
from coach.templates import load_library
from coach.text import estimate_seconds, words

TODAY = date(2025, 3, 11)  # a Tuesday; the application went out a week earlier
SPOKEN = [v for v in Variant if v.spoken]
CONVERSATIONS = [Variant.LIVE, Variant.GATEKEEPER, Variant.HIRING_MANAGER, Variant.HR]

WEAK_PHRASES = [
    "just following up", "just checking in", "sorry to bother you", "i was wondering",
    "did you get my résumé", "did you get my resume", "following up on my résumé",
    "following up on my resume", "just wanted to", "touching base", "uh", "um", "er", "erm",
]
YOU_WORDS = {"you", "your", "yours", "yourself", "you're", "you've", "you'd", "you'll"}
I_WORDS = {"i", "me", "my", "mine", "myself", "i'm", "i've", "i'd", "i'll"}


def full_contact():
    return Contact("Dana Whitfield", Relationship.NETWORK, title="Design Lead",
                   phone="555-310-2288", email="dana@example.com",
                   how_we_know="we worked together at Acme", referred_by="Priya Shah")


def bare_contact():
    return Contact("Jordan", Relationship.ALLY)


def app_(**kw):
    base = dict(company="Northwind Health", role="Senior Product Designer",
                date_sent=date(2025, 3, 4))
    return Application(**{**base, **kw})


PROFILE = Profile(name="Sam Rivera", phone="555-201-0134")
CONTACTS = {"full": full_contact, "bare": bare_contact, "none": lambda: None}


def build(variant, contact="full", app=None, profile=PROFILE, **kw):
    return build_script(app or app_(), CONTACTS[contact]() if isinstance(contact, str)
                        else contact, profile, variant, today=TODAY, **kw)


def all_text(script: CallScript) -> str:
    parts = script.lines() + script.key_points + [script.subject or ""]
    parts += [f"{o.trigger} {o.reply}" for o in script.objections]
    return "\n".join(parts)


@pytest.mark.parametrize("contact", CONTACTS)
@pytest.mark.parametrize("variant", list(Variant))
def test_every_builtin_renders_cleanly(variant, contact):
    script = build(variant, contact)
    assert script.variant == variant and script.template_id == variant.value
    assert script.sections and all(s.lines for s in script.sections)
    for line in script.lines() + [o.reply for o in script.objections]:
        assert line == line.strip() and "  " not in line
        assert not re.search(r"\s[,.?!;:]", line), line  # nothing left hanging by an {% if %}
        assert not re.search(r"\{\{|\{%|None|\[your", line), line
    if contact == "none":
        assert "Dana" not in all_text(script) and "Priya" not in all_text(script)
        assert not re.search(r"\bHi ,", all_text(script))
    if contact == "full" and variant in (Variant.LIVE, Variant.EMAIL, Variant.LINKEDIN):
        text = all_text(script)
        assert "we worked together at Acme" in text and "Priya Shah" in text


@pytest.mark.parametrize("variant", CONVERSATIONS)
def test_conversations_have_the_five_parts_key_points_and_objections(variant):
    script = build(variant)
    assert [s.name for s in script.sections] == ["opener", "context", "value", "ask", "thanks"]
    assert len(script.key_points) == 5 and all(script.key_points)
    assert {o.id for o in script.objections} == {"busy", "email", "hr", "filled", "no-calls"}
    assert all(o.trigger and o.reply for o in script.objections)
    assert script.subject is None


@pytest.mark.parametrize("variant", [Variant.HIRING_MANAGER, Variant.HR])
def test_hiring_manager_and_hr_are_short_and_offer_email(variant):
    short, live = build(variant), build(Variant.LIVE)
    assert short.estimated_seconds < live.estimated_seconds
    assert "email" in " ".join(short.sections[0].lines).lower()


def test_gatekeeper_asks_their_name_and_advice_when_unknown():
    opener = " ".join(build(Variant.GATEKEEPER, "none").sections[0].lines)
    assert "Who am I speaking with?" in opener and "advice" in opener
    assert build(Variant.GATEKEEPER, "bare").lines()[0].startswith("Hi Jordan, it's Sam Rivera")


def test_referral_is_named_in_the_opener_and_key_point():
    script = build(Variant.LIVE)
    assert script.lines()[0] == "Hi Dana, it's Sam Rivera — we worked together at Acme."
    assert "Priya Shah" in script.sections[0].lines[1]
    assert script.key_points[0].startswith("Say that Priya Shah suggested the call")
    plain = build(Variant.LIVE, "bare")
    assert plain.key_points[0].startswith("Say who you are and how you know them")


VOICEMAIL_CASES = [
    ("Sam Rivera", "555-201-0134", "Senior Product Designer", "Northwind Health", "full"),
    ("Sam Rivera", "(555) 201-0134", "Data Analyst", "Acme", "none"),
    ("Alexandra Okonkwo-Martinez", "+1 415 555 0199", "Senior Backend Engineer, Payments",
     "Blue Ridge Community Credit Union", "full"),
    ("Li Wei", "555.201.0134", "Nurse", "St. Mary's", "bare"),
]


@pytest.mark.parametrize("name, phone, role, company, contact", VOICEMAIL_CASES)
def test_voicemail_fits_20_to_30_seconds_with_name_and_number_first_and_last(
        name, phone, role, company, contact):
    profile = Profile(name=name, phone=phone)
    script = build(Variant.VOICEMAIL, contact, app=app_(role=role, company=company),
                   profile=profile)
    assert 20 <= script.estimated_seconds <= 30, script.text()
    assert estimate_seconds(script.text(), 150) == script.estimated_seconds
    lines = script.lines()
    for line in (lines[0], lines[-1]):
        assert name in line and phone in line


def test_estimate_counts_spoken_lines_only_at_the_users_rate():
    script = build(Variant.LIVE)
    assert script.estimated_seconds == estimate_seconds("\n".join(script.lines()), 150)
    slow = build(Variant.LIVE, profile=Profile("Sam Rivera", "555-201-0134",
                                               speaking_rate_wpm=120))
    assert slow.estimated_seconds > script.estimated_seconds and slow.rate_wpm == 120


@pytest.mark.parametrize("contact", CONTACTS)
@pytest.mark.parametrize("variant", SPOKEN)
def test_spoken_builtins_fit_their_own_budget(variant, contact):
    script = build(variant, contact)
    lo, hi = script.budget_seconds
    assert lo <= script.estimated_seconds <= hi, (variant, script.estimated_seconds)


@pytest.mark.parametrize("contact", CONTACTS)
@pytest.mark.parametrize("variant", list(Variant))
def test_no_builtin_contains_a_weak_phrase(variant, contact):
    for stage in (Stage.APPLIED, Stage.INTERVIEWED):
        padded = f" {' '.join(words(all_text(build(variant, contact, app=app_(stage=stage)))))} "
        for phrase in WEAK_PHRASES:
            assert f" {phrase} " not in padded, (variant, phrase)


@pytest.mark.parametrize("contact", CONTACTS)
@pytest.mark.parametrize("variant", SPOKEN)
def test_spoken_scripts_are_other_focused(variant, contact):
    script = build(variant, contact)
    for text in ("\n".join(script.lines()), "\n".join(o.reply for o in script.objections)):
        w = words(text)
        assert sum(x in YOU_WORDS for x in w) >= sum(x in I_WORDS for x in w), text


def test_user_fields_are_printed_as_typed_never_evaluated():
    app = app_(company="{{ 7*7 }}", role="{% for x in y %}Lead{% endfor %}")
    contact = Contact("{% if %} Lee", Relationship.NETWORK, referred_by="{{ config }}")
    for variant in Variant:
        text = all_text(build(variant, contact, app=app))
        assert "49" not in text
        if variant not in (Variant.HIRING_MANAGER, Variant.HR):  # these don't name it
            assert "{{ 7*7 }}" in text
        assert "{% for x in y %}Lead{% endfor %}" in text
    assert build(Variant.LIVE, contact, app=app).lines()[0].startswith("Hi {%,")
    assert "{{ config }}" in build(Variant.LIVE, contact, app=app).lines()[1]


def test_missing_profile_details_show_placeholders():
    script = build(Variant.VOICEMAIL, profile=Profile())
    assert NAME_PLACEHOLDER in script.lines()[0] and PHONE_PLACEHOLDER in script.lines()[-1]


def test_after_an_interview_the_hiring_manager_script_thanks_them():
    script = build(Variant.HIRING_MANAGER, app=app_(stage=Stage.INTERVIEWED))
    assert script.sections[1].lines[0].startswith("Thank you again for talking with me")
    assert "applied" not in " ".join(script.lines())


def test_email_has_a_subject_and_text_starts_with_it():
    script = build(Variant.EMAIL)
    assert script.subject == ("Senior Product Designer at Northwind Health "
                              "(Priya Shah suggested I write)")
    text = script.text()
    assert text.startswith(f"Subject: {script.subject}\n\nHi Dana,\n\n")
    assert text.rstrip().endswith("Thank you,\nSam Rivera\n555-201-0134")
    assert build(Variant.EMAIL, "none").lines()[0] == "Hello,"


# What a résumé follow-up says, and a thank-you note never should.
FOLLOW_UP_WORDS = ["applied", "search", "opening", "résumé", "resume", "still moving",
                   "where things stand", "on hold"]
BLANK = "[something you enjoyed discussing]"
DATA_ANALYST = dict(role="Data Analyst", company="Acme")


def focus_counts(text: str) -> tuple[int, int]:
    """("you" words, "I" words) in `text`, leaving out [blanks] the user types over."""
    w = words(re.sub(r"\[[^\]]*\]", " ", text))
    return sum(x in YOU_WORDS for x in w), sum(x in I_WORDS for x in w)


@pytest.mark.parametrize("contact", CONTACTS)
@pytest.mark.parametrize("stage", [Stage.INTERVIEWED, Stage.OFFER])
def test_after_an_interview_the_email_is_a_thank_you_note(stage, contact):
    script = build(Variant.EMAIL, contact, app=app_(stage=stage, **DATA_ANALYST))
    assert script.subject == "Thank you — Data Analyst interview"
    body = "\n".join(script.lines())
    assert script.lines()[1] == ("Thank you for taking the time to talk with me about the "
                                 "Data Analyst role at Acme.")
    assert BLANK in body  # one specific thing from the conversation, for the user to fill in
    assert "excited about the chance to join your team" in body
    lowered = f"{script.subject}\n{body}".lower()
    for phrase in FOLLOW_UP_WORDS:
        assert phrase not in lowered, phrase
    assert "Priya" not in script.subject  # the referral was for the application, not this
    assert script.text().rstrip().endswith("Best wishes,\nSam Rivera\n555-201-0134")
    you, me = focus_counts(body)
    assert you >= me, body
    assert script.key_points[0] == "Thank them for their time"


def test_thank_you_email_greets_whoever_they_are():
    interviewed = app_(stage=Stage.INTERVIEWED)
    assert build(Variant.EMAIL, "bare", app=interviewed).lines()[0] == "Hi Jordan,"
    assert build(Variant.EMAIL, "none", app=interviewed).lines()[0] == "Hello,"


@pytest.mark.parametrize("contact", CONTACTS)
@pytest.mark.parametrize("stage", [Stage.APPLIED, Stage.SCREENED, Stage.CLOSED])
def test_before_an_interview_the_email_is_still_the_follow_up(stage, contact):
    script = build(Variant.EMAIL, contact, app=app_(stage=stage, **DATA_ANALYST))
    assert script.subject.startswith("Data Analyst at Acme")
    body = "\n".join(script.lines())
    assert "I applied for the Data Analyst opening last week" in body
    assert "is the search still moving" in body
    assert BLANK not in body and "interview" not in body.lower()
    assert script.text().rstrip().endswith("Thank you,\nSam Rivera\n555-201-0134")


def test_applied_email_and_linkedin_text_is_unchanged():
    applied = app_(**DATA_ANALYST)
    assert build(Variant.EMAIL, "bare", app=applied).text() == (
        "Subject: Data Analyst at Acme\n\n"
        "Hi Jordan,\n\n"
        "My name is Sam Rivera. I hope things are going well for you and your team at Acme.\n\n"
        "I applied for the Data Analyst opening last week; it's the kind of work I do best, "
        "and it would be great to bring that to a team like yours.\n\n"
        "Could I ask your advice? From where you sit, is the search still moving, or has it "
        "slowed down or gone on hold? And who would you say is the best person to talk to "
        "about it?\n\n"
        "A short reply whenever you have a moment would mean a lot, and if there's ever "
        "anything I can do for you, please let me know.\n\n"
        "Thank you,\nSam Rivera\n555-201-0134\n")
    assert build(Variant.LINKEDIN, "bare", app=applied).text() == (
        "Hi Jordan, it's Sam.\n\n"
        "I saw the Data Analyst opening at Acme and applied last week. Would you be open to "
        "sharing how the search looks from your side, or who'd be best to talk to?\n\n"
        "Thank you either way, and I hope your week is going well!\n")


@pytest.mark.parametrize("contact", CONTACTS)
def test_after_an_interview_the_linkedin_message_is_a_short_thank_you(contact):
    script = build(Variant.LINKEDIN, contact, app=app_(stage=Stage.INTERVIEWED, **DATA_ANALYST))
    body = "\n".join(script.lines())
    assert "thank you for taking the time to talk with me about the Data Analyst role at Acme" \
        in script.lines()[0]
    assert BLANK in body and "join your team" in body
    for phrase in FOLLOW_UP_WORDS:
        assert phrase not in body.lower(), phrase
    you, me = focus_counts(body)
    assert you >= me, body
    assert len(words(body)) < len(words("\n".join(build(Variant.EMAIL, contact, app=app_(
        stage=Stage.INTERVIEWED, **DATA_ANALYST)).lines())))


def test_text_is_one_line_per_script_line_with_blank_lines_between_sections():
    script = build(Variant.LIVE)
    blocks = script.text().rstrip("\n").split("\n\n")
    assert [b.split("\n") for b in blocks] == [s.lines for s in script.sections]
    assert [line for line in script.text().splitlines() if line] == script.lines()


def test_markdown_has_sections_key_points_and_objections():
    script = build(Variant.GATEKEEPER)
    md = script.markdown()
    assert md.startswith(f"# {script.title}\n")
    for s in script.sections:
        assert f"## {s.title}\n" in md and f"*Key point: {s.key_point}*" in md
        assert all(f"\n{line}\n" in md for line in s.lines)
    assert "## If they say…" in md
    assert all(o.trigger in md and o.reply in md for o in script.objections)
    assert "aim for 25–75 seconds" in md


def test_to_dict_shape_and_json():
    script = build(Variant.LIVE)
    d = json.loads(json.dumps(script.to_dict()))
    assert {"variant", "template", "title", "sections", "key_points", "objections",
            "estimated_seconds", "budget_seconds"} <= set(d)
    assert d["variant"] == "live" and d["template"] == "live"
    assert d["budget_seconds"] == [30.0, 90.0]
    assert [s["lines"] for s in d["sections"]] == [s.lines for s in script.sections]
    assert all({"name", "title", "lines"} <= set(s) for s in d["sections"])
    assert [set(o) for o in d["objections"]] == [{"id", "trigger", "reply"}] * 5
    assert d["key_points"] == script.key_points
    assert build(Variant.EMAIL).to_dict()["budget_seconds"] is None


@pytest.mark.parametrize("relationship, variant", [
    (Relationship.NETWORK, Variant.LIVE), (Relationship.ALLY, Variant.GATEKEEPER),
    (Relationship.HIRING_MANAGER, Variant.HIRING_MANAGER), (Relationship.HR, Variant.HR),
    (Relationship.UNKNOWN, Variant.GATEKEEPER),
])
def test_default_variant_follows_the_relationship(relationship, variant):
    contact = Contact("Dana", relationship)
    assert default_variant(contact) == variant
    assert build_script(app_(), contact, PROFILE, today=TODAY).variant == variant


def test_no_contact_defaults_to_the_gatekeeper():
    assert default_variant(None) == Variant.GATEKEEPER


def test_template_choice_errors_are_clear():
    with pytest.raises(NotFound, match="no script template with id 'nope'"):
        build(None, template_id="nope")
    with pytest.raises(InvalidInput, match="'voicemail' is for voicemail scripts, not hr"):
        build(Variant.HR, template_id="voicemail")
    with pytest.raises(InvalidInput, match="unknown script type 'phone'"):
        build("phone")
    assert build(None, template_id="voicemail").variant == Variant.VOICEMAIL


def test_user_template_library_is_used(tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "warm.toml").write_text(
        'id = "warm-hr"\nvariant = "hr"\ntitle = "Warm HR"\n[[sections]]\nname = "hi"\n'
        'body = "Hi {{ contact.first_name or \'there\' }}, {{ company }} sounds great."\n',
        encoding="utf-8")
    lib = load_library(folder)
    script = build(Variant.HR, "none", library=lib, template_id="warm-hr")
    assert script.lines() == ["Hi there, Northwind Health sounds great."]
    assert script.budget_seconds is None and script.objections == []
    assert build(Variant.HR, library=lib).template_id == "hr"  # the built-in stays default


@pytest.mark.parametrize("full, expected", [
    ("Dana Whitfield", "Dana"), ("  dana  ", "dana"), ("Dr. Dana Lee", "Dr. Lee"),
    ("Ms Okafor", "Ms Okafor"), ("", ""), ("Mary-Jane O'Neil", "Mary-Jane"),
])
def test_first_name(full, expected):
    assert first_name(full) == expected


@pytest.mark.parametrize("sent, expected", [
    (date(2025, 3, 11), "today"), (date(2025, 3, 10), "yesterday"),
    (date(2025, 3, 6), "on Thursday"), (date(2025, 3, 4), "last week"),
    (date(2025, 2, 20), "about two weeks ago"), (date(2024, 12, 20), "back in December"),
    (date(2023, 1, 1), "a while ago"), (date(2025, 3, 20), "today"),
])
def test_sent_when(sent, expected):
    assert sent_when(sent, TODAY) == expected


def test_date_variables():
    from coach.scripts import template_variables

    v = template_variables(app_(), None, PROFILE, today=TODAY)
    assert (v["sent_weekday"], v["days_since_sent"], v["sent_when"]) == ("Tuesday", 7,
                                                                        "last week")
    assert v["has_contact"] is False and v["contact"].name == ""
