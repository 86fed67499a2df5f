#!/usr/bin/env bash
# Installs the system packages the build and tests need (idempotent; does nothing when all are present).
set -euo pipefail
need=()
command -v g++ >/dev/null || need+=(g++)
command -v cmake >/dev/null || need+=(cmake)
command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null || need+=(ffmpeg)  # video tests (mtcnn detect --video)
command -v djpeg >/dev/null || need+=(libjpeg-turbo-progs)  # the C example host reads multiface.jpg as PPM
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}"
fi
# The real facenet-pytorch peer (parity test, comparison script) runs on Debian's PyTorch; optional: its tests
# skip with a stated reason when it is missing, so a failed install does not stop CI.
if ! /usr/bin/python3 -c "import torch, PIL" >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends python3-torch python3-pil >/dev/null 2>&1 ||
    echo "install-deps: python3-torch could not be installed; the facenet-pytorch parity test will skip"
fi
