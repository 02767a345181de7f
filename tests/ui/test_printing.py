"""Printing through Qt: each document to PDF, read back with poppler (pdftotext, pdftoppm,
pdffonts, pdfinfo) — the words, the paper, the fonts, nothing past the margins — plus the
print and preview dialogs and `callcoach print` without a display."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from coach import documents as D
from coach.documents.gather import gather
from coach.models import Take
from tests.conftest import REPO
from tests.test_documents import NOW, add_app, flat, report

pytestmark = [pytest.mark.gui,
              pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler")]

ARABIC = "مريم الحسيني"
LONG_COMPANY = ("Établissements Zoë Ångström & Søn Internationale Datenanalyse und "
                "Beratungsgesellschaft für Öffentliche Verwaltung GmbH")


def run(*cmd) -> str:
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout


def pdf_text(path: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return run("pdftotext", *pages, str(path), "-")


def page_size(path: Path) -> tuple[float, float]:
    m = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", run("pdfinfo", str(path)))
    return float(m.group(1)), float(m.group(2))


def page_count(path: Path) -> int:
    return int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", str(path))).group(1))


def ink(path: Path, tmp_path: Path, page: int = 1) -> float:
    """The share of dark pixels on a page, from pdftoppm's greyscale rendering."""
    stem = tmp_path / f"page{page}"
    run("pdftoppm", "-gray", "-r", "40", "-f", str(page), "-l", str(page), "-singlefile",
        str(path), str(stem))
    data = Path(f"{stem}.pgm").read_bytes()
    m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    width, height = int(m.group(1)), int(m.group(2))
    pixels = data[m.end():m.end() + width * height]
    return sum(1 for p in pixels if p < 128) / len(pixels)


def words_outside(path: Path, margin_pt: float) -> list[str]:
    """Words whose box reaches into the margin or off the page, on any page."""
    xml = run("pdftotext", "-bbox", str(path), "-")
    out = []
    for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', xml,
                            re.S):
        w, h = float(page.group(1)), float(page.group(2))
        for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                             r'yMax="([\d.]+)">(.*?)</word>', page.group(3)):
            x0, y0, x1, y1 = (float(m.group(i)) for i in range(1, 5))
            if x0 < margin_pt or y0 < margin_pt or x1 > w - margin_pt or y1 > h - margin_pt:
                out.append(m.group(5))
    return out


def plain(text: str) -> str:
    """pdftotext output comparable with what was typed: presentation forms folded back,
    bidi controls dropped, line wrapping undone."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", text)
    return flat(text)


@pytest.fixture
def printing(qapp):
    from ui import printing

    return printing


@pytest.fixture
def northwind(store):
    app = add_app(store)
    for wpm in (185, 160):
        store.add_take(Take(application_id=app.id, audio_path="x.wav", report=report(wpm=wpm)))
    return app


EXPECTED = {
    "cards": ["OPENER AND PERMISSION", "card 1 of", "Calling Dana Reyes",
              "we volunteered together at Code for Good", "IF THEY SAY",
              "Can you send me an email instead?"],
    "sheet": ["Northwind Analytics — Data Analyst", "The application", "Advice and timing",
              "Your script: Live call", "If you reach voicemail", "Time budget",
              "If they say", "Notes from the call", "page 1 of"],
    "report": ["Practice report", "How it went", "Three things to try next",
               "Progress across takes", "What you said", "[um]", "[pause 3.5 s]",
               "What was marked", "take 2 of 2"],
}


@pytest.mark.parametrize("kind", D.KINDS)
def test_each_document_prints_to_a_pdf_with_its_words_and_fonts(printing, store, northwind,
                                                                 tmp_path, kind):
    out = tmp_path / f"{kind}.pdf"
    pages = printing.print_to_pdf(D.build(store, northwind.id, kind), out)
    assert out.exists() and page_count(out) == pages >= 1
    text = plain(pdf_text(out))
    for expected in EXPECTED[kind]:
        assert expected in text, expected
    for leftover in ("{{", "}}", "{%", "<p", "</", "&lt;", "&amp;", "&nbsp;"):
        assert leftover not in text, leftover
    assert ink(out, tmp_path) > 0.005  # page 1 has something on it
    fonts = run("pdffonts", str(out)).splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts  # embedded
    assert not list(tmp_path.glob("*.part"))


@pytest.mark.parametrize(("kind", "page", "size"), [
    ("cards", None, (432, 288)),  # 6 × 4 in, held sideways
    ("cards", "a6", (419.5, 297.6)),
    ("sheet", "letter", (612, 792)),
    ("report", "a4", (595.3, 841.9)),
])
def test_paper_sizes(printing, store, northwind, tmp_path, kind, page, size):
    out = tmp_path / "x.pdf"
    printing.print_to_pdf(D.build(store, northwind.id, kind), out, page)
    assert page_size(out) == pytest.approx(size, abs=1)


@pytest.mark.parametrize("kind", D.KINDS)
def test_long_names_accents_and_right_to_left_text_stay_on_the_page(printing, store,
                                                                     tmp_path, kind):
    app = add_app(store, company=LONG_COMPANY, name=ARABIC, phone="+33 6 12 34 56 78",
                  how="we met at the Université Paris-Saclay data lab, unbreakable_"
                      "identifier_without_any_spaces_at_all_0123456789_abcdefghij")
    assert len(LONG_COMPANY) == 119
    store.add_take(Take(application_id=app.id, audio_path="x.wav", report=report()))
    out = tmp_path / f"{kind}.pdf"
    doc = D.build(store, app.id, kind)
    printing.print_to_pdf(doc, out)
    margin_mm = D.page_spec(printing.page_for(doc)).margin_mm
    assert words_outside(out, margin_mm / 25.4 * 72 - 2) == []
    text = plain(pdf_text(out))
    assert "Établissements Zoë Ångström & Søn" in text and "Öffentliche Verwaltung" in text
    if kind != "report":  # the report names the company, not the contact
        letters = ARABIC.replace(" ", "")
        squashed = re.sub(r"\s", "", text)
        assert letters in squashed or letters[::-1] in squashed


def test_a_card_too_long_for_one_index_card_flows_to_the_next(printing, store, northwind,
                                                              tmp_path):
    script = gather(store, northwind.id, now=NOW).main
    long_lines = [f"Line {n}: " + " ".join(["really"] * 25) + f" the end of line {n}."
                  for n in (1, 2, 3)]
    blocks = script.text().split("\n\n")
    blocks[0] = "\n".join(long_lines)
    store.save_script(northwind.id, script.variant.value, "\n\n".join(blocks))
    doc = D.cue_cards(store, northwind.id)
    out = tmp_path / "cards.pdf"
    pages = printing.print_to_pdf(doc, out)
    cards = len([s for s in script.sections if s.lines]) + len(script.objections)
    assert pages > cards
    assert "continued on the next card" in pdf_text(out, 1)
    assert "card 2 of" not in pdf_text(out, 2) and "continued" in pdf_text(out, 2)
    for n in (1, 2, 3):  # each paragraph whole on one card, never split mid-sentence
        holders = [p for p in range(1, pages + 1)
                   if f"Line {n}:" in plain(pdf_text(out, p))]
        assert len(holders) == 1
        assert f"the end of line {n}." in plain(pdf_text(out, holders[0]))


def test_a_dark_desktop_theme_still_prints_black_text(printing, qapp, store, northwind,
                                                      tmp_path):
    from PySide6.QtGui import QColor, QPalette

    old = qapp.palette()
    dark = QPalette(old)
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText):
        dark.setColor(role, QColor("white"))
    qapp.setPalette(dark)
    try:
        out = tmp_path / "sheet.pdf"
        printing.print_to_pdf(D.build(store, northwind.id, "sheet"), out)
    finally:
        qapp.setPalette(old)
    assert ink(out, tmp_path, page=2) > 0.01


def test_bare_html_prints_too(printing, tmp_path):
    out = tmp_path / "x.pdf"
    assert printing.print_to_pdf("<h1>Hello &amp; welcome</h1><p>Zoë</p>", out, "a4") == 1
    assert "Hello & welcome" in pdf_text(out) and page_size(out) == pytest.approx((595.3,
                                                                                     841.9), abs=1)


def test_preview_dialog_lays_out_the_same_pages(printing, qtbot, store, northwind, tmp_path):
    from PySide6.QtPrintSupport import QPrintPreviewWidget

    doc = D.build(store, northwind.id, "cards")
    pages = printing.print_to_pdf(doc, tmp_path / "c.pdf")
    dialog = printing.preview_dialog(None, doc)
    qtbot.addWidget(dialog)
    widget = dialog.findChild(QPrintPreviewWidget)
    widget.updatePreview()
    assert widget.pageCount() == pages
    assert "Cue cards" in dialog.windowTitle()


def test_print_dialog_prints_through_the_same_path(printing, qtbot, store, northwind,
                                                   tmp_path, monkeypatch):
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    out = tmp_path / "printed.pdf"

    def accept(dialog):  # the user picks "print to file" and presses Print
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(out))
        return QPrintDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", accept)
    assert printing.print_dialog(None, D.build(store, northwind.id, "report")) is True
    assert "Practice report" in pdf_text(out) and page_count(out) >= 1

    monkeypatch.setattr(QPrintDialog, "exec", lambda d: QPrintDialog.DialogCode.Rejected)
    assert printing.print_dialog(None, D.build(store, northwind.id, "report")) is False


def _cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    """`callcoach ARGS` in a fresh process with no display at all."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    code = ("import sys\nfrom coach.cli import main\nfrom ui import cli_print\n"
            f"sys.exit(main(['--data-dir', {str(data_dir)!r}, *sys.argv[1:]], "
            "extra=(cli_print,)))")
    return subprocess.run([sys.executable, "-c", code, *args], cwd=REPO, env=env,
                          capture_output=True, text=True)


def test_callcoach_print_works_without_a_display(store, northwind, data_dir, tmp_path):
    out = tmp_path / "cards.pdf"
    r = _cli(data_dir, "print", str(northwind.id), "--what", "cards", "--pdf", str(out),
             "--json")
    assert r.returncode == 0, r.stderr
    result = json.loads(r.stdout)
    assert result["page"] == "index-card" and result["pages"] == page_count(out) >= 7
    assert page_size(out) == pytest.approx((432, 288), abs=1)
    takes = store.list_takes(northwind.id)
    r = _cli(data_dir, "print", str(northwind.id), "--what", "report", "--take",
             str(takes[0].id), "--page", "a4", "--pdf", str(tmp_path / "r.pdf"))
    assert r.returncode == 0, r.stderr
    assert "take 1 of 2" in plain(pdf_text(tmp_path / "r.pdf"))


def test_callcoach_print_errors_are_one_line_and_write_nothing(store, data_dir, tmp_path):
    app = add_app(store)
    out = tmp_path / "r.pdf"
    for args, message in [
        (("--what", "report"), "no analysed practice takes yet"),
        (("--what", "cards", "--variant", "email"), "cue cards are for calls"),
        (("--what", "sheet", "--take", "3"), "--take goes with --what report"),
    ]:
        r = _cli(data_dir, "print", str(app.id), *args, "--pdf", str(out))
        assert r.returncode == 2 and message in r.stderr, r.stderr
        assert r.stderr.count("\n") == 1
    r = _cli(data_dir, "print", "999", "--pdf", str(out))
    assert r.returncode == 2 and "no application with id 999" in r.stderr
    assert not out.exists() and not list(tmp_path.glob("*.part"))


def test_save_as_picks_the_format_from_the_suffix(printing, store, northwind, tmp_path):
    doc = D.build(store, northwind.id, "sheet")
    for name in ("s.pdf", "s.md", "s.txt"):
        printing.save_as(doc, tmp_path / name)
    assert page_count(tmp_path / "s.pdf") >= 2
    assert (tmp_path / "s.md").read_text().startswith("# Northwind Analytics — Data Analyst")
    assert (tmp_path / "s.txt").read_text().startswith("Northwind Analytics — Data Analyst\n===")
