#!/usr/bin/env bash
# Native embedding tests: publishes the engine as the NativeAOT library libmtcnn.so, builds the C host in
# tests/native with CMake, runs CTest, and ends with a plain "N passed, N failed" line for .ci/run.
# Everything is built under out/ (git-ignored), apart from the normal dotnet build outputs.
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
out=${MTCNN_NATIVE_OUT:-out/native}
shared=${MTCNN_SHARED_DATA:-../shared/data}
lib="$out/publish/MtcnnCuda.Engine/release_linux-x64"

fail() { echo "native tests: $1"; echo "0 passed, 1 failed"; exit 1; }

echo "== publishing libmtcnn.so (NativeAOT)"
dotnet publish src/Engine -c Release -r linux-x64 -p:MtcnnNativeLib=true --artifacts-path "$out" -nologo -v:q \
  || fail "NativeAOT publish failed"
[ -f "$lib/libmtcnn.so" ] || fail "publish produced no $lib/libmtcnn.so"
# A user's install prefix: lib/, include/, the CMake package config and the pkg-config file.
prefix="$out/prefix"
rm -rf "$prefix"
bash src/Engine/Native/package/install-prefix.sh "$lib" "$prefix" || fail "install-prefix.sh failed"

# multiface.jpg → PPM for the example host, when the data and a JPEG decoder are at hand.
ppm=""
jpg="$shared/images/multiface.jpg"
if [ -f "$jpg" ]; then
  ppm="$out/multiface.ppm"
  if command -v djpeg >/dev/null; then djpeg -pnm "$jpg" > "$ppm" || ppm=""
  elif command -v convert >/dev/null; then convert "$jpg" -depth 8 "ppm:$ppm" || ppm=""
  else echo "no djpeg/convert: the multiface test will be skipped"; ppm=""
  fi
fi

echo "== building the C host (CMake)"
cmake -S tests/native -B "$out/build" -DCMAKE_PREFIX_PATH="$PWD/$prefix" \
  -DMTCNN_SHARED_DATA="$(realpath -m "$shared")" -DMTCNN_MULTIFACE_PPM="${ppm:+$PWD/$ppm}" >/dev/null \
  || fail "CMake configure failed"
cmake --build "$out/build" -j 2 >/dev/null || fail "C build failed (rerun: cmake --build $out/build)"

# pkg-config users: the example host built with nothing but `pkg-config --cflags --libs mtcnn` (when pkg-config exists).
pc_status=skip
if command -v pkg-config >/dev/null; then
  flags=$(PKG_CONFIG_PATH="$PWD/$prefix/lib/pkgconfig" pkg-config --cflags --libs mtcnn) \
    && cc -o "$out/mtcnn_detect_pc" tests/native/mtcnn_detect.c tests/native/ppm.c $flags -lm \
    && "$out/mtcnn_detect_pc" --default tests/native/sample-faces.ppm --expect 6 >/dev/null && pc_status=pass || pc_status=fail
fi
echo "pkg-config example host: $pc_status"

echo "== ctest"
log=$(mktemp)
(cd "$out/build" && ctest --output-on-failure --timeout 300) 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
passed=$(grep -cE 'Test +#[0-9]+: .* +Passed' "$log")
skipped=$(grep -cE 'Test +#[0-9]+: .*\*\*\*Skipped' "$log")
total=$(grep -cE 'Test +#[0-9]+: ' "$log")
failed=$((total - passed - skipped))
case $pc_status in pass) passed=$((passed + 1)) ;; fail) failed=$((failed + 1)); status=1 ;; *) skipped=$((skipped + 1)) ;; esac
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
rm -f "$log"
echo "native tests: $skipped skipped"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
