"""Which Debian packages a bundle loads its libraries from: the `Depends:` of the .deb.

The spec leaves the distribution's own libraries out of the bundle (X11/xcb, EGL, CUPS,
OpenSSL…). Here every ELF file in the bundle is read for the libraries it needs
(readelf); those the bundle does not carry itself are looked up with ldconfig and mapped
to their package with dpkg -S. Libraries opened by name at run time are added by hand.
A library that nothing provides fails the build, so a missing package cannot slip into a
release unnoticed.

    python packaging/linux/depends.py dist/call-coach     (prints the Depends line)
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

# Opened with dlopen/ctypes by name, so no ELF file lists them.
DLOPENED = {
    "libespeak-ng.so.1": "pyttsx3's espeak driver (text to speech)",
    "libportaudio.so.2": "sounddevice (recording and playback)",
    "libdbus-1.so.3": "Qt's D-Bus support (input methods, portals)",
}


def elf_files(root: Path):
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as fh:
                if fh.read(4) == b"\x7fELF":
                    yield path


def needed(path: Path) -> list[str]:
    out = subprocess.run(["readelf", "-d", str(path)], capture_output=True, text=True).stdout
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out)


def system_libraries() -> dict[str, str]:
    """soname -> path for the 64-bit x86 libraries ldconfig knows."""
    out = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, check=True).stdout
    found: dict[str, str] = {}
    for line in out.splitlines():
        m = re.match(r"\s*(\S+) \(([^)]*)\) => (\S+)", line)
        if m and "x86-64" in m.group(2):
            found.setdefault(m.group(1), m.group(3))
    return found


def owning_package(path: str) -> str | None:
    """The package that installed `path`, trying the /usr-merged spellings too."""
    real = os.path.realpath(path)
    candidates = {path, real}
    for p in list(candidates):
        candidates.add(p[4:] if p.startswith("/usr/") else "/usr" + p)
    for p in sorted(candidates):
        res = subprocess.run(["dpkg", "-S", p], capture_output=True, text=True)
        if res.returncode == 0:
            return res.stdout.split(":", 1)[0].strip()
    return None


def depends(bundle: Path) -> tuple[list[str], list[str]]:
    """(packages, problems) for the bundle folder."""
    files = list(elf_files(bundle))
    provided = {p.name for p in bundle.rglob("*")}
    wanted = set(DLOPENED)
    for f in files:
        wanted.update(n for n in needed(f) if n not in provided)
    system = system_libraries()
    packages, problems = set(), []
    for soname in sorted(wanted):
        path = system.get(soname)
        pkg = owning_package(path) if path else None
        if pkg is None:
            why = f"no package owns {path}" if path else "not installed"
            problems.append(f"{soname}: {why}")
        else:
            packages.add(pkg)
    return sorted(packages), problems


def main(argv: list[str]) -> int:
    bundle = Path(argv[0] if argv else "dist/call-coach")
    packages, problems = depends(bundle)
    for p in problems:
        print(f"depends: {p}", file=sys.stderr)
    print(", ".join(packages))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
