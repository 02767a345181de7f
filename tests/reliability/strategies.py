"""Hypothesis strategies for hostile text: what a user might paste into any field, or what
a damaged file or a prank might put there."""

from __future__ import annotations

from hypothesis import strategies as st

# Executed, this would print EXECUTED or ZQXJ; as data it never contains them.
PROBES = ("{{ 'ZQ' ~ 'XJ' }}", "{% if 1 %}EXECUTED{% endif %}", "{{ 7*7 }}", "{%", "}}",
          "{{", "{#", "{% raw %}", "{{ ''.__class__.__mro__ }}", "{{ cycler }}")
NASTY = PROBES + (
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "</p><h1>x</h1>",
    "&amp;", "&lt;b&gt;", "\"'`", "../../etc/passwd", "..\\..\\windows\\win.ini",
    "/dev/zero", "C:\\con\\aux", "\u202eevil\u202c", "שלום עולם", "مرحبا بالعالم",
    "👩‍💻🚀🏳️‍🌈", "e\u0301", "\u200b\u200d\ufeff", "\x00", "\x1b[31mred", "\r\n", "\t",
    "\x7f\x85", "\ud7ff\ue000", "*bold* _it_ `code` # h [l](u) | t |", "- item\n1. x",
    "%s %d %(x)s {0} {x}", "'; DROP TABLE applications; --", "NaN", "-1", "9" * 30,
)


def _big(s: str) -> str:
    return (s * (100_000 // max(1, len(s)) + 1))[:100_000]


any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)
hostile = st.one_of(
    st.sampled_from(NASTY),
    st.lists(st.one_of(st.sampled_from(NASTY), any_text), min_size=1, max_size=6).map(
        "".join),
    any_text,
)
# 100 kB strings are slow to carry through everything, so they are one draw in ten
field_text = st.one_of(hostile, hostile, hostile, hostile, hostile, hostile, hostile,
                       hostile, hostile, st.sampled_from(NASTY).map(_big))

# fragments of Jinja for template bodies: balanced or not, nested or not
JINJA_BITS = ("{{", "}}", "{%", "%}", "{#", "#}", " if ", " endif ", " for x in range(3) ",
              " endfor ", " else ", "me.name", "contact.first_name", "company", "|upper",
              "|attr('x')", "|join(',')", "~", " * ", "'", '"', "(", ")", "[", "]",
              " set y = 2 ", " raw ", " endraw ", " macro m() ", " endmacro ", " call m() ",
              " endcall ", "\n", " x ", " 9 ", "loop.index", "namespace()", "dict(a=1)",
              "range(5)", " is defined ", " not ", "-", "\\")
template_body = st.one_of(
    st.lists(st.sampled_from(JINJA_BITS), max_size=25).map("".join),
    st.lists(st.one_of(st.sampled_from(JINJA_BITS), st.sampled_from(NASTY)),
             max_size=12).map("".join),
)
