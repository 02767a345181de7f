#!/usr/bin/env bash
# Smoke-test the Linux build: the bundle under Qt's offscreen platform and under Xvfb with
# the real xcb platform (offscreen alone would miss a missing xcb library), then the .deb:
# install with apt-get, run, create user data, upgrade, check the data survived, purge.
#
#   bash packaging/linux/smoke.sh             everything (the .deb part needs root)
#   bash packaging/linux/smoke.sh checks BIN  only the checks, on BIN, in this environment
#
# Once `call-coach --help` lists --self-test (the app's own end-to-end check), that is what
# runs. Until then: --help, demo, the bundle check (CALLCOACH_BUNDLE_CHECK=1, see
# packaging/bundle_check.py), `analyze` on a spoken WAV, and the window staying up.
set -euo pipefail
cd "$(dirname "$0")/../.."
SELF="$PWD/packaging/linux/smoke.sh"

step() { printf '\n== %s (%ss)\n' "$*" "$SECONDS"; }
fail() { echo "smoke: FAIL: $*" >&2; exit 1; }

checks() {
  local bin=$1 work pid
  work=$(mktemp -d)
  "$bin" --help >"$work/help.txt" || fail "$bin --help"
  if grep -q -- '--self-test' "$work/help.txt"; then
    "$bin" --self-test || fail "$bin --self-test ($QT_QPA_PLATFORM)"
    rm -rf "$work"; return
  fi
  "$bin" demo >"$work/demo.txt" || fail "$bin demo"
  grep -q . "$work/demo.txt" || fail "demo printed nothing"
  CALLCOACH_BUNDLE_CHECK=1 "$bin" | tee "$work/check.txt" || fail "bundle check"
  grep -q "platform $QT_QPA_PLATFORM" "$work/check.txt" || fail "Qt did not use $QT_QPA_PLATFORM"
  # Speech end to end: a line with a filler is spoken (by the app's own `speak`, pyttsx3 in
  # the bundle, when it has one; else by espeak-ng) and the bundle transcribes it.
  local line="Hi Dana, it's Sam Rivera. Um, I wanted to ask how the team is doing with the project."
  if grep -qE '^ +speak ' "$work/help.txt"; then
    "$bin" --data-dir "$work/data" speak --text "$line" --out "$work/take.wav" >/dev/null ||
      fail "speak"
  else
    espeak-ng -s 150 -w "$work/take.wav" "$line"
  fi
  printf "Hi Dana, it's Sam Rivera.\nI wanted to ask how the team is doing with the project.\n" \
    >"$work/script.txt"
  "$bin" analyze "$work/take.wav" --script "$work/script.txt" --json >"$work/report.json" ||
    fail "analyze"
  python3 - "$work/report.json" <<'PY' || fail "analyze report"
import json, sys
r = json.load(open(sys.argv[1]))
text = " ".join(w["text"].lower() for w in r["words"])
print(f"analyze: {r['engine']}: {text}")
assert "whisper" in r["engine"], r["engine"]
assert "team" in text and "project" in text, text
PY
  # Printing: Qt's PDF writer on the app's script sheet.
  if grep -qE '^ +print ' "$work/help.txt"; then
    local app
    app=$("$bin" --data-dir "$work/data" apps add --company "Smoke Test Ltd" --role "Analyst" \
      --sent "$(date -d '7 days ago' +%F)" --json |
      python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])') || fail "apps add"
    "$bin" --data-dir "$work/data" print "$app" --pdf "$work/sheet.pdf" || fail "print"
    [ "$(head -c 4 "$work/sheet.pdf")" = "%PDF" ] || fail "print wrote no PDF"
  fi
  # The window: it must open and stay up; a missing platform plugin or library ends it at
  # once with a message on stderr.
  "$bin" >"$work/gui.txt" 2>&1 &
  pid=$!
  sleep 8
  kill -0 "$pid" 2>/dev/null || { cat "$work/gui.txt"; fail "the window closed ($QT_QPA_PLATFORM)"; }
  kill "$pid"; wait "$pid" 2>/dev/null || true
  if grep -E "Traceback|Could not load|could not connect|Aborted" "$work/gui.txt"; then
    fail "the window logged errors ($QT_QPA_PLATFORM)"
  fi
  echo "window stayed up ($QT_QPA_PLATFORM)"
  rm -rf "$work"
}

if [ "${1:-}" = checks ]; then checks "$2"; exit 0; fi

BIN=$PWD/dist/call-coach/call-coach
DEB=$(ls -t "$PWD"/dist/call-coach_*.deb 2>/dev/null | head -1)
[ -x "$BIN" ] && [ -n "$DEB" ] || fail "build first: bash packaging/linux/build.sh"
# Everything the app writes (data folder, Qt settings) goes to a throwaway home.
TMP_HOME=$(mktemp -d)
trap 'rm -rf "$TMP_HOME"' EXIT
export HOME=$TMP_HOME XDG_DATA_HOME= XDG_CONFIG_HOME= CALLCOACH_DATA_DIR=

step "bundle, offscreen"
QT_QPA_PLATFORM=offscreen checks "$BIN"
step "bundle, Xvfb + xcb"
xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb bash "$SELF" checks "$BIN"

if [ "$(id -u)" -ne 0 ]; then
  echo "smoke: not root, so the .deb install test is skipped (CI runs it as root)"; exit 0
fi
if dpkg -s call-coach >/dev/null 2>&1; then
  fail "call-coach is already installed here; this test installs and removes it"
fi
export DEBIAN_FRONTEND=noninteractive
step "apt-get install $DEB"
apt-get install -y -qq --no-install-recommends "$DEB" >/dev/null
QT_QPA_PLATFORM=offscreen checks /usr/bin/call-coach

step "user data survives an upgrade"
call-coach apps add --company "Smoke Test Ltd" --role "Analyst" \
  --sent "$(date -d '7 days ago' +%F)" >/dev/null
DATA=$HOME/.local/share/call-coach
[ -d "$DATA" ] || fail "no data folder at $DATA"
# The next version: the same package, relabelled, so dpkg runs a real upgrade.
VERSION=$(dpkg-deb -f "$DEB" Version)
dpkg-deb -R "$DEB" "$TMP_HOME/next"
sed -i "s/^Version: .*/Version: $VERSION+smoke1/" "$TMP_HOME/next/DEBIAN/control"
dpkg-deb --root-owner-group -Zgzip -z1 -b "$TMP_HOME/next" "$TMP_HOME/next.deb" >/dev/null
rm -rf "$TMP_HOME/next"
apt-get install -y -qq --no-install-recommends "$TMP_HOME/next.deb" >/dev/null
[ "$(dpkg-query -W -f='${Version}' call-coach)" = "$VERSION+smoke1" ] || fail "no upgrade"
call-coach apps list | grep -q "Smoke Test Ltd" || fail "the application was lost in the upgrade"
echo "upgraded to $VERSION+smoke1; the application is still there"

step "apt-get purge call-coach"
apt-get purge -y -qq call-coach >/dev/null
for path in /opt/call-coach /usr/bin/call-coach /usr/bin/callcoach \
            /usr/share/applications/call-coach.desktop; do
  [ ! -e "$path" ] && [ ! -L "$path" ] || fail "$path left behind"
done
[ -f "$DATA/callcoach.sqlite3" ] || fail "user data removed with the package"
echo "removed cleanly; user data kept"
step "smoke test passed"
