#!/usr/bin/env python3
"""Summarises a check.sh output folder as one JSON document on stdout: each step's exit code and time, GPU test
totals (from the xunit XML), every bench case of the engine (`mtcnn bench --backend cuda`: latency in bench/,
DetectBatch throughput in bench-batch/) with its CUDA-event stage medians, every peer timing (facenet-pytorch
`peer.py time`), per (size, minFace, batch) the ratio peer median / engine median (> 1: the engine is faster),
issue 12's goals against the measured figures, and the heaviest kernels from ncu (time, GFLOP/s, DRAM GB/s,
speed-of-light percentages). Missing pieces are reported as null, never invented."""
import csv, json, os, sys
import xml.etree.ElementTree as ET

out = sys.argv[1]
summary = {"steps": [], "gpuTests": None, "engine": [], "peer": [], "ratios": [], "goals": [], "kernels": None}
steps = os.path.join(out, "steps.tsv")
if os.path.exists(steps):
    for line in open(steps, encoding="utf-8"):
        parts = line.rstrip("\n").split("\t")
        summary["steps"].append({"name": parts[0], "exit": parts[1], "seconds": int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else None,
                                 "reason": parts[3] if len(parts) > 3 else None})
xml = os.path.join(out, "gpu-tests.xml")
if os.path.exists(xml):
    a = ET.parse(xml).getroot().find("assembly")
    if a is not None:
        summary["gpuTests"] = {k: int(a.get(k, "0")) for k in ("total", "passed", "failed", "skipped", "errors")}
        summary["gpuTests"]["failures"] = [t.get("name") for t in a.iter("test") if t.get("result") == "Fail"]
for folder in ("bench", "bench-batch"):
    bench = os.path.join(out, folder, "bench.json")
    if not os.path.exists(bench):
        continue
    doc = json.load(open(bench, encoding="utf-8"))
    summary.setdefault("engineMachine", doc.get("machine"))
    for c in doc.get("cases", []):
        if folder == "bench-batch" and c["mode"] != "batch":
            continue  # its single case repeats bench/'s with fewer calls
        stages = c.get("gpuStages")
        summary["engine"].append({"size": c["size"], "minFace": c["minFace"], "batch": c["batch"], "mode": c["mode"],
                                  "medianMs": c["endToEnd"]["median"], "p10Ms": c["endToEnd"]["p10"], "p90Ms": c["endToEnd"]["p90"],
                                  "imagesPerSecond": 1000.0 / c["endToEnd"]["median"] if c["endToEnd"]["median"] else None,
                                  "stageMedianMs": {k: v["median"] for k, v in stages.items()} if stages else None,
                                  "faces": c["faces"]})
peer = os.path.join(out, "peer.jsonl")
if os.path.exists(peer):
    for line in open(peer, encoding="utf-8"):
        line = line.strip()
        if line:
            summary["peer"].append(json.loads(line))


def engine_case(size, min_face, batch):
    match = [e for e in summary["engine"] if e["size"].lower() == size.lower() and e["minFace"] == min_face and e["batch"] == batch]
    return match[0] if match else None


for p in summary["peer"]:
    r = p.get("result")
    e = engine_case(p["size"], p["minFace"], p["batch"])
    summary["ratios"].append({"size": p["size"], "minFace": p["minFace"], "batch": p["batch"],
                              "engineMs": e["medianMs"] if e else None,
                              "peerMs": r["median_ms_per_image"] if r else None,
                              "peerOverEngine": (r["median_ms_per_image"] / e["medianMs"]) if r and e and e["medianMs"] else None})

# Issue 12's goals (H100, host pixels in -> host faces out, medians after warm-up).
for size, limit in (("vga", 0.5), ("1080p", 1.0), ("4k", 3.0)):
    e = engine_case(size, 20, 1)
    summary["goals"].append({"goal": f"{size}, minFace 20, single image: median <= {limit} ms",
                             "measured": e["medianMs"] if e else None, "met": (e["medianMs"] <= limit) if e else None})
batches = [e for e in summary["engine"] if e["size"] == "vga" and e["mode"] == "batch" and e["minFace"] == 20]
best = max(batches, key=lambda e: e["imagesPerSecond"] or 0) if batches else None
summary["goals"].append({"goal": "vga DetectBatch: >= 2000 images/s (stretch 5000)",
                         "measured": best["imagesPerSecond"] if best else None, "met": (best["imagesPerSecond"] >= 2000) if best else None})
for mode, batch in (("single", 1), ("batch", best["batch"] if best else None)):
    rs = [r for r in summary["ratios"] if r["batch"] == batch and r["minFace"] == 20 and r["peerOverEngine"]]
    worst = min(rs, key=lambda r: r["peerOverEngine"]) if rs else None
    summary["goals"].append({"goal": f">= 30x facenet-pytorch ({mode}, worst size)", "measured": worst["peerOverEngine"] if worst else None,
                             "size": worst["size"] if worst else None, "met": (worst["peerOverEngine"] >= 30) if worst else None})

# ncu (--csv --print-units base): one row per (launch, metric); aggregated per kernel name, heaviest first.
ncu = os.path.join(out, "ncu.csv")
if os.path.exists(ncu):
    lines = [l for l in open(ncu, encoding="utf-8", errors="replace") if not l.startswith("==")]
    kernels = {}
    for row in csv.DictReader(lines):
        name, metric, value = row.get("Kernel Name"), row.get("Metric Name"), (row.get("Metric Value") or "").replace(",", "")
        if not name or not metric:
            continue
        try:
            v = float(value)
        except ValueError:
            continue
        k = kernels.setdefault(name.split("(")[0], {"launches": set(), "sums": {}, "pcts": {}})
        k["launches"].add(row.get("ID"))
        if metric.endswith("pct_of_peak_sustained_elapsed") or row.get("Metric Unit") == "%":
            k["pcts"].setdefault(metric, []).append(v)
        else:
            k["sums"][metric] = k["sums"].get(metric, 0.0) + v
    rows = []
    for name, k in kernels.items():
        s = k["sums"]
        ns = s.get("gpu__time_duration.sum") or s.get("Duration")
        flops = (2 * s.get("smsp__sass_thread_inst_executed_op_ffma_pred_on.sum", 0) + s.get("smsp__sass_thread_inst_executed_op_fadd_pred_on.sum", 0)
                 + s.get("smsp__sass_thread_inst_executed_op_fmul_pred_on.sum", 0))
        dram = s.get("dram__bytes_read.sum", 0) + s.get("dram__bytes_write.sum", 0)
        rows.append({"kernel": name, "launches": len(k["launches"]), "totalUs": ns / 1000 if ns else None,
                     "gflopPerS": flops / ns if ns and flops else None, "dramGBPerS": dram / ns if ns and dram else None,
                     "meanPctOfPeak": {m: sum(v) / len(v) for m, v in k["pcts"].items()}})
    rows.sort(key=lambda r: -(r["totalUs"] or 0))
    summary["kernels"] = rows[:12]
json.dump(summary, sys.stdout, indent=2)
print()
