using System.Diagnostics;

namespace MtcnnCuda.Perf.Bench;

/// <summary>
/// Times a target: for each size and minFace, warm-up calls, then repeated single-image calls (end-to-end and
/// per-stage) and repeated batched calls. Memory: bytes allocated per image (all threads), the largest managed
/// heap seen after any call, and the process's peak working set so far (monotonic over the whole run).
/// </summary>
public sealed class BenchRunner(BenchSettings settings, TextWriter log)
{
    public (List<BenchCase> Cases, string Target, List<string> Sources) Run()
    {
        var run = RunAll([settings.Target])[0];
        return (run.Cases, run.Name, run.Sources);
    }

    /// <summary>
    /// Times several registered targets on the same cases, interleaved: for each size and minFace every target in
    /// turn, so slow drifts in machine load hit all of them alike. One result per key, in the order given.
    /// </summary>
    public List<TargetRun> RunAll(IReadOnlyList<string> keys)
    {
        if (settings.Repeats < 1) throw new ArgumentException("--repeats must be ≥ 1.");
        if (settings.Warmup < 0 || settings.BatchSize < 0) throw new ArgumentException("--warmup and --batch must be ≥ 0.");
        if (keys.Count == 0) throw new ArgumentException("No bench target given.");
        var runs = keys.Select(k => new TargetRun(k, BenchTargets.Find(k), k)).ToList();
        var weights = Common.ModelChoice.Load(settings.Weights, settings.Model);
        foreach (var size in settings.Sizes)
        {
            var (image, source) = BenchImages.Make(size, settings.Photo);
            foreach (var run in runs) run.Sources.Add(source);
            foreach (float minFace in settings.MinFaces)
            {
                foreach (var run in runs)
                {
                    using var target = run.Factory.Create(weights, settings.Detector with { MinFaceSize = minFace });
                    run.Name = target.Name;
                    string prefix = runs.Count > 1 ? $"{target.Name,-18} " : "";
                    run.Cases.Add(Single(target, image, size, minFace));
                    if (settings.StageTimes && target is EngineTarget engine)
                        run.Cases[^1] = run.Cases[^1] with { GpuStages = StageTimes(engine, image) };
                    log.WriteLine(prefix + Describe(run.Cases[^1]));
                    if (settings.BatchSize > 0)
                    {
                        run.Cases.Add(Batched(target, image, size, minFace));
                        log.WriteLine(prefix + Describe(run.Cases[^1]));
                    }
                }
            }
        }
        return runs;
    }

    /// <summary>The cases one target was timed on.</summary>
    public sealed class TargetRun(string key, IBenchTargetFactory factory, string name)
    {
        public string Key { get; } = key;
        public IBenchTargetFactory Factory { get; } = factory;
        /// <summary>The target's report name (e.g. "mtcnncuda-cpu").</summary>
        public string Name { get; internal set; } = name;
        public List<BenchCase> Cases { get; } = [];
        public List<string> Sources { get; } = [];
    }

    private BenchCase Single(IBenchTarget target, ImageData image, BenchSize size, float minFace)
    {
        int faces = 0;
        for (int i = 0; i < settings.Warmup; i++) faces = target.Detect(image).Count;
        var e2e = new List<double>();
        var pnet = new List<double>();
        var rnet = new List<double>();
        var onet = new List<double>();
        StageTiming? last = null;
        var memory = new MemoryProbe();
        var cpu = CpuTime();
        for (int i = 0; i < settings.Repeats; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            faces = target.Detect(image).Count;
            e2e.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            memory.Sample();
            if (target.LastStages is { } s)
            {
                last = s;
                pnet.Add(s.PNetMs);
                rnet.Add(s.RNetMs);
                onet.Add(s.ONetMs);
            }
        }
        return new BenchCase(size, minFace, "single", 1, Stats.Of(e2e), StatsOrNull(pnet), StatsOrNull(rnet), StatsOrNull(onet),
            last?.PNetCandidates ?? -1, last?.RNetCandidates ?? -1, faces,
            memory.AllocatedPerCall(settings.Repeats), memory.HeapPeak, MemoryProbe.PeakWorkingSet())
        {
            CpuMsPerImage = (CpuTime() - cpu).TotalMilliseconds / settings.Repeats,
        };
    }

    private BenchCase Batched(IBenchTarget target, ImageData image, BenchSize size, float minFace)
    {
        var batch = Enumerable.Repeat(image, settings.BatchSize).ToArray();
        int faces = 0;
        // Half the single-image warm-up (at least one call), none when --warmup 0 asks for none.
        int warmup = settings.Warmup == 0 ? 0 : Math.Max(1, settings.Warmup / 2);
        for (int i = 0; i < warmup; i++) faces = target.DetectBatch(batch)[0].Count;
        var perImage = new List<double>();
        var memory = new MemoryProbe();
        var cpu = CpuTime();
        for (int i = 0; i < settings.Repeats; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            faces = target.DetectBatch(batch)[^1].Count;
            perImage.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds / batch.Length);
            memory.Sample();
        }
        return new BenchCase(size, minFace, "batch", batch.Length, Stats.Of(perImage), null, null, null, -1, -1, faces,
            memory.AllocatedPerCall(settings.Repeats * batch.Length), memory.HeapPeak, MemoryProbe.PeakWorkingSet())
        {
            CpuMsPerImage = (CpuTime() - cpu).TotalMilliseconds / (settings.Repeats * batch.Length),
        };
    }

    /// <summary>
    /// Per-stage device times from CUDA events over <see cref="BenchSettings.Repeats"/> extra calls (kept apart from the
    /// end-to-end series, which records no events). A stage the cascade skipped in a call contributes no sample.
    /// </summary>
    private Dictionary<string, Stats>? StageTimes(EngineTarget target, ImageData image)
    {
        if (target.Name != "mtcnncuda-cuda") return null;
        var samples = new Dictionary<string, List<double>>();
        void Add(string stage, double? ms)
        {
            if (ms is not { } v) return;
            if (!samples.TryGetValue(stage, out var list)) samples[stage] = list = [];
            list.Add(v);
        }
        for (int i = 0; i < settings.Repeats; i++)
        {
            var t = target.DetectWithStageTimes(image);
            Add("upload", t.UploadMs);
            Add("pnet", t.PNetMs);
            Add("nms", t.NmsMs);
            Add("rnet", t.RNetMs);
            Add("onet", t.ONetMs);
            Add("download", t.DownloadMs);
            Add("total", t.TotalMs);
        }
        return samples.ToDictionary(p => p.Key, p => Stats.Of(p.Value));
    }

    /// <summary>CPU time of this process so far (a peer running in another process reports its own).</summary>
    private static TimeSpan CpuTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    private static Stats? StatsOrNull(List<double> values) => values.Count > 0 ? Stats.Of(values) : null;

    internal static string Describe(BenchCase c) =>
        $"{c.Size.Name,-6} minFace {c.MinFace,3} {c.Mode,-6}" + (c.BatchSize > 1 ? $"×{c.BatchSize}" : "  ") +
        $"  median {c.EndToEnd.Median,8:0.00} ms  p10 {c.EndToEnd.P10,8:0.00}  p90 {c.EndToEnd.P90,8:0.00}" +
        (c.PNet is { } p ? $"  [PNet {p.Median:0.00} RNet {c.RNet!.Median:0.00} ONet {c.ONet!.Median:0.00}; {c.PNetCandidates}→{c.RNetCandidates} cand.]" : "") +
        (c.GpuStages is { } g ? "  [events: " + string.Join(" ", g.Select(p => $"{p.Key} {p.Value.Median:0.000}")) + " ms]" : "") +
        $"  faces {c.Faces}" + (double.IsNaN(c.CpuMsPerImage) ? "" : $"  cpu {c.CpuMsPerImage:0.0} ms") +
        $"  alloc {c.AllocatedBytesPerImage / 1048576:0.00} MiB";

    /// <summary>Allocation and heap sampling around a series of calls.</summary>
    private sealed class MemoryProbe
    {
        private readonly long _allocatedAtStart;

        public MemoryProbe()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            _allocatedAtStart = GC.GetTotalAllocatedBytes(precise: true);
        }

        public long HeapPeak { get; private set; }

        public void Sample() => HeapPeak = Math.Max(HeapPeak, GC.GetTotalMemory(forceFullCollection: false));

        public double AllocatedPerCall(int calls) => (GC.GetTotalAllocatedBytes(precise: true) - _allocatedAtStart) / (double)calls;

        public static long PeakWorkingSet()
        {
            using var process = Process.GetCurrentProcess();
            return process.PeakWorkingSet64;
        }
    }
}
