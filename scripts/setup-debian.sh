#!/usr/bin/env bash
# Installs what Wenshu builds and tests with on Debian 12: the C libraries' -dev packages, the optional
# rare-character fallback font, and the independent PDF/PNG readers the tests check output with.
# icc-profiles-free has the sRGB profile (/usr/share/color/icc/sRGB.icc) of PDF/A archive copies;
# Apache PDFBox Preflight (libpdfbox2-java, run by a JRE, with the activation and JAXB APIs it needs
# on Java 17) and pikepdf (PyPI) check them.
# Also the real servers the delivery tests talk to on loopback: PostgreSQL (Debian), aiosmtpd and moto's
# S3 server (PyPI), dkimpy/pynacl to verify DKIM signatures, and pyHanko to validate PAdES signatures
# (the signing tests' timestamp authority is openssl's `ts -reply`). Swift itself is expected on PATH
# (swift.org toolchain). Safe to run again.
set -euo pipefail
packages=(
  pkg-config
  libharfbuzz-dev libfreetype-dev libpng-dev libqrencode-dev libicu-dev libdeflate-dev libturbojpeg0-dev libxxhash-dev
  fonts-hanazono
  qpdf poppler-utils mupdf-tools zbar-tools time
  icc-profiles-free
  default-jre-headless libpdfbox2-java libactivation-java libjaxb-api-java
  postgresql openssl python3 python3-pip curl wrk
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

# PyPI tools for the delivery tests (servers and independent checkers), into the python3 on PATH.
python_packages=(aiosmtpd "moto[server]" boto3 cryptography dkimpy pynacl schemathesis pikepdf pyhanko pyhanko-certvalidator pyhanko-cli)
if ! python3 -c 'import aiosmtpd, moto, boto3, cryptography, dkim, nacl, schemathesis, pikepdf, pyhanko, pyhanko_certvalidator, pyhanko.cli' 2>/dev/null \
   || ! command -v pyhanko >/dev/null; then
  python3 -m pip install --quiet --disable-pip-version-check "${python_packages[@]}" 2>/dev/null \
    || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages "${python_packages[@]}"
fi
