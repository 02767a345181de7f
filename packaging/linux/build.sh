#!/usr/bin/env bash
# Build the Linux bundle (dist/call-coach/) and the .deb (dist/call-coach_*.deb).
# Run from the repository root with the project's venv: `make package` does.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PY:-.venv/bin/python}
LEVEL=${DEB_GZIP_LEVEL:-9}

"$PY" packaging/icons/make_icons.py build/icons
"$PY" packaging/licenses/collect.py build/licenses
"$PY" -m PyInstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller \
  packaging/call-coach.spec

# Some wheels ship their debug info (CTranslate2 alone carries 66 MB of it, libpython
# 17 MB). Remove only DWARF sections; symbols and everything the loader reads stay.
find dist/call-coach -type f -name '*.so*' -print0 |
  while IFS= read -r -d '' f; do
    if readelf -S "$f" 2>/dev/null | grep -q '\.debug_info'; then strip --strip-debug "$f"; fi
  done

"$PY" packaging/linux/make_deb.py --level "$LEVEL"
du -sh dist/call-coach
