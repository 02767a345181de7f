"""Turn the onedir bundle (dist/call-coach) into dist/call-coach_VERSION_ARCH.deb.

Layout: the bundle in /opt/call-coach, `call-coach` (and `callcoach`, the name the README's
command lines use) in /usr/bin, a .desktop entry, hicolor icons, and the licence notices
in /usr/share/doc/call-coach. No maintainer scripts: dpkg's triggers refresh the icon and
desktop caches, and nothing outside the package is touched — user data in
~/.local/share/call-coach is never the package's business, so upgrades and removal leave
it alone.

    python packaging/linux/make_deb.py [--bundle dist/call-coach] [--out dist] [--level 9]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))
import depends  # noqa: E402

NAME = "call-coach"
# Set DEB_MAINTAINER="Name <address>" for a release; .invalid marks the default as a stand-in.
MAINTAINER = "Call Coach developers <maintainers@call-coach.invalid>"
SYNOPSIS = "rehearse job follow-up calls with offline speech feedback"
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
# What the issue names as loaded from the system; depends.py must find at least these.
EXPECTED = {"libespeak-ng1", "libportaudio2", "libegl1", "libxkbcommon-x11-0",
            "libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1", "libxcb-shape0"}


def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def arch() -> str:
    return subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True,
                          check=True).stdout.strip()


def control(meta: dict, deps: list[str], installed_kib: int, architecture: str) -> str:
    return (
        f"Package: {NAME}\n"
        f"Version: {meta['version']}\n"
        f"Architecture: {architecture}\n"
        f"Maintainer: {os.environ.get('DEB_MAINTAINER', MAINTAINER)}\n"
        f"Installed-Size: {installed_kib}\n"
        f"Depends: {', '.join(deps)}\n"
        "Section: misc\n"
        "Priority: optional\n"
        f"Description: {SYNOPSIS}\n"
        " Call Coach helps a job seeker decide whether a follow-up call is wise, writes\n"
        " an other-focused call script, reads it aloud, records a practice take and\n"
        " transcribes it offline to show what to fix. Everything stays on this computer.\n"
    )


def dedupe(tree: Path) -> int:
    """Replace identical large files (e.g. the acoustic model that pocketsphinx and
    SpeechRecognition both ship) with relative symlinks. Returns bytes saved."""
    seen: dict[tuple[int, str], Path] = {}
    saved = 0
    for path in sorted(tree.rglob("*")):
        if not path.is_file() or path.is_symlink() or path.stat().st_size < 65536:
            continue
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        key = (path.stat().st_size, digest)
        first = seen.setdefault(key, path)
        if first is not path:
            saved += path.stat().st_size
            path.unlink()
            path.symlink_to(os.path.relpath(first, path.parent))
    return saved


def normalise_modes(tree: Path) -> None:
    """0755 for folders and executables, 0644 for everything else (owner: root)."""
    for path in tree.rglob("*"):
        if path.is_symlink():
            continue
        if path.is_dir():
            path.chmod(0o755)
        else:
            path.chmod(0o755 if path.stat().st_mode & 0o111 else 0o644)


def stage(bundle: Path, icons: Path, stage_dir: Path) -> None:
    shutil.rmtree(stage_dir, ignore_errors=True)
    opt = stage_dir / "opt" / NAME
    shutil.copytree(bundle, opt, symlinks=True)
    usr_bin = stage_dir / "usr" / "bin"
    usr_bin.mkdir(parents=True)
    for command in (NAME, "callcoach"):
        (usr_bin / command).symlink_to(f"/opt/{NAME}/{NAME}")
    apps = stage_dir / "usr" / "share" / "applications"
    apps.mkdir(parents=True)
    shutil.copy2(HERE / f"{NAME}.desktop", apps / f"{NAME}.desktop")
    hicolor = stage_dir / "usr" / "share" / "icons" / "hicolor"
    for size in ICON_SIZES:
        dest = hicolor / f"{size}x{size}" / "apps"
        dest.mkdir(parents=True)
        shutil.copy2(icons / f"{NAME}-{size}.png", dest / f"{NAME}.png")
    (hicolor / "scalable" / "apps").mkdir(parents=True)
    shutil.copy2(icons / f"{NAME}.svg", hicolor / "scalable" / "apps" / f"{NAME}.svg")
    doc = stage_dir / "usr" / "share" / "doc" / NAME
    doc.mkdir(parents=True)
    notice = (ROOT / "packaging" / "licenses" / "NOTICE.md").read_text(encoding="utf-8")
    (doc / "copyright").write_text(
        "Call Coach is MIT licensed. It bundles third-party components; their notices\n"
        f"follow, and their full licence texts are in /opt/{NAME}/_internal/licenses/.\n\n"
        + notice, encoding="utf-8")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bundle", default=str(ROOT / "dist" / NAME))
    ap.add_argument("--icons", default=str(ROOT / "build" / "icons"))
    ap.add_argument("--out", default=str(ROOT / "dist"))
    ap.add_argument("--level", default="9", help="gzip level (9 for releases)")
    args = ap.parse_args(argv)

    bundle, meta = Path(args.bundle), project()
    deps, problems = depends.depends(bundle)
    if problems or not EXPECTED <= set(deps):
        for p in problems:
            print(f"make_deb: unresolved library {p}", file=sys.stderr)
        for p in sorted(EXPECTED - set(deps)):
            print(f"make_deb: expected dependency {p} was not found", file=sys.stderr)
        return 1

    stage_dir = ROOT / "build" / "deb" / NAME
    stage(bundle, Path(args.icons), stage_dir)
    saved = dedupe(stage_dir / "opt" / NAME)
    normalise_modes(stage_dir)
    kib = sum(p.lstat().st_size for p in stage_dir.rglob("*")) // 1024
    (stage_dir / "DEBIAN").mkdir()
    (stage_dir / "DEBIAN" / "control").write_text(control(meta, deps, kib, arch()))

    out = Path(args.out) / f"{NAME}_{meta['version']}_{arch()}.deb"
    subprocess.run(["dpkg-deb", "--root-owner-group", "-Zgzip", f"-z{args.level}", "--build",
                    str(stage_dir), str(out)], check=True)
    print(f"{out}: {out.stat().st_size / 1e6:.1f} MB (installed {kib / 1024:.0f} MiB, "
          f"{saved / 1e6:.1f} MB of duplicates linked)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
