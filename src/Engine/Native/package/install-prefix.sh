#!/usr/bin/env bash
# Lays out an install prefix for C/C++ users of libmtcnn from the engine's NativeAOT publish folder:
#   PREFIX/lib/libmtcnn.so, PREFIX/include/mtcnn.h, PREFIX/lib/cmake/mtcnn/mtcnnConfig.cmake (find_package(mtcnn)),
#   PREFIX/lib/pkgconfig/mtcnn.pc (pkg-config mtcnn). Both configs are relocatable.
# Usage: install-prefix.sh <publish folder with libmtcnn.so and include/mtcnn.h> <prefix>
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 <publish folder> <prefix>" >&2; exit 2; }
here="$(cd "$(dirname "$0")" && pwd)"
pub="$1"; prefix="$2"
[ -f "$pub/libmtcnn.so" ] && [ -f "$pub/include/mtcnn.h" ] || { echo "$pub lacks libmtcnn.so or include/mtcnn.h (publish the engine with -p:MtcnnNativeLib=true first)" >&2; exit 1; }
mkdir -p "$prefix/lib/cmake/mtcnn" "$prefix/lib/pkgconfig" "$prefix/include"
cp "$pub/libmtcnn.so" "$prefix/lib/"
cp "$pub/include/mtcnn.h" "$prefix/include/"
cp "$here/mtcnnConfig.cmake" "$prefix/lib/cmake/mtcnn/"
cp "$here/mtcnn.pc" "$prefix/lib/pkgconfig/"
echo "installed libmtcnn into $prefix"
