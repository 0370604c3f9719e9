#!/usr/bin/env bash
# Installs what Wenshu builds and tests with on Debian 12: the C libraries' -dev packages, the optional
# rare-character fallback font, and the independent PDF/PNG readers the tests check output with.
# Swift itself is expected on PATH (swift.org toolchain). Safe to run again.
set -euo pipefail
packages=(
  pkg-config
  libharfbuzz-dev libfreetype-dev libpng-dev libqrencode-dev libicu-dev libdeflate-dev libturbojpeg0-dev
  fonts-hanazono
  qpdf poppler-utils mupdf-tools zbar-tools
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}"
fi
