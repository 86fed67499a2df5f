#!/usr/bin/env bash
# One call verifies the CUDA backend on a GPU machine (see README.md): unpacks .device/bundle.tar.xz (pack.sh) and
# writes to $OUT: nvidia-smi; every GPU test; the kernel and cascade tests under compute-sanitizer memcheck,
# racecheck, initcheck and synccheck; issue 12's measurements: `mtcnn bench --backend cuda` single-image medians
# at VGA, 1080p and 4K (minFace 20) with CUDA-event stage times, VGA DetectBatch images/s, ncu on one 1080p
# detection's kernels when ncu exists; the facenet-pytorch peer (`peer.py time --device cuda`) on the same sizes,
# single and batched; summary.json with every figure, the goals and the peer/engine ratios. Each step is bounded by a timeout and writes its own log, so a
# failing step leaves the others' results. ≤ 6 minutes on an H100.
# Dry run here: CHECK_DRY_RUN=1 MTCNN_CUDA_PATH=<host-emulated libcuda> bash perf/gpu/check.sh (tiny bench, sanitizers skip).
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${OUT:-$root/perf/tmp/gpu-check}
dry=${CHECK_DRY_RUN:-0}
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
steps="$out/steps.tsv"
: > "$steps"
# step NAME SECONDS COMMAND...: runs with a timeout, log in $out/NAME.log, status in steps.tsv.
# The whole check stays inside CHECK_BUDGET seconds (default 330): a step gets at most what is left, and steps
# that would start with under 10 s left are skipped, so the call always returns with partial results.
budget=${CHECK_BUDGET:-330}
step() {
  local name=$1 limit=$2; shift 2
  local left=$((budget - SECONDS))
  if [ "$left" -lt 10 ]; then skip "$name" "time budget of ${budget}s used up"; return 0; fi
  [ "$limit" -le "$left" ] || limit=$left
  local start=$SECONDS
  echo "== $name (≤ ${limit}s)"
  timeout -k 5 "$limit" "$@" > "$out/$name.log" 2>&1
  local rc=$?
  printf '%s\t%s\t%s\n' "$name" "$rc" "$((SECONDS - start))" >> "$steps"
  tail -n 3 "$out/$name.log"
  echo "   exit $rc after $((SECONDS - start))s"
  return 0
}
skip() { printf '%s\tskipped\t0\t%s\n' "$1" "$2" >> "$steps"; echo "== $1: skipped ($2)"; }

tar xJf "$root/.device/bundle.tar.xz" -C "$work" || { echo "check.sh: no .device/bundle.tar.xz (run perf/gpu/pack.sh first)"; exit 1; }
export MTCNN_SHARED_DATA="$work/data" DOTNET_CLI_TELEMETRY_OPTOUT=1
tests="$work/pack/MtcnnCuda.Engine.Tests"
mtcnn="$work/pack/mtcnn"
# CUDA 13's NVRTC lives outside the loader path on the GPU machines.
if [ -z "${MTCNN_NVRTC_PATH:-}" ]; then
  for lib in /usr/local/cuda/lib64/libnvrtc.so.13 /usr/local/cuda/lib64/libnvrtc.so.12 $(ls /usr/local/lib/python3*/dist-packages/nvidia/cuda_nvrtc/lib/libnvrtc.so.* 2>/dev/null); do
    [ -f "$lib" ] && { export MTCNN_NVRTC_PATH=$lib; break; }
  done
fi
echo "NVRTC: ${MTCNN_NVRTC_PATH:-(loader path)}" | tee "$out/environment.txt"

if command -v nvidia-smi >/dev/null; then step nvidia-smi 20 nvidia-smi; else skip nvidia-smi "no nvidia-smi (not a GPU machine)"; fi

gpu_tests=(-class "MtcnnCuda.Tests.Cuda.*" -parallel none -noColor)
# The emulator is far slower than a GPU: the dry run takes the binding and kernel tests only.
[ "$dry" = 1 ] && gpu_tests=(-class MtcnnCuda.Tests.Cuda.GpuBindingTests -class MtcnnCuda.Tests.Cuda.GpuKernelTests -class MtcnnCuda.Tests.Cuda.GpuPNetFusedTests -parallel none -noColor)
step gpu-tests 180 "$tests" "${gpu_tests[@]}" -xml "$out/gpu-tests.xml"

# Issue 12's measurements. Latency: VGA, 1080p and 4K at minFace 20, single images, medians after warm-up, then a
# second series with CUDA-event stage times (the first records no events). Throughput: VGA DetectBatch of $batch.
# The peer (facenet-pytorch, PyTorch eager, same GPU) on the same sizes, single images and the same batch.
if [ "$dry" = 1 ]; then sizes=vga; faces=40; repeats=1; warmup=0; batch=2; else sizes=vga,1080p,4k; faces=20; repeats=50; warmup=20; batch=32; fi
weights="$work/data/reference-weights/mtcnn-original.safetensors"
photo="$work/data/images/multiface.jpg"
step bench 90 "$mtcnn" bench --backend cuda --weights "$weights" --image "$photo" --sizes "$sizes" --min-faces "$faces" --batch 0 \
  --warmup "$warmup" --repeats "$repeats" --stage-times --note "perf/gpu/check.sh: latency" --out "$out/bench"
step bench-batch 90 "$mtcnn" bench --backend cuda --weights "$weights" --image "$photo" --sizes vga --min-faces "$faces" --batch "$batch" \
  --warmup "$warmup" --repeats "$((repeats < 10 ? repeats : 10))" --note "perf/gpu/check.sh: DetectBatch throughput" --out "$out/bench-batch"

# ncu on one 1080p detection's kernels (after one warm-up call): time, FLOP counts and DRAM bytes per launch, and the
# speed-of-light percentages, with the clocks left as they are (--clock-control none). Falls back to the
# SpeedOfLight section alone when a metric is unknown to this ncu.
ncu_bin=$(command -v ncu || ls /usr/local/cuda/bin/ncu 2>/dev/null || true)
if [ "$dry" = 1 ]; then skip ncu "dry run on the host emulator: ncu needs a GPU"
elif [ -z "$ncu_bin" ]; then skip ncu "ncu not found"
else
  metrics=gpu__time_duration.sum,smsp__sass_thread_inst_executed_op_ffma_pred_on.sum,smsp__sass_thread_inst_executed_op_fadd_pred_on.sum,smsp__sass_thread_inst_executed_op_fmul_pred_on.sum,dram__bytes_read.sum,dram__bytes_write.sum,sm__throughput.avg.pct_of_peak_sustained_elapsed,gpu__compute_memory_throughput.avg.pct_of_peak_sustained_elapsed
  ncu_run() {
    "$ncu_bin" --clock-control none --target-processes all --launch-count 400 --csv --print-units base --log-file "$out/ncu.csv" "$@" \
      "$mtcnn" bench --backend cuda --weights "$weights" --image "$photo" --sizes 1080p --min-faces 20 --batch 0 --warmup 1 --repeats 1 \
      --out "$work/ncu-bench"
  }
  export -f ncu_run; export ncu_bin mtcnn weights photo work out
  step ncu 75 bash -c "ncu_run --metrics $metrics --section SpeedOfLight || ncu_run --section SpeedOfLight"
fi

if python3 -c "import torch, PIL" 2>/dev/null; then
  device=cuda; [ "$dry" = 1 ] && device=cpu
  python3 - "$photo" "$work/sizes" "$sizes" <<'PY'
import os, sys
from PIL import Image
src, dst, sizes = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
dims = {"vga": (640, 480), "720p": (1280, 720), "1080p": (1920, 1080), "4k": (3840, 2160)}
os.makedirs(dst, exist_ok=True)
img = Image.open(src).convert("RGB")
for s in sizes:
    img.resize(dims[s], Image.BILINEAR).save(os.path.join(dst, f"{s}.png"))
PY
  : > "$out/peer.jsonl"
  peer_case() {  # SIZE MINFACE BATCH
    local left=$((budget - SECONDS)); [ "$left" -ge 10 ] || { echo "peer $*: time budget used up" >> "$out/peer.log"; return; }
    local r
    r=$(timeout $((left < 45 ? left : 45)) python3 "$work/peer/peer.py" time --device "$device" --min-face "$2" --batch "$3" \
      --warmup 3 --repeats "$((repeats < 10 ? repeats : 10))" "$work/sizes/$1.png" 2>>"$out/peer.log" | tail -n 1)
    [ -n "$r" ] || r=null
    echo "{\"size\": \"$1\", \"minFace\": $2, \"batch\": $3, \"result\": $r}" >> "$out/peer.jsonl"
  }
  for s in ${sizes//,/ }; do for f in ${faces//,/ }; do peer_case "$s" "$f" 1; done; done
  for f in ${faces//,/ }; do peer_case vga "$f" "$batch"; done
  printf 'peer\t0\t0\n' >> "$steps"
else
  skip peer "python3 with torch and PIL not available"
fi

# TF32's accuracy cost (issue 12, design item 3): FDDB folds 07-08 with the FP32 and the TF32 crop nets, only when
# the bundle carries them (PACK_FDDB=1 bash perf/gpu/pack.sh). Compare eval-fp32/ and eval-tf32/ (same images).
fddb="$work/data/fddb"
if [ -d "$fddb" ] && [ "$dry" != 1 ]; then
  for precision in Fp32 Tf32; do
    step "eval-$(echo $precision | tr A-Z a-z)" 90 "$mtcnn" eval --backend cuda --gpu-precision "$precision" \
      --weights "$work/data/reference-weights/mtcnn-original.safetensors" --images "$fddb/originalPics" \
      --fddb "$fddb/FDDB-folds/FDDB-fold-07-ellipseList.txt" "$fddb/FDDB-folds/FDDB-fold-08-ellipseList.txt" \
      --examples 0 --out "$out/eval-$(echo $precision | tr A-Z a-z)"
  done
else
  skip eval-precision "no FDDB folds in the bundle (PACK_FDDB=1 bash perf/gpu/pack.sh) or dry run"
fi

# Sanitizers last: they only re-check what the tests checked, so the measurements get the budget first.
subset=(-class MtcnnCuda.Tests.Cuda.GpuKernelTests -method "MtcnnCuda.Tests.Cuda.GpuCascadeTests.Multiface_gives_the_cpu_faces"
  -method "MtcnnCuda.Tests.Cuda.GpuPNetFusedTests.Random_weights_and_pixels_give_the_cpu_candidates_on_every_level" -parallel none -noColor)
for tool in memcheck racecheck initcheck synccheck; do
  if [ "$dry" = 1 ]; then skip "sanitizer-$tool" "dry run on the host emulator: compute-sanitizer needs a GPU"
  elif ! command -v compute-sanitizer >/dev/null; then skip "sanitizer-$tool" "compute-sanitizer not found"
  else step "sanitizer-$tool" 40 compute-sanitizer --tool "$tool" --error-exitcode 99 --target-processes all "$tests" "${subset[@]}"
  fi
done

python3 "$root/perf/gpu/summarize.py" "$out" > "$out/summary.json" 2> "$out/summarize.log" || echo "summarize failed: see summarize.log"
echo "== steps (name, exit code, seconds)"; cat "$steps"
echo "check.sh: results in $out (summary.json)"
