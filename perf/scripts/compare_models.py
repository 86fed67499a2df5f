#!/usr/bin/env python3
"""Weights side by side, same command and settings for each: `mtcnn eval` on FDDB folds 07-08 (AP, max recall, TPR at
50/100/500/1000 false positives; minFace 20, default thresholds, CPU backend) and on the AFLW test split of
landmarks-5pt (NME, failure rate), plus the faces each finds on multiface.jpg. Writes every eval's folder, the
detections on multiface.jpg and compare.md (the table) into --out.

    python3 perf/scripts/compare_models.py --data ../shared/data --out DIR original own
    python3 perf/scripts/compare_models.py --out DIR original path/to/weights.safetensors

A model is an embedded name (`--model NAME`) or a .safetensors file (`--weights FILE`).
Needs: a build of src/Tools (`--mtcnn`, default: dotnet build output of src/Tools in Release).
"""
import argparse, json, os, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))


def model_args(model):
    return ["--weights", model] if model.endswith(".safetensors") else ["--model", model]


def label(model):
    return os.path.basename(model)


def iou(a, b):
    iw = max(0.0, min(a["x2"], b["x2"]) - max(a["x1"], b["x1"]))
    ih = max(0.0, min(a["y2"], b["y2"]) - max(a["y1"], b["y1"]))
    inter = iw * ih
    return inter / ((a["x2"] - a["x1"]) * (a["y2"] - a["y1"]) + (b["x2"] - b["x1"]) * (b["y2"] - b["y1"]) - inter)


def matched(faces, reference):
    """Faces that match a distinct face of the reference list at IoU >= 0.5 (greedy, best first)."""
    left, count = [f["box"] for f in reference], 0
    for f in faces:
        best = max(left, key=lambda r: iou(f["box"], r), default=None)
        if best is not None and iou(f["box"], best) >= 0.5:
            left.remove(best)
            count += 1
    return count


def run(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stdout}\n{p.stderr}")
    return p.stdout


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("models", nargs="+")
    ap.add_argument("--data", default=os.path.join(REPO, "..", "shared", "data"))
    ap.add_argument("--out", required=True)
    ap.add_argument("--mtcnn", default=os.path.join(REPO, "src", "Tools", "bin", "Release", "net10.0", "mtcnn"))
    ap.add_argument("--threads", default="1")
    a = ap.parse_args()
    folds = [os.path.join(a.data, "fddb", "FDDB-folds", f"FDDB-fold-{k:02d}-ellipseList.txt") for k in (7, 8)]
    common = ["--backend", "cpu", "--threads", a.threads, "--min-face", "20", "--examples", "0"]
    multiface = os.path.join(a.data, "images", "multiface.jpg")
    rows, first_faces = [], None
    for model in a.models:
        out = os.path.join(a.out, label(model).replace(".safetensors", ""))
        cmd = [a.mtcnn, "eval", *model_args(model), *common, "--fddb", *folds, "--images", os.path.join(a.data, "fddb", "originalPics"),
               "--landmarks", os.path.join(a.data, "landmarks-5pt", "test.txt"), "--out", out]
        print(" ".join(cmd), flush=True)
        run(cmd)
        s = json.load(open(os.path.join(out, "summary.json")))
        det, lm = s["detection"], s["landmarks"]["detector"]
        faces = json.loads(run([a.mtcnn, "detect", *model_args(model), "--backend", "cpu", "--json", multiface]))["images"][0]["faces"]
        json.dump(faces, open(os.path.join(out, "multiface.json"), "w"), indent=1)
        same = "" if first_faces is None else f", {matched(faces, first_faces)} match {label(a.models[0])}'s"
        first_faces = faces if first_faces is None else first_faces
        allset, roc = det["subsets"]["all"], det["roc"]
        rows.append([label(model), f"{allset['apExact']:.4f}", f"{allset['maxRecall']:.4f}",
                     *(f"{roc[k]:.4f}" for k in ("tprAt50Fp", "tprAt100Fp", "tprAt500Fp", "tprAt1000Fp")),
                     f"{100 * lm['meanError']:.2f} %", f"{100 * lm['failureRate']:.1f} %", f"{100 * lm['detectionRate']:.1f} %",
                     f"{len(faces)}{same} (min score {min((f['confidence'] for f in faces), default=0):.3f})"])
    head = ["weights", "FDDB 07-08 AP", "max recall", "TPR @50 FP", "@100", "@500", "@1000", "AFLW NME", "failure > 10 %", "AFLW detected",
            "multiface.jpg faces"]
    table = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)] + ["| " + " | ".join(r) + " |" for r in rows]
    text = "\n".join(table) + "\n"
    note = (f"\nFDDB folds 07-08 (this copy; {det['images']} images, {allset['faces']} faces), IoU >= 0.5 with the ellipse's bounding box; "
            "AFLW: landmarks-5pt/test.txt, whole cascade, best-matching detection, NME = mean point error / inter-ocular distance. "
            "CPU backend, minFace 20, default thresholds. multiface.jpg holds 6 faces.\n")
    os.makedirs(a.out, exist_ok=True)
    open(os.path.join(a.out, "compare.md"), "w").write(text + note)
    print(text + note)


if __name__ == "__main__":
    main()
