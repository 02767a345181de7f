#!/usr/bin/env bash
# Install the .deb into a minimal Debian 12 (debootstrap --variant=minbase) and run the
# checks there. The build machine has every library already, so only this proves that
# `Depends:` lists all the bundle needs. Needs root, debootstrap and a Debian mirror;
# about 5 minutes. Not part of `make package`; run it when the spec or Depends change.
#
#   bash packaging/linux/cleanroom.sh   (keeps the system in /var/tmp/call-coach-cleanroom)
set -euo pipefail
cd "$(dirname "$0")/../.."
# Outside the work tree, so no `rm -rf build` can ever walk into a mounted /proc.
ROOTFS=$(realpath -m "${CLEANROOM:-/var/tmp/call-coach-cleanroom}")
MIRROR=${MIRROR:-http://deb.debian.org/debian}
DEB=$(ls -t dist/call-coach_*.deb | head -1)
in_root() { chroot "$ROOTFS" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/tmp/home \
  DEBIAN_FRONTEND=noninteractive "$@"; }

[ -x "$ROOTFS/usr/bin/apt-get" ] || debootstrap --variant=minbase bookworm "$ROOTFS" "$MIRROR"
# debootstrap made the basic /dev nodes; shared memory gets a private tmpfs.
mkdir -p "$ROOTFS/dev/shm"
mount -t proc proc "$ROOTFS/proc"
mount -t tmpfs shm "$ROOTFS/dev/shm"
trap 'umount -l "$ROOTFS/dev/shm" "$ROOTFS/proc"' EXIT  # -l: Xvfb may still be exiting
cp "$DEB" "$ROOTFS/tmp/call-coach.deb"
cp packaging/linux/smoke.sh "$ROOTFS/tmp/smoke.sh"
mkdir -p "$ROOTFS/tmp/home"
in_root dpkg --purge call-coach >/dev/null 2>&1 || true

in_root apt-get update -qq
in_root apt-get install -y -qq --no-install-recommends /tmp/call-coach.deb >/dev/null
# First with nothing but the package and its dependencies on the system.
in_root env QT_QPA_PLATFORM=offscreen CALLCOACH_BUNDLE_CHECK=1 call-coach
in_root call-coach demo >/dev/null
# Then the full checks, which need test tools (espeak-ng says the test take, Xvfb).
in_root apt-get install -y -qq --no-install-recommends espeak-ng python3 xvfb xauth >/dev/null
in_root env QT_QPA_PLATFORM=offscreen bash /tmp/smoke.sh checks /usr/bin/call-coach
in_root xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb \
  bash /tmp/smoke.sh checks /usr/bin/call-coach
echo "cleanroom: the .deb works on a minimal Debian 12"
