#!/usr/bin/env bash
# Make Debian's chromium available for the browser tests.
# Installs it when missing and we are root; otherwise the browser tests skip themselves
# and say why (see tests/browser/conftest.py).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "[chromium] /usr/bin/chromium is missing and we are not root: browser tests will be skipped." >&2
  exit 0
fi
echo "[chromium] installing Debian's chromium (first run only)..." >&2
export DEBIAN_FRONTEND=noninteractive
apt-get -o DPkg::Lock::Timeout=600 update -qq >/dev/null
apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null
echo "[chromium] installed: $(/usr/bin/chromium --version 2>/dev/null || echo unknown)" >&2
