#!/usr/bin/env bash
# Installs the system libraries Call Coach and its tests load, when any are missing.
# Debian/Ubuntu: apt-get (as root, or through sudo). Elsewhere: prints what to install.
set -euo pipefail

# espeak-ng: text-to-speech for pyttsx3; libportaudio2: sounddevice; libasound2-plugins is
# not needed (the ALSA `file` and `null` plugins used by the fake microphone are built in);
# the libxcb*/libegl1/libxkbcommon-x11-0 set is what Qt's xcb platform plugin loads;
# poppler-utils (pdftotext, pdftoppm) and xvfb are for tests; sox and flac for the benches;
# binutils (readelf, strip) for `make package`.
PKGS=(espeak-ng libespeak-ng1 libportaudio2 libasound2 alsa-utils
      libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
      libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-randr0
      libxcb-render-util0 libxcb-xinerama0 libxcb-xkb1 libxcb-image0
      poppler-utils xvfb xauth sox flac fonts-dejavu-core binutils)

# `system-deps.sh bench` adds what only the benchmarks need: Festival and its ked voice
# for the held-out synthetic takes (bench/synth).
if [ "${1:-}" = "bench" ]; then PKGS+=(festival festvox-kdlpc16k); fi

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  cat >&2 <<MSG
Call Coach's automatic set-up knows Debian and Ubuntu only. Please install:
  - Python 3.11 or newer with venv
  - espeak-ng (Linux text-to-speech), PortAudio (libportaudio2 or portaudio)
  - Qt's xcb runtime libraries (libxcb-cursor, libxkbcommon-x11, libegl)
  - for the tests: poppler (pdftotext, pdftoppm), Xvfb, sox, flac
then run the make command again.
MSG
  # macOS and Windows load their own speech and audio APIs, so carry on there.
  case "$(uname -s)" in Linux) exit 1 ;; *) exit 0 ;; esac
fi

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
# python3 -m venv needs ensurepip, which Debian packages separately
if ! python3 -c 'import ensurepip' >/dev/null 2>&1; then missing+=(python3-venv); fi
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing system packages: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "Please run as root: apt-get install -y ${missing[*]}" >&2; exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
