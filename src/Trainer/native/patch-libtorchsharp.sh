#!/usr/bin/env bash
# Makes TorchSharp's libLibTorchSharp.so load on systems whose libstdc++ predates GLIBCXX_3.4.32 (Debian 12).
# Usage: patch-libtorchsharp.sh <path/to/libLibTorchSharp.so>...   (patches those copies in place)
# For each library: if the system libstdc++ already provides GLIBCXX_3.4.32 or the copy is already patched,
# nothing happens. Otherwise a tiny shim (stdcxx-shim.cpp) is built next to it, exporting the missing symbol
# under GLIBCXX_3.4.32 and defining every GLIBCXX_/CXXABI_ version node the library requires, and the copy's
# DT_NEEDED libstdc++.so.6 is replaced by the shim (found through the library's $ORIGIN runpath).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
shim_name=libmtcnn-stdcxx-shim.so

system_stdcxx() {
  local p
  p="$(g++ -print-file-name=libstdc++.so.6 2>/dev/null || true)"
  if [ -z "$p" ] || [ "$p" = "libstdc++.so.6" ]; then
    p="$(ldconfig -p 2>/dev/null | awk '/libstdc\+\+\.so\.6 .*x86-64|libstdc\+\+\.so\.6 .*AArch64/ {print $NF; exit}')"
  fi
  echo "$p"
}

stdcxx="$(system_stdcxx)"
if [ -n "$stdcxx" ] && [ -f "$stdcxx" ] && grep -qa 'GLIBCXX_3\.4\.32' "$stdcxx"; then
  exit 0  # the system libstdc++ is new enough: leave TorchSharp untouched
fi

missing=()
command -v g++ >/dev/null || missing+=(g++)
command -v patchelf >/dev/null || missing+=(patchelf)
command -v readelf >/dev/null || missing+=(binutils)
if [ ${#missing[@]} -gt 0 ]; then
  echo "error MTCNN0001: TorchSharp's libLibTorchSharp.so needs GLIBCXX_3.4.32, which this system's libstdc++ lacks;" \
       "building the compatibility shim needs: ${missing[*]} (apt-get install g++ patchelf)." >&2
  exit 1
fi

for lib in "$@"; do
  [ -f "$lib" ] || { echo "error MTCNN0002: $lib does not exist" >&2; exit 1; }
  if readelf -d "$lib" | grep -q "\[$shim_name\]"; then continue; fi
  dir="$(dirname "$lib")"
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  # Every version node the library requires from libstdc++ must exist in the shim, or ld.so refuses it.
  readelf -V "$lib" | grep -o 'Name: \(GLIBCXX\|CXXABI\)_[0-9.]*' | sed 's/Name: //' | sort -uV > "$work/versions"
  grep -qx 'GLIBCXX_3.4.32' "$work/versions" || echo GLIBCXX_3.4.32 >> "$work/versions"
  while read -r v; do
    if [ "$v" = GLIBCXX_3.4.32 ]; then echo "$v { global: _ZSt21ios_base_library_initv; };"; else echo "$v { };"; fi
  done < "$work/versions" > "$work/shim.map"
  g++ -shared -fPIC -O2 -o "$work/$shim_name" -Wl,-soname,"$shim_name" -Wl,--version-script="$work/shim.map" \
      -Wl,--no-as-needed "$here/stdcxx-shim.cpp" -lstdc++
  cp "$work/$shim_name" "$dir/$shim_name"
  patchelf --replace-needed libstdc++.so.6 "$shim_name" "$lib"
  rm -rf "$work"; trap - EXIT
  echo "patched $lib to load $shim_name (system libstdc++ lacks GLIBCXX_3.4.32)"
done
