#!/usr/bin/env python3
"""Side-by-side CPU comparison: MtcnnCuda's CPU backend (`mtcnn bench`) against the real facenet-pytorch MTCNN
(`../shared/peers/facenet-pytorch/peer.py time`), interleaved A, B, A, B: every round times every case on the
engine, then on the peer, one process each, same image file, same thread count. Records every round, the load
average before each run, time per image (median of the run), the engine's managed allocation per call and both
processes' peak RSS (from /usr/bin/time). Writes compare.json and README.md into --out.

Run with Debian's interpreter (it has python3-torch): /usr/bin/python3 perf/scripts/compare_facenet.py --out DIR
Needs: a Release build of src/Tools (dotnet build src/Tools -c Release), /usr/bin/time, PIL.
"""
import argparse, json, os, platform, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
SIZES = {"vga": (640, 480), "720p": (1280, 720), "1080p": (1920, 1080)}


def load():
    with open("/proc/loadavg") as f:
        return [float(v) for v in f.read().split()[:3]]


def timed(cmd, env=None):
    """Runs cmd under /usr/bin/time -v; returns (stdout, peak RSS in bytes)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
        p = subprocess.run(["/usr/bin/time", "-v", "-o", t.name] + cmd, capture_output=True, text=True, env=env)
        if p.returncode != 0:
            sys.exit(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stdout}\n{p.stderr}")
        rss = next(int(l.split(":")[1]) * 1024 for l in t.read().splitlines() if "Maximum resident set size" in l)
    return p.stdout, rss


def engine(args, image, size, min_face, out):
    cmd = ["dotnet", args.mtcnn, "bench", "--weights", args.weights, "--image", image, "--sizes", size,
           "--min-faces", str(min_face), "--threads", str(args.threads), "--warmup", str(args.engine_warmup),
           "--repeats", str(args.repeats), "--batch", "0", "--out", out]
    _, rss = timed(cmd)
    case = json.load(open(os.path.join(out, "bench.json")))["cases"][0]
    return {"ms": case["endToEnd"]["median"], "p10": case["endToEnd"]["p10"], "p90": case["endToEnd"]["p90"],
            "faces": case["faces"], "allocatedBytesPerCall": case["allocatedBytesPerImage"],
            "cpuMsPerCall": case.get("cpuMsPerImage"), "peakRssBytes": rss}


def peer(args, image, min_face):
    env = dict(os.environ, OMP_NUM_THREADS=str(args.threads))
    cmd = ["/usr/bin/python3", args.peer, "time", "--min-face", str(min_face), "--threads", str(args.threads),
           "--warmup", str(args.warmup), "--repeats", str(args.repeats), image]
    stdout, rss = timed(cmd, env)
    r = json.loads(stdout.strip().splitlines()[-1])
    return {"ms": r["median_ms_per_image"], "p10": r["p10_ms"], "p90": r["p90_ms"], "faces": r["faces"],
            "torch": r["torch"], "threads": r["threads"], "peakRssBytes": rss}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--photo", default=os.path.join(REPO, "..", "shared", "data", "images", "multiface.jpg"))
    ap.add_argument("--weights", default=os.path.join(REPO, "..", "shared", "data", "reference-weights", "mtcnn-original.safetensors"))
    ap.add_argument("--peer", default=os.path.join(REPO, "..", "shared", "peers", "facenet-pytorch", "peer.py"))
    ap.add_argument("--mtcnn", default=os.path.join(REPO, "src", "Tools", "bin", "Release", "net10.0", "mtcnn.dll"))
    ap.add_argument("--sizes", default="vga,720p,1080p")
    ap.add_argument("--min-faces", default="20,40")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--warmup", type=int, default=10)
    ap.add_argument("--engine-warmup", type=int, default=None, help="engine warm-up calls (default --warmup): JIT tiering needs ~10")
    ap.add_argument("--repeats", type=int, default=20)
    ap.add_argument("--note", default="")
    args = ap.parse_args()
    if args.engine_warmup is None:
        args.engine_warmup = args.warmup
    from PIL import Image
    os.makedirs(args.out, exist_ok=True)
    work = tempfile.mkdtemp(prefix="mtcnn-compare-")
    photo = Image.open(args.photo).convert("RGB")
    images = {}
    for name in args.sizes.split(","):
        images[name] = os.path.join(work, f"{name}.png")
        photo.resize(SIZES[name], Image.BILINEAR).save(images[name])  # both sides read this same file
    cases = [(s, int(m)) for s in args.sizes.split(",") for m in args.min_faces.split(",")]
    rounds = []
    for r in range(args.rounds):
        for size, min_face in cases:
            for side in ("engine", "facenet-pytorch"):
                before = load()
                t0 = time.time()
                result = engine(args, images[size], size, min_face, os.path.join(work, f"e-{size}-{min_face}")) if side == "engine" \
                    else peer(args, images[size], min_face)
                result.update(round=r + 1, size=size, minFace=min_face, side=side, loadBefore=before, loadAfter=load(),
                              wallSeconds=round(time.time() - t0, 1))
                rounds.append(result)
                print(f"round {r + 1} {size:5} minFace {min_face:2} {side:15} {result['ms']:8.1f} ms/image "
                      f"faces {result['faces']} peak RSS {result['peakRssBytes'] / 2**20:6.0f} MiB load {before[0]:.1f}", flush=True)
    summary = []
    for size, min_face in cases:
        def med(side, key="ms"):
            return statistics.median(x[key] for x in rounds if x["size"] == size and x["minFace"] == min_face and x["side"] == side)
        e, p = med("engine"), med("facenet-pytorch")
        summary.append({"size": size, "minFace": min_face, "engineMs": e, "facenetMs": p, "ratio": p / e,
                        "engineAllocatedMiBPerCall": med("engine", "allocatedBytesPerCall") / 2**20,
                        "enginePeakRssMiB": med("engine", "peakRssBytes") / 2**20, "facenetPeakRssMiB": med("facenet-pytorch", "peakRssBytes") / 2**20})
    commit = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    machine = {"host": platform.node(), "cpu": cpu, "logicalCores": os.cpu_count(), "kernel": platform.release(),
               "memoryGiB": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1), "commit": commit}
    doc = {"command": " ".join(sys.argv), "machine": machine, "threads": args.threads, "warmup": args.warmup, "engineWarmup": args.engine_warmup,
           "repeats": args.repeats, "note": args.note, "summary": summary, "rounds": rounds}
    json.dump(doc, open(os.path.join(args.out, "compare.json"), "w"), indent=1)
    with open(os.path.join(args.out, "README.md"), "w") as f:
        f.write(f"# MtcnnCuda CPU vs facenet-pytorch ({machine['cpu']}, {machine['logicalCores']} logical cores, commit {commit})\n\n")
        f.write(f"`{doc['command']}`; {args.threads} threads each, warm-up {args.warmup} (engine {args.engine_warmup}), {args.repeats} timed calls per run, "
                f"{args.rounds} interleaved rounds (engine, then facenet-pytorch, per case). {args.note}\n\n")
        f.write("Median over rounds of each run's median (ms per image); ratio = facenet-pytorch / engine.\n\n")
        f.write("| case | facenet-pytorch (ms) | MtcnnCuda CPU (ms) | ratio | engine allocates per call | peak RSS engine / facenet |\n|---|---|---|---|---|---|\n")
        for s in summary:
            f.write(f"| {s['size']} minFace {s['minFace']} | {s['facenetMs']:.1f} | {s['engineMs']:.1f} | {s['ratio']:.1f}× | "
                    f"{s['engineAllocatedMiBPerCall']:.2f} MiB | {s['enginePeakRssMiB']:.0f} / {s['facenetPeakRssMiB']:.0f} MiB |\n")
        f.write("\nEvery run (load = 1-minute load average before the run):\n\n| round | case | side | ms/image (p10–p90) | faces | peak RSS | load |\n|---|---|---|---|---|---|---|\n")
        for x in rounds:
            f.write(f"| {x['round']} | {x['size']} minFace {x['minFace']} | {x['side']} | {x['ms']:.1f} ({x['p10']:.1f}–{x['p90']:.1f}) | "
                    f"{x['faces']} | {x['peakRssBytes'] / 2**20:.0f} MiB | {x['loadBefore'][0]:.1f} |\n")
    print(f"wrote {args.out}/compare.json and README.md")


if __name__ == "__main__":
    main()
