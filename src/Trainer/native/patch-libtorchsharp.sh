#!/usr/bin/env bash
# Makes TorchSharp's libLibTorchSharp.so load on systems whose libstdc++ predates GLIBCXX_3.4.32 (Debian 12).
# Usage: patch-libtorchsharp.sh <original libLibTorchSharp.so> <work folder>
# When the system libstdc++ already provides GLIBCXX_3.4.32, nothing happens. Otherwise the work folder receives a
# copy of the library whose DT_NEEDED libstdc++.so.6 is replaced by a tiny shim (stdcxx-shim.cpp, built there too)
# that exports the missing symbol under GLIBCXX_3.4.32 and defines every GLIBCXX_/CXXABI_ version node the library
# requires; the shim itself needs the real libstdc++, so every other symbol resolves there. The build copies both
# files next to each other, where the library's $ORIGIN runpath finds the shim. Up-to-date outputs are kept.
# The replacement is an in-place rewrite of the name in the library's .dynstr (no patchelf): the shim's name has
# exactly the length of "libstdc++.so.6", so no offset moves, and DT_NEEDED and the version-needs entry (which share
# that string) both name the shim afterwards. Needs only bash, coreutils, grep, g++ and readelf (binutils, with g++).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
old_name=libstdc++.so.6
shim_name=libmtcnncxx.so  # same length as $old_name: the rewrite below must not move any other string
[ $# -eq 2 ] || { echo "error MTCNN0003: usage: $0 <libLibTorchSharp.so> <work folder>" >&2; exit 1; }
lib="$1"; out="$2"

system_stdcxx() {
  local p
  p="$(g++ -print-file-name=libstdc++.so.6 2>/dev/null || true)"
  if [ -z "$p" ] || [ "$p" = "libstdc++.so.6" ]; then
    p="$(ldconfig -p 2>/dev/null | awk '/libstdc\+\+\.so\.6 / {print $NF; exit}')"
  fi
  echo "$p"
}

stdcxx="$(system_stdcxx)"
if [ -n "$stdcxx" ] && [ -f "$stdcxx" ] && grep -qa 'GLIBCXX_3\.4\.32' "$stdcxx"; then
  rm -f "$out/$shim_name" "$out/libLibTorchSharp.so"
  exit 0  # the system libstdc++ is new enough: TorchSharp is used as shipped
fi

missing=()
command -v g++ >/dev/null || missing+=(g++)
command -v readelf >/dev/null || missing+=(binutils)
if [ ${#missing[@]} -gt 0 ]; then
  echo "error MTCNN0001: TorchSharp's libLibTorchSharp.so needs GLIBCXX_3.4.32, which this system's libstdc++ lacks;" \
       "building the compatibility shim needs: ${missing[*]} (apt-get install g++)." >&2
  exit 1
fi
[ -f "$lib" ] || { echo "error MTCNN0002: $lib does not exist" >&2; exit 1; }

if [ -f "$out/$shim_name" ] && [ "$out/libLibTorchSharp.so" -nt "$lib" ] && [ "$out/$shim_name" -nt "$here/stdcxx-shim.cpp" ]; then
  exit 0  # up to date
fi
mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Every version node the library requires from libstdc++ must exist in the shim, or ld.so refuses to load it.
readelf -V "$lib" | grep -o 'Name: \(GLIBCXX\|CXXABI\)_[0-9.]*' | sed 's/Name: //' | sort -uV > "$work/versions"
grep -qx 'GLIBCXX_3.4.32' "$work/versions" || echo GLIBCXX_3.4.32 >> "$work/versions"
while read -r v; do
  if [ "$v" = GLIBCXX_3.4.32 ]; then echo "$v { global: _ZSt21ios_base_library_initv; };"; else echo "$v { };"; fi
done < "$work/versions" > "$work/shim.map"
g++ -shared -fPIC -O2 -o "$work/$shim_name" -Wl,-soname,"$shim_name" -Wl,--version-script="$work/shim.map" \
    -Wl,--no-as-needed "$here/stdcxx-shim.cpp" -lstdc++
cp "$lib" "$work/libLibTorchSharp.so"
chmod u+w "$work/libLibTorchSharp.so"
bash "$here/rewrite-dynstr.sh" "$work/libLibTorchSharp.so" "$old_name" "$shim_name"
mv -f "$work/$shim_name" "$out/$shim_name"
mv -f "$work/libLibTorchSharp.so" "$out/libLibTorchSharp.so"
echo "libLibTorchSharp.so patched to load $shim_name (system libstdc++ lacks GLIBCXX_3.4.32): $out" >&2
