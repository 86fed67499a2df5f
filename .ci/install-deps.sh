#!/usr/bin/env bash
# Installs the system packages the build and tests need (idempotent; does nothing when all are present).
set -euo pipefail
need=()
command -v g++ >/dev/null || need+=(g++)
command -v cmake >/dev/null || need+=(cmake)
command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null || need+=(ffmpeg)  # video tests (mtcnn detect --video)
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}"
fi
