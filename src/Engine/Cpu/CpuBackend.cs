using MtcnnCuda.Cascade;
using MtcnnCuda.Weights;

namespace MtcnnCuda.Cpu;

/// <summary>
/// The whole cascade on the CPU: pyramid → PNet → NMS per scale (Union 0.5) and across scales (Union 0.7) →
/// regression (w = x2 − x1) → square → RNet on 24×24 crops → NMS (Union 0.7) → regression (w = x2 − x1 + 1) →
/// square → ONet on 48×48 crops → landmarks → regression → NMS (Min 0.7, +1 areas). Deterministic; thread-safe.
/// </summary>
internal sealed partial class CpuBackend : IDetectorBackend
{
    private readonly MtcnnWeights _weights;
    private readonly DetectorOptions _options;
    private readonly ICascadeNets _nets;
    private readonly ParallelOptions _parallel;
    private readonly ScratchPool _scratch = new();
    private readonly ScratchPool _workers;
    private readonly bool _ownsNets;

    public CpuBackend(MtcnnWeights weights, DetectorOptions options)
        : this(weights, options, new CpuNets(weights, options.CpuThreads))
    {
        _ownsNets = true;
    }

    /// <summary>The same cascade around other forward passes (a peer implementation for comparisons).</summary>
    internal CpuBackend(MtcnnWeights weights, DetectorOptions options, ICascadeNets nets)
    {
        _weights = weights;
        _options = options;
        _nets = nets;
        _workers = (nets as CpuNets)?.ScratchPool ?? new ScratchPool();
        _parallel = new ParallelOptions { MaxDegreeOfParallelism = options.CpuThreads > 0 ? options.CpuThreads : Environment.ProcessorCount };
    }

    public Backend Kind => Backend.Cpu;

    /// <summary>Per-stage wall times of the last call on this thread (for the perf harness).</summary>
    [ThreadStatic] internal static StageTimes? LastTimes;

    public Face[] Detect(PixelView image)
    {
        var scratch = _scratch.Rent();
        try
        {
            var sums = RowSums.FromPixels(image, _weights.RgbInput, scratch.UShorts(ScratchSlots.RowSums, checked((int)RowSums.Length(image.Width, image.Height))));
            return Detect(sums, scratch);
        }
        finally
        {
            _scratch.Return(scratch);
        }
    }

    private Face[] Detect(RowSums planar, Scratch scratch)
    {
        var times = new StageTimes();
        long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
        var candidates = RunPNetStage(planar, scratch);
        long t1 = System.Diagnostics.Stopwatch.GetTimestamp();
        times.PNet = t1 - t0;
        var refined = candidates.Length == 0 ? candidates : RunRNetStage(planar, candidates, scratch);
        long t2 = System.Diagnostics.Stopwatch.GetTimestamp();
        times.RNet = t2 - t1;
        var faces = refined.Length == 0 ? [] : RunONetStage(planar, refined, scratch);
        times.ONet = System.Diagnostics.Stopwatch.GetTimestamp() - t2;
        times.PNetCandidates = candidates.Length;
        times.RNetCandidates = refined.Length;
        LastTimes = times;
        return faces;
    }

    /// <summary>
    /// Throughput mode: images run in parallel, one per worker, each with its own scratch; a detection's inner loops
    /// still spread onto workers that are idle (the tail of the batch). Results do not depend on the scheduling.
    /// </summary>
    public Face[][] DetectBatch(IReadOnlyList<ImageData> images)
    {
        var results = new Face[images.Count][];
        if (images.Count <= 1 || _parallel.MaxDegreeOfParallelism == 1)
            for (int i = 0; i < images.Count; i++) results[i] = Detect(PixelView.From(images[i]));
        else
            Parallel.For(0, images.Count, _parallel, i => results[i] = Detect(PixelView.From(images[i])));
        return results;
    }

    /// <summary>RNet on 24×24 crops of the candidates (at most <see cref="CandidateLimits.RNet"/>, best first); returns survivors regressed and squared.</summary>
    internal Candidate[] RunRNetStage(float[] planar, int w, int h, Candidate[] boxes) =>
        WithScratch(s => RunRNetStage(FromPlanar(planar, w, h, s), boxes, s));

    private Candidate[] RunRNetStage(RowSums image, Candidate[] boxes, Scratch scratch)
    {
        boxes = CandidateLimits.Top(boxes, _options.Caps.RNet);
        var batch = Crops(image, boxes, NetArchitecture.RNetInput, scratch);
        var output = _nets.RunRNet(batch, boxes.Length);
        var passed = new List<Candidate>();
        for (int i = 0; i < boxes.Length; i++)
        {
            if (!(output.Prob[i] > _options.RNetThreshold)) continue;
            passed.Add(Scored(boxes[i], output, i));
        }
        var kept = Nms.Apply(passed.ToArray(), _options.RNetNms, NmsMode.Union);
        for (int i = 0; i < kept.Length; i++) kept[i] = BoxOps.Square(BoxOps.Regress(kept[i], plusOne: true));
        return kept;
    }

    /// <summary>ONet on 48×48 crops (at most <see cref="CandidateLimits.ONet"/>, best first): final boxes, scores and landmarks after 'Min' NMS.</summary>
    internal Face[] RunONetStage(float[] planar, int w, int h, Candidate[] boxes) =>
        WithScratch(s => RunONetStage(FromPlanar(planar, w, h, s), boxes, s));

    private Face[] RunONetStage(RowSums image, Candidate[] boxes, Scratch scratch)
    {
        boxes = CandidateLimits.Top(boxes, _options.Caps.ONet);
        var batch = Crops(image, boxes, NetArchitecture.ONetInput, scratch);
        var output = _nets.RunONet(batch, boxes.Length);
        var passed = new List<Candidate>();
        var marks = new List<FaceLandmarks>();
        for (int i = 0; i < boxes.Length; i++)
        {
            if (!(output.Prob[i] > _options.ONetThreshold)) continue;
            var b = boxes[i];
            float[] l = output.Landmarks!;
            int o = 10 * i;
            float bw = b.X2 - b.X1 + 1, bh = b.Y2 - b.Y1 + 1;
            PointF Point(int k) => new(bw * l[o + k] + b.X1 - 1, bh * l[o + 5 + k] + b.Y1 - 1);
            marks.Add(new FaceLandmarks(Point(0), Point(1), Point(2), Point(3), Point(4)));
            passed.Add(BoxOps.Regress(Scored(b, output, i), plusOne: true));
        }
        var keep = Nms.Select(passed.ToArray(), _options.ONetNms, NmsMode.Min, plusOne: true);
        var faces = new Face[keep.Length];
        for (int i = 0; i < keep.Length; i++)
        {
            var c = passed[keep[i]];
            faces[i] = new Face(new BoundingBox(c.X1, c.Y1, c.X2, c.Y2), c.Score, marks[keep[i]]);
        }
        return faces;
    }

    /// <summary>Box <paramref name="b"/> with the stage's score and box offsets for crop <paramref name="i"/>.</summary>
    private static Candidate Scored(in Candidate b, StageOutput output, int i) => new(b.X1, b.Y1, b.X2, b.Y2, output.Prob[i])
    {
        Dx1 = output.Reg[4 * i], Dy1 = output.Reg[4 * i + 1], Dx2 = output.Reg[4 * i + 2], Dy2 = output.Reg[4 * i + 3],
    };

    private T WithScratch<T>(Func<Scratch, T> body)
    {
        var scratch = _scratch.Rent();
        try
        {
            return body(scratch);
        }
        finally
        {
            _scratch.Return(scratch);
        }
    }

    /// <summary>
    /// The normalised size×size crops of <paramref name="boxes"/>, one after another. The engine's own nets get them
    /// in reused scratch memory; other nets (peers) get an array of exactly the batch's length.
    /// </summary>
    /// <summary>Row sums of a planar float image of whole numbers 0..255 (the trainer's images), in scratch memory.</summary>
    private static RowSums FromPlanar(float[] planar, int w, int h, Scratch scratch) =>
        RowSums.FromPlanar(planar, w, h, scratch.UShorts(ScratchSlots.RowSums, checked((int)RowSums.Length(w, h))));

    private float[] Crops(RowSums image, Candidate[] boxes, int size, Scratch scratch)
    {
        int w = image.Width, h = image.Height;
        int stride = 3 * size * size;
        var batch = _nets is CpuNets ? scratch.Floats(ScratchSlots.StageBatch, boxes.Length * stride) : new float[boxes.Length * stride];
        Parallel.For(0, boxes.Length, _parallel, _workers.Rent, (i, _, worker) =>
        {
            var window = BoxOps.Window(boxes[i], w, h, _options.EdgeMode);
            if (window.IsEmpty)
            {
                // A window clipped away entirely: feed an all-background crop so the net rejects it.
                batch.AsSpan(i * stride, stride).Fill(-_weights.PixelMean * _weights.PixelScale);
                return worker;
            }
            var rows = worker.Floats(ScratchSlots.CropRows, CropSampler.RowBufferLength(h, window, size));
            CropSampler.Sample(image, window, size, _weights.PixelMean, _weights.PixelScale, batch.AsSpan(i * stride, stride), rows);
            return worker;
        }, _workers.Return);
        return batch;
    }

    public void Dispose()
    {
        _scratch.Dispose();
        if (_ownsNets) ((IDisposable)_nets).Dispose();
    }
}

/// <summary>Stopwatch ticks per stage and candidate counts of one CPU detection.</summary>
internal sealed class StageTimes
{
    public long PNet, RNet, ONet;
    public int PNetCandidates, RNetCandidates;
}
