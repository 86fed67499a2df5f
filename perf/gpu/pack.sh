#!/usr/bin/env bash
# Packs everything the one-call GPU check (check.sh) needs into .device/ (git-ignored), to be carried to the GPU
# machine, which has the NVIDIA driver, CUDA 13 and PyTorch but no .NET:
#   .device/bundle.tar.xz: pack/   the GPU tests (MtcnnCuda.Engine.Tests) and `mtcnn` (bench), published
#                                  self-contained for linux-x64 into one folder (one copy of the runtime)
#                          data/   the reference weights and the test photo (MTCNN_SHARED_DATA layout)
#                          peer/   the facenet-pytorch peer (../shared/peers/facenet-pytorch)
#   .device/check.sh is not copied: the working tree travels, check.sh runs from perf/gpu/.
# Usage (from anywhere): bash perf/gpu/pack.sh    Fails when the bundle exceeds 55 MiB.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
shared=${MTCNN_SHARED:-$root/../shared}
out="$root/.device"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cd "$root"
publish() { dotnet publish "$1" -c Release -r linux-x64 --self-contained -p:InvariantGlobalization=true -v q -nologo -o "$stage/pack" >&2; }
publish tests/MtcnnCuda.Engine.Tests
publish src/Tools
# Until the trainer leaves src/Tools (branch box), its publish drags in libtorch: bench never loads it.
rm -f "$stage"/pack/libtorch* "$stage"/pack/libc10* "$stage"/pack/libgomp* "$stage"/pack/libcudnn* "$stage"/pack/libnv* \
      "$stage"/pack/libcu* "$stage"/pack/libLibTorchSharp* "$stage"/pack/libbackend_with_compiler* "$stage"/pack/libtorch_*
mkdir -p "$stage/data/reference-weights" "$stage/data/images"
cp "$shared/data/reference-weights/mtcnn-original.safetensors" "$stage/data/reference-weights/"
cp "$shared/data/images/multiface.jpg" "$stage/data/images/"
# PACK_FDDB=1: FDDB folds 07-08 (about 21 MB of JPEGs) for check.sh's FP32-vs-TF32 eval; may need a smaller pack.
if [ "${PACK_FDDB:-0}" = 1 ]; then
  mkdir -p "$stage/data/fddb/FDDB-folds" "$stage/data/fddb/originalPics"
  for fold in 07 08; do
    cp "$shared/data/fddb/FDDB-folds/FDDB-fold-$fold.txt" "$shared/data/fddb/FDDB-folds/FDDB-fold-$fold-ellipseList.txt" "$stage/data/fddb/FDDB-folds/"
    (cd "$shared/data/fddb/originalPics" && while read -r name; do cp --parents "$name.jpg" "$stage/data/fddb/originalPics/"; done \
      < "$shared/data/fddb/FDDB-folds/FDDB-fold-$fold.txt")
  done
fi
cp -r "$shared/peers/facenet-pytorch" "$stage/peer"
find "$stage/peer" -name __pycache__ -prune -exec rm -rf {} +
mkdir -p "$out"
tar cf - -C "$stage" pack data peer | xz -T0 -6 > "$out/bundle.tar.xz"
size=$(stat -c %s "$out/bundle.tar.xz")
echo "pack.sh: $out/bundle.tar.xz $((size / 1024 / 1024)) MiB"
[ "$size" -le $((55 * 1024 * 1024)) ] || { echo "pack.sh: the bundle exceeds 55 MiB (the carried tree may not exceed 64 MiB)" >&2; exit 1; }
