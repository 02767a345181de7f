"""Data that ships with Call Coach: call-script templates and phrase lists (TOML).

Read through importlib.resources, never through paths next to this file, so the same code
works from a source tree, an installed wheel and a PyInstaller bundle.
"""

from __future__ import annotations

from importlib import resources


def data_files(folder: str, suffix: str = ".toml") -> list[tuple[str, bytes]]:
    """(file name, raw bytes) of each data file in `folder` ("templates", "phrases"),
    sorted by name. Bytes, not text, so the caller can report a bad encoding by line."""
    root = resources.files(__name__).joinpath(folder)
    if not root.is_dir():
        return []
    found = [f for f in root.iterdir() if f.is_file() and f.name.endswith(suffix)]
    return [(f.name, f.read_bytes()) for f in sorted(found, key=lambda f: f.name)]
