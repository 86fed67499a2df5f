#!/usr/bin/env python3
"""Summarises a check.sh output folder as one JSON document on stdout: each step's exit code and time, GPU test
totals (from the xunit XML), every bench case of the engine (`mtcnn bench --backend cuda`), every peer timing
(facenet-pytorch `peer.py time`), and per (size, minFace, batch) the ratio peer median / engine median
(> 1: the engine is faster). Missing pieces are reported as null, never invented."""
import json, os, sys
import xml.etree.ElementTree as ET

out = sys.argv[1]
summary = {"steps": [], "gpuTests": None, "engine": [], "peer": [], "ratios": []}
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
bench = os.path.join(out, "bench", "bench.json")
if os.path.exists(bench):
    doc = json.load(open(bench, encoding="utf-8"))
    summary["engineMachine"] = doc.get("machine")
    for c in doc.get("cases", []):
        summary["engine"].append({"size": c["size"], "minFace": c["minFace"], "batch": c["batch"], "mode": c["mode"],
                                  "medianMs": c["endToEnd"]["median"], "p10Ms": c["endToEnd"]["p10"], "p90Ms": c["endToEnd"]["p90"],
                                  "faces": c["faces"]})
peer = os.path.join(out, "peer.jsonl")
if os.path.exists(peer):
    for line in open(peer, encoding="utf-8"):
        line = line.strip()
        if line:
            summary["peer"].append(json.loads(line))
for p in summary["peer"]:
    r = p.get("result")
    match = [e for e in summary["engine"] if e["size"].lower() == p["size"].lower() and e["minFace"] == p["minFace"] and e["batch"] == p["batch"]]
    summary["ratios"].append({"size": p["size"], "minFace": p["minFace"], "batch": p["batch"],
                              "engineMs": match[0]["medianMs"] if match else None,
                              "peerMs": r["median_ms_per_image"] if r else None,
                              "peerOverEngine": (r["median_ms_per_image"] / match[0]["medianMs"]) if r and match and match[0]["medianMs"] else None})
json.dump(summary, sys.stdout, indent=2)
print()
