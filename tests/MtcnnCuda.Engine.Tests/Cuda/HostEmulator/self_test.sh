#!/usr/bin/env bash
# Shows that the strict host emulator catches the classes of bug a GPU exposes: plants each bug in the kernel
# sources (run.sh's FAKECUDA_PLANT), runs the test that should catch it, and requires that run to FAIL.
#   poison    nms_greedy no longer clears its shared removal set (passes only on zeroed memory)
#   barrier   nms_mask reads its shared tile without the barrier after loading it
#   oob       crop_net_heads handles one crop past the batch (AddressSanitizer: heap-buffer-overflow)
#   overflow  nms_gather's output offset overflows a signed int (UndefinedBehaviorSanitizer)
# Over-limit launches and missing synchronisation are caught by ordinary tests on the emulator
# (GpuLaunchLimitTests, GpuContextTests.The_emulator_completes_async_copies_only_at_synchronisation).
# Ends with "emulator self-test: N planted bugs caught, N missed".
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
caught=0 missed=0
check() {
  local plant=$1; shift
  echo "== planted bug: $plant"
  if FAKECUDA_PLANT=$plant FAKECUDA_ORDERS=0 bash "$here/run.sh" "$@" > "${TMPDIR:-/tmp}/emulator-self-test-$plant.log" 2>&1; then
    echo "MISSED: the tests passed with the planted bug '$plant'"; missed=$((missed + 1))
  else
    grep -m 3 -E "FAIL\]|ERROR: AddressSanitizer|runtime error|crashed" "${TMPDIR:-/tmp}/emulator-self-test-$plant.log" | sed 's/^/   /'
    echo "caught: $plant"; caught=$((caught + 1))
  fi
}
nms=(-method "MtcnnCuda.Tests.Cuda.GpuKernelTests.Bitmask_nms_keeps_what_Nms_Select_keeps")
check poison "${nms[@]}"
check barrier "${nms[@]}"
check oob -method "MtcnnCuda.Tests.Cuda.GpuCropStageTests.Stage_threshold_and_compaction_keep_what_CpuNets_keeps"
check overflow "${nms[@]}"
echo "emulator self-test: ${caught} planted bugs caught, ${missed} missed"
[ "$missed" -eq 0 ]
