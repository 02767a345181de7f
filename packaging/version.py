"""Print Call Coach's version, read from pyproject.toml (for shell scripts and CI)."""

import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def version() -> str:
    return tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["version"]


if __name__ == "__main__":
    print(version())
