#!/usr/bin/env bash
# Installs NVIDIA's runtime compiler (NVRTC) from Debian non-free so the kernel compile tests run in CI
# (no GPU or driver is needed to compile). Idempotent and quiet: does nothing when a libnvrtc is present.
# Debian 12 (bookworm) ships libnvrtc11.2 (CUDA 11.8: sm_35..sm_90), Debian 13 (trixie) libnvrtc12; we take
# the newest libnvrtcN package of the machine's own release.
set -euo pipefail

have_nvrtc() { ldconfig -p 2>/dev/null | grep 'libnvrtc\.so' >/dev/null; }  # no -q: an early exit would SIGPIPE ldconfig under pipefail
if have_nvrtc; then exit 0; fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
src=/etc/apt/sources.list.d/mtcnn-nvrtc-non-free.sources
if [ ! -f "$src" ]; then
  # A separate deb822 file adds only the non-free component; the system's own sources stay untouched.
  $SUDO tee "$src" >/dev/null <<SOURCES
Types: deb
URIs: http://deb.debian.org/debian
Suites: ${codename}
Components: non-free
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
fi
$SUDO apt-get update -qq -o Dpkg::Use-Pty=0 >/dev/null

pkg=$(apt-cache search --names-only '^libnvrtc[0-9.]+$' | awk '{print $1}' | sort -V | tail -n 1)
if [ -z "$pkg" ]; then
  echo "install-nvrtc: no libnvrtc package found in ${codename} non-free" >&2
  exit 1
fi
$SUDO apt-get install -y -qq --no-install-recommends -o Dpkg::Use-Pty=0 "$pkg" >/dev/null 2> >(grep -v "apt-utils" >&2 || true)
$SUDO ldconfig
have_nvrtc || { echo "install-nvrtc: $pkg installed but no libnvrtc.so* is visible to ldconfig" >&2; exit 1; }
echo "install-nvrtc: installed $pkg"
