#!/usr/bin/env bash
# macOS: build "dist/Call Coach.app" with PyInstaller and wrap it in
# dist/CallCoach-<version>.dmg (drag to Applications). Run from the repository root on a
# Mac with the project installed (pip install -e ".[package]"). The app's Info.plist,
# including the microphone usage text macOS shows before the first recording, is set in
# packaging/call-coach.spec.
#
# Signing and notarisation are optional: set CODESIGN_IDENTITY ("Developer ID Application:
# …") to sign with the hardened runtime; notarise the .dmg afterwards with
# `xcrun notarytool submit … --wait` and `xcrun stapler staple`. Unsigned builds open with
# right-click > Open the first time.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PY:-python3}
VERSION=$("$PY" packaging/version.py)
APP="dist/Call Coach.app"

"$PY" packaging/icons/make_icons.py build/icons
"$PY" packaging/licenses/collect.py build/licenses
"$PY" -m PyInstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller \
  packaging/call-coach.spec

if [ -n "${CODESIGN_IDENTITY:-}" ]; then
  codesign --force --deep --timestamp --options runtime \
    --entitlements packaging/macos/entitlements.plist -s "$CODESIGN_IDENTITY" "$APP"
fi

STAGE=build/dmg
rm -rf "$STAGE" && mkdir -p "$STAGE"
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"
hdiutil create -volname "Call Coach" -srcfolder "$STAGE" -ov -format UDZO \
  "dist/CallCoach-$VERSION.dmg"
echo "dist/CallCoach-$VERSION.dmg"
