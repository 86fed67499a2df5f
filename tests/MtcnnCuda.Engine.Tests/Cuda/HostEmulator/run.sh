#!/usr/bin/env bash
# Builds the host-emulated libcuda (fake_cuda.cpp + the real kernels/*.cu, under AddressSanitizer and
# UndefinedBehaviorSanitizer) and runs the GPU tests against it: a development check of the CUDA backend's
# orchestration and kernel semantics on a machine without a GPU. Results say nothing about real-GPU behaviour
# (memory model, warps, speed). The emulator is deliberately strict (see fake_cuda.cpp): poisoned memory,
# shuffled block/thread orders, device limits, asynchronous streams.
# Usage: run.sh [xunit -method/-class filter args...]   default: every GPU test class
#   FAKECUDA_ORDERS="0 7"  the block/thread orders to run the tests under (0 = natural, n = shuffle seed)
#   FAKECUDA_PLANT=NAME    build the kernels with a planted bug (see plant() below); the tests must then fail
#   run.sh --self-test     plants each bug in turn and checks that a test catches it
#   run.sh --build-only DIR   only builds DIR/libcuda.so.1 (FAKECUDA_SANITIZE=0: without sanitizers, so processes
#                             can load it without preloading libasan — the GPU check's dry run does)
# Ends with "host-emulated GPU tests: N passed, N failed, N skipped" (summed over the orders).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../.." && pwd)
if [ "${1:-}" = "--self-test" ]; then exec bash "$here/self_test.sh"; fi
build_only=
if [ "${1:-}" = "--build-only" ]; then
  build_only=${2:?usage: run.sh --build-only DIR}
  mkdir -p "$build_only" && out=$(cd "$build_only" && pwd)
else
  out=${TMPDIR:-/tmp}/mtcnn-host-emulator-$$
  mkdir -p "$out"
  trap 'rm -rf "$out"' EXIT
fi

# A planted bug: the kernel source line it removes or changes, so the self-test can show a test catches it.
plant() {
  case "${FAKECUDA_PLANT:-}" in
    "") cat ;;
    poison) sed -E '/removed\[w\] = 0;/d' ;;                                     # nms_greedy relies on zeroed shared memory
    barrier) awk '/cols\[threadIdx.x\] = boxes/ { print; getline; if ($0 ~ /__syncthreads/) next } { print }' ;;  # nms_mask reads cols before all are loaded
    oob) sed -E 's/if \(n >= live\) return;/if (n > live) return;/' ;;                 # crop_net_heads reads one crop past the batch
    overflow) sed -E 's/int offset = \*p.base;/int offset = 2147483647;/' ;;        # nms_gather: signed overflow
    *) echo "run.sh: unknown FAKECUDA_PLANT=$FAKECUDA_PLANT" >&2; exit 2 ;;
  esac
}

# Kernel sources as host C++: the dynamic shared array becomes a pointer into the emulator's per-launch buffer.
{
  echo '#include "emu_prelude.h"'
  cat "$root/kernels/common.cuh"
  for f in "$root"/kernels/*.cu; do
    sed -E 's/extern __shared__ ([a-z ]+) ([a-z_]+)\[\];/\1* \2 = (\1*)emu_dynamic_shared;/' "$f" | plant
  done | grep -v '#include "common.cuh"'
} > "$out/kernels.inc"
python3 "$here/static_shared.py" "$root/kernels" "$out/static_shared.inc" || exit 1
sanitize="-fsanitize=address,undefined,float-cast-overflow -fno-sanitize-recover=all -fno-omit-frame-pointer"
[ "${FAKECUDA_SANITIZE:-1}" = 1 ] || sanitize=""
g++ -std=c++17 -O2 -g -fPIC -shared -ffp-contract=off -w $sanitize -I "$here" -I "$out" "$here/fake_cuda.cpp" -o "$out/libcuda.so.1" -pthread || exit 1
[ -z "$build_only" ] || { echo "run.sh: built $out/libcuda.so.1"; exit 0; }

cd "$root"
dotnet build tests/MtcnnCuda.Engine.Tests -c Release -v q -nologo 2>&1 | grep -E "error|Warn|warn" ; [ "${PIPESTATUS[0]}" -eq 0 ] || exit 1
exe=tests/MtcnnCuda.Engine.Tests/bin/Release/net10.0/MtcnnCuda.Engine.Tests
filter=("$@")
[ ${#filter[@]} -gt 0 ] || filter=(-class "MtcnnCuda.Tests.Cuda.Gpu*")
asan=$(g++ -print-file-name=libasan.so)
passed=0 failed=0 skipped=0 status=0
for order in ${FAKECUDA_ORDERS:-0 7}; do
  echo "== GPU tests on the host emulator, order ${order} ${FAKECUDA_PLANT:+(planted bug: $FAKECUDA_PLANT)}"
  # .NET itself must not be instrumented: ASan only watches the emulator (preloaded so it initialises first);
  # the runtime's own SIGSEGV handling stays in place.
  MTCNN_CUDA_PATH="$out/libcuda.so.1" FAKECUDA_ORDER=$order LD_PRELOAD="$asan" \
    ASAN_OPTIONS=detect_leaks=0:handle_segv=0:allow_user_segv_handler=1:detect_stack_use_after_return=0:use_sigaltstack=0:detect_odr_violation=0 \
    UBSAN_OPTIONS=print_stacktrace=1 "$exe" "${filter[@]}" -parallel none -noColor -reporter verbose 2>&1 |
    grep --line-buffered -v -E "\[STARTING\]|ASan doesn't fully support" | tee "$out/log"
  rc=${PIPESTATUS[0]}
  line=$(grep -E "Total: [0-9]+, Errors: [0-9]+, Failed: [0-9]+, Skipped: [0-9]+" "$out/log" | tail -n 1)
  if [ -z "$line" ]; then echo "run.sh: the test run under order $order crashed (exit $rc)"; failed=$((failed + 1)); status=1; continue; fi
  t=$(echo "$line" | sed -E 's/.*Total: ([0-9]+).*/\1/'); e=$(echo "$line" | sed -E 's/.*Errors: ([0-9]+).*/\1/')
  f=$(echo "$line" | sed -E 's/.*Failed: ([0-9]+).*/\1/'); s=$(echo "$line" | sed -E 's/.*Skipped: ([0-9]+).*/\1/')
  passed=$((passed + t - f - s)); failed=$((failed + f + e)); skipped=$((skipped + s))
  [ "$rc" -eq 0 ] || status=1
done
echo "host-emulated GPU tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
exit $status
