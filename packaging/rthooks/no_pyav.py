"""PyInstaller runtime hook: a stand-in for PyAV, which the bundle leaves out.

faster-whisper imports `av` at import time but uses it only in `decode_audio`, to read
audio *files*. Call Coach always hands it decoded 16 kHz PCM (coach.speech.recognize), so
shipping FFmpeg and its codec libraries (~100 MB, x264/x265 under the GPL) would buy
nothing. If a future code path passes a file name, it fails with this message instead of
silently falling back to a weaker recogniser."""

import sys
import types


class _PyAVNotBundled(types.ModuleType):
    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        raise AttributeError(
            f"av.{name}: PyAV is not bundled with Call Coach; pass faster-whisper decoded "
            "audio (a float32 numpy array), not a file"
        )


sys.modules.setdefault("av", _PyAVNotBundled("av"))
