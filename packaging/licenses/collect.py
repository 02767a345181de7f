"""Gather the licence notices the bundle must carry into build/licenses/:

- NOTICE.md (the summary, kept in git beside this script) and the LGPL/GPL texts;
- the licence files each bundled distribution ships in its metadata, one folder each,
  for every distribution Call Coach needs at run time (its requirement closure, less what
  the spec leaves out).

    python packaging/licenses/collect.py [OUT_DIR]     (default: build/licenses)
"""

from __future__ import annotations

import re
import shutil
import sys
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

HERE = Path(__file__).resolve().parent
# Left out of the bundle by call-coach.spec (onnxruntime and what only it needs; hf-xet).
NOT_BUNDLED = {"onnxruntime", "flatbuffers", "protobuf", "hf-xet", "coloredlogs", "sympy",
               "mpmath", "humanfriendly"}
LICENSE_FILE = re.compile(r"(LICEN[CS]E|COPYING|NOTICE|AUTHORS)", re.IGNORECASE)


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def runtime_closure(root: str = "call-coach") -> dict[str, metadata.Distribution]:
    """Every installed distribution `root` needs at run time, by normalised name."""
    found: dict[str, metadata.Distribution] = {}
    todo = [root]
    while todo:
        name = todo.pop()
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # a requirement for another platform
        key = norm(dist.metadata["Name"])
        if key in found:
            continue
        found[key] = dist
        for spec in dist.requires or []:
            req = Requirement(spec)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(req.name)
    return found


def bundled() -> dict[str, metadata.Distribution]:
    return {k: d for k, d in runtime_closure().items() if k not in NOT_BUNDLED}


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else HERE.parent.parent / "build" / "licenses"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    for name in ("NOTICE.md", "LGPL-3.0.txt", "GPL-3.0.txt"):
        shutil.copy2(HERE / name, out / name)
    for key, dist in sorted(bundled().items()):
        files = [f for f in dist.files or [] if ".dist-info" in str(f) and
                 LICENSE_FILE.search(f.name) and not f.name.endswith((".py", ".pyc"))]
        target = out / f"{key}-{dist.version}"
        for f in files:
            target.mkdir(exist_ok=True)
            shutil.copy2(dist.locate_file(f), target / f.name)
    print(f"licence notices written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
