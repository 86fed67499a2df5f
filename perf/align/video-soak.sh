#!/usr/bin/env bash
# Video throughput and memory of `mtcnn detect --video` on the CPU: makes a 720p clip (a 300-frame pan over a
# still, H.264, then stream-copied 34 times to 10,000 frames), runs the detector over it and samples the RSS of
# the mtcnn process every 10 s. Usage: perf/align/video-soak.sh WEIGHTS STILL.jpg OUTDIR [extra mtcnn options]
set -euo pipefail
weights=$1 still=$2 out=$3; shift 3
mkdir -p "$out"
mtcnn=${MTCNN:-src/Tools/bin/Release/net10.0/mtcnn}
[ -f "$out/clip10k.mp4" ] || {
  ffmpeg -v error -y -i "$still" -vf scale=1400:736 "$out/still.png"
  ffmpeg -v error -y -loop 1 -i "$out/still.png" -vf "crop=1280:720:x='60+50*sin(n/25)':y='8+8*cos(n/30)'" \
    -frames:v 300 -r 30 -c:v libx264 -preset ultrafast -pix_fmt yuv420p "$out/clip300.mp4"
  ffmpeg -v error -y -stream_loop 33 -i "$out/clip300.mp4" -c copy -frames:v 10000 "$out/clip10k.mp4"
}
echo "load before: $(cat /proc/loadavg)" > "$out/run.txt"
start=$(date +%s)
"$mtcnn" detect "$out/clip10k.mp4" --video --weights "$weights" --backend cpu "$@" > "$out/frames.jsonl" 2> "$out/progress.txt" &
pid=$!
echo "seconds,rss_kib,load1" > "$out/rss.csv"
while kill -0 "$pid" 2>/dev/null; do
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
  [ -n "$rss" ] && echo "$(( $(date +%s) - start )),$rss,$(cut -d' ' -f1 /proc/loadavg)" >> "$out/rss.csv"
  sleep 10
done
wait "$pid"; rc=$?
{ echo "exit code: $rc"; echo "wall seconds: $(( $(date +%s) - start ))"; echo "load after: $(cat /proc/loadavg)";
  echo "options: $*"; echo "last progress: $(tr '\r' '\n' < "$out/progress.txt" | grep frames | tail -n 1)"; } >> "$out/run.txt"
cat "$out/run.txt"
