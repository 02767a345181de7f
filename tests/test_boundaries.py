"""The core stays Qt-free: importing every coach module must not pull in PySide6 or ui."""

import pkgutil
import subprocess
import sys

import coach

from .conftest import REPO


def all_coach_modules() -> list[str]:
    names = ["coach"]
    for info in pkgutil.walk_packages(coach.__path__, prefix="coach."):
        names.append(info.name)
    return names


def test_coach_modules_found():
    names = all_coach_modules()
    assert "coach.store" in names and "coach.cli.records" in names


def test_no_coach_module_imports_qt_or_ui():
    names = all_coach_modules()
    code = (
        "import importlib, sys\n"
        f"for n in {names!r}:\n"
        "    importlib.import_module(n)\n"
        "roots = ('PySide6', 'shiboken6', 'ui')\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in roots)\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "", f"coach imported: {out}"


def test_boundary_check_would_catch_a_qt_import(tmp_path):
    """The probe above is real: a module that imports Qt is reported."""
    (tmp_path / "leaky.py").write_text("import PySide6.QtCore\n")
    code = (
        f"import sys; sys.path.insert(0, {str(tmp_path)!r}); import leaky\n"
        "print(any(m.startswith('PySide6') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "True"


def test_no_day_or_month_names_from_the_locale():
    """Qt sets the C locale from the desktop when the window opens, so strftime's %A, %a,
    %B and %b would write a German or French day into an English sentence: names come
    from coach.days instead."""
    import re

    spec = re.compile(r"\{[^{}]*:[^{}]*%[aAbB][^{}]*\}|strftime\([^)]*%[aAbB]")
    bad = [f"{path.relative_to(REPO)}:{n}"
           for root in ("coach", "ui") for path in sorted((REPO / root).rglob("*.py"))
           for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
           if spec.search(line)]
    assert bad == []
    assert spec.search('f"{slot:%A} {slot.day}"') and spec.search('d.strftime("%d %b")')
