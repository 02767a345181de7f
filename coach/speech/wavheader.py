"""The WAV container: parse a file's chunks into a `WavInfo` (where the samples are and
whether the header's sizes tell the truth), build the canonical 44-byte header, and repair
a header left stale by a crash.

WAV is parsed here rather than with `wave`, because a take whose recorder was killed has a
header whose sizes are stale, and we want to read (and repair) it, not reject it.
"""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass
from pathlib import Path

from coach.errors import InvalidInput

# Beyond these a file is not a take: refuse it before allocating gigabytes (a damaged or
# sparse file can claim any size; a header claiming 1 Hz would be resampled 16000-fold).
MAX_SAMPLES = 1 << 28  # about 4.6 hours of 16 kHz mono; 1 GB as float32
MIN_RATE, MAX_RATE = 1000, 768_000
_PCM, _FLOAT, _EXTENSIBLE = 1, 3, 0xFFFE
_HEADER = struct.Struct("<4sI4s4sIHHIIHH4sI")  # canonical 44-byte header, fmt then data


@dataclass(frozen=True)
class WavInfo:
    """Where the samples are in a WAV file, and whether its header tells the truth."""

    format_tag: int  # 1 = integer PCM, 3 = IEEE float
    channels: int
    rate: int
    bits: int
    data_offset: int
    declared_bytes: int  # the data chunk's size field
    available_bytes: int  # whole frames actually present after data_offset
    data_is_last: bool  # nothing follows the data chunk, so the file end is the data end

    @property
    def frame_bytes(self) -> int:
        return self.channels * self.bits // 8

    @property
    def frames(self) -> int:
        return self.available_bytes // self.frame_bytes

    @property
    def header_ok(self) -> bool:
        return self.declared_bytes == self.available_bytes


def wav_info(path: str | os.PathLike) -> WavInfo:
    """Parse a WAV file's chunks. Raises InvalidInput naming what is wrong."""
    path = Path(path)
    size = _check_file(path)
    with open(path, "rb") as f:
        head = f.read(12)
        if len(head) < 12 or head[:4] not in (b"RIFF", b"RF64") or head[8:12] != b"WAVE":
            raise InvalidInput(f"{path} is not a WAV file")
        fmt = None
        pos = 12
        while pos + 8 <= size:
            f.seek(pos)
            cid, csize = struct.unpack("<4sI", f.read(8))
            body = pos + 8
            if cid == b"fmt ":
                fmt = _parse_fmt(path, f.read(min(csize, 40)))
            elif cid == b"data":
                if fmt is None:
                    raise InvalidInput(f"{path} is damaged: its audio comes before its format")
                fbytes = fmt[1] * fmt[3] // 8
                remaining = size - body
                # A killed recorder leaves a stale size (0, or a second behind); RF64 and
                # streaming writers put 0xFFFFFFFF there. Unless a real chunk follows the
                # declared end, the audio runs to the end of the file.
                end = body + csize + (csize & 1)
                last = end >= size or csize == 0xFFFFFFFF or not _chunk_at(f, end, size)
                have = remaining if last else min(csize, remaining)
                return WavInfo(*fmt, body, csize, have - have % fbytes, last)
            pos = body + csize + (csize & 1)  # chunks are padded to even sizes
    if fmt is None:
        raise InvalidInput(f"{path} is damaged: it has no audio format chunk")
    raise InvalidInput(f"{path} is damaged: it has no audio data")


def _chunk_at(f, pos: int, size: int) -> bool:
    """Whether a plausible chunk header (an id of ASCII letters, digits and spaces, such
    as "LIST" or "id3 ", and a size that fits in the file) sits at `pos`; audio samples
    almost never look like one."""
    if pos + 8 > size:
        return False
    f.seek(pos)
    cid, csize = struct.unpack("<4sI", f.read(8))
    ok_id = cid.strip(b" ").isalnum() and cid[:1] != b" "
    return ok_id and pos + 8 + csize <= size


def _parse_fmt(path: Path, b: bytes) -> tuple[int, int, int, int]:
    if len(b) < 16:
        raise InvalidInput(f"{path} is damaged: its format chunk is cut short")
    tag, channels, rate, _, _, bits = struct.unpack("<HHIIHH", b[:16])
    if tag == _EXTENSIBLE and len(b) >= 26:
        tag = struct.unpack("<H", b[24:26])[0]  # first two bytes of the sub-format GUID
    ok = (tag == _PCM and bits in (8, 16, 24, 32)) or (tag == _FLOAT and bits in (32, 64))
    if not ok or channels < 1:
        kind = "compressed" if tag not in (_PCM, _FLOAT) else f"{bits}-bit"
        raise InvalidInput(f"{path} uses {kind} audio that Call Coach cannot read; "
                           "save it as 16-bit PCM WAV")
    if not MIN_RATE <= rate <= MAX_RATE:
        raise InvalidInput(f"{path} is damaged: its header gives a sample rate of {rate} Hz")
    return tag, channels, rate, bits


def _check_file(path: Path) -> int:
    if not path.exists():
        raise InvalidInput(f"no such audio file: {path}")
    if path.is_dir():
        raise InvalidInput(f"{path} is a folder, not an audio file")
    size = path.stat().st_size
    if size == 0:
        raise InvalidInput(f"{path} is empty")
    return size


def _header(rate: int, channels: int, data_bytes: int) -> bytes:
    align = channels * 2
    return _HEADER.pack(b"RIFF", 36 + data_bytes, b"WAVE", b"fmt ", 16, _PCM, channels, rate,
                        rate * align, align, 16, b"data", data_bytes)


def repair_wav(path: str | os.PathLike) -> bool:
    """Make a WAV's header sizes match the audio actually in the file (after a crash or a
    kill while recording). Drops a trailing partial frame. Returns True if it changed the
    file. Call it when opening a take; it does nothing to a healthy file."""
    path = Path(path)
    info = wav_info(path)
    if info.header_ok and not info.data_is_last:
        return False
    size = path.stat().st_size
    end = info.data_offset + info.available_bytes
    riff = end - 8
    with open(path, "r+b") as f:
        f.seek(4)
        riff_declared = struct.unpack("<I", f.read(4))[0]
        if info.header_ok and riff_declared == riff and size == end:
            return False
        if info.data_is_last and size > end:
            f.truncate(end)  # a half-written last frame would shift every later read
        f.seek(4)
        f.write(struct.pack("<I", riff))
        f.seek(info.data_offset - 4)
        f.write(struct.pack("<I", info.available_bytes))
        f.flush()
        os.fsync(f.fileno())
    return True


def repair_folder(folder: str | os.PathLike) -> list[Path]:
    """Repair every WAV in `folder` (run once at start-up on the takes folder); returns the
    files that were repaired. Files that are not WAVs at all are left alone."""
    fixed = []
    for p in sorted(Path(folder).glob("*.wav")):
        try:
            if repair_wav(p):
                fixed.append(p)
        except InvalidInput:
            continue
    return fixed
