#!/usr/bin/env bash
# Builds the host-emulated libcuda (fake_cuda.cpp + the real kernels/*.cu) and runs the GPU tests against it:
# a development check of the CUDA backend's orchestration and kernel semantics on a machine without a GPU.
# Results say nothing about real-GPU behaviour (memory model, warps, speed). Usage: run.sh [dotnet test filter]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../.." && pwd)
out=${TMPDIR:-/tmp}/mtcnn-host-emulator
mkdir -p "$out"
# Kernel sources as host C++: the dynamic shared array becomes a pointer into the emulator's per-launch buffer.
for f in "$root"/kernels/*.cu; do
  sed -E 's/extern __shared__ ([a-z ]+) ([a-z_]+)\[\];/\1* \2 = (\1*)emu_dynamic_shared;/' "$f"
done | grep -v '#include "common.cuh"' > "$out/kernels.inc"
{ echo '#include "emu_prelude.h"'; cat "$root/kernels/common.cuh"; cat "$out/kernels.inc"; } > "$out/kernels.all"
mv "$out/kernels.all" "$out/kernels.inc"
g++ -std=c++17 -O2 -fPIC -shared -ffp-contract=off -w -I "$here" -I "$out" "$here/fake_cuda.cpp" -o "$out/libcuda.so.1"
export MTCNN_CUDA_PATH="$out/libcuda.so.1"
cd "$root"
dotnet test tests/MtcnnCuda.Engine.Tests -c Release --filter "${1:-FullyQualifiedName~MtcnnCuda.Tests.Cuda.Gpu}" --logger "console;verbosity=normal"
