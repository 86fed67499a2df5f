using MtcnnCuda.Cascade;
using MtcnnCuda.Weights;

namespace MtcnnCuda.Cpu;

/// <summary>
/// The whole cascade on the CPU: pyramid → PNet → NMS per scale (Union 0.5) and across scales (Union 0.7) →
/// regression (w = x2 − x1) → square → RNet on 24×24 crops → NMS (Union 0.7) → regression (w = x2 − x1 + 1) →
/// square → ONet on 48×48 crops → landmarks → regression → NMS (Min 0.7, +1 areas). Deterministic; thread-safe.
/// </summary>
internal sealed class CpuBackend : IDetectorBackend
{
    private readonly MtcnnWeights _weights;
    private readonly DetectorOptions _options;
    private readonly ICascadeNets _nets;
    private readonly ParallelOptions _parallel;

    public CpuBackend(MtcnnWeights weights, DetectorOptions options)
        : this(weights, options, new CpuNets(weights, options.CpuThreads))
    {
    }

    /// <summary>The same cascade around other forward passes (a peer implementation for comparisons).</summary>
    internal CpuBackend(MtcnnWeights weights, DetectorOptions options, ICascadeNets nets)
    {
        _weights = weights;
        _options = options;
        _nets = nets;
        _parallel = new ParallelOptions { MaxDegreeOfParallelism = options.CpuThreads > 0 ? options.CpuThreads : Environment.ProcessorCount };
    }

    public Backend Kind => Backend.Cpu;

    /// <summary>Per-stage wall times of the last call on this thread (for the perf harness).</summary>
    [ThreadStatic] internal static StageTimes? LastTimes;

    public Face[] Detect(PixelView image)
    {
        var times = new StageTimes();
        long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
        var planar = PlanarImage.FromPixels(image, _weights.RgbInput);
        int w = image.Width, h = image.Height;
        var candidates = RunPNetStage(planar, w, h);
        long t1 = System.Diagnostics.Stopwatch.GetTimestamp();
        times.PNet = t1 - t0;
        var refined = candidates.Length == 0 ? candidates : RunRNetStage(planar, w, h, candidates);
        long t2 = System.Diagnostics.Stopwatch.GetTimestamp();
        times.RNet = t2 - t1;
        var faces = refined.Length == 0 ? [] : RunONetStage(planar, w, h, refined);
        times.ONet = System.Diagnostics.Stopwatch.GetTimestamp() - t2;
        times.PNetCandidates = candidates.Length;
        times.RNetCandidates = refined.Length;
        LastTimes = times;
        return faces;
    }

    public Face[][] DetectBatch(IReadOnlyList<ImageData> images)
    {
        var results = new Face[images.Count][];
        for (int i = 0; i < images.Count; i++) results[i] = Detect(PixelView.From(images[i]));
        return results;
    }

    /// <summary>PNet over the pyramid; returns regressed, squared candidates in descending score order.</summary>
    internal Candidate[] RunPNetStage(float[] planar, int w, int h)
    {
        var scales = Pyramid.Scales(w, h, _options.MinFaceSize, _options.ScaleFactor);
        var perScale = new Candidate[scales.Length][];
        void Level(int i)
        {
            double scale = scales[i];
            var (lw, lh) = Pyramid.LevelSize(w, h, scale);
            var level = new float[3 * lw * lh];
            AreaResample.Planar(planar, 3, h, w, level, lh, lw);
            Normalise(level);
            var output = _nets.RunPNet(level, lh, lw, parallel: !_nets.ConcurrentLevels);
            var found = BoxOps.FromPNet(output.Prob, output.Reg, output.Height, output.Width, scale, _options.PNetThreshold);
            var cells = CandidateLimits.Top(found.ToArray(), _options.Caps.PNetPerScale);
            perScale[i] = Nms.Apply(cells, _options.PNetScaleNms, NmsMode.Union);
        }
        // Levels are independent: with nets that allow it they run concurrently; results are concatenated in
        // scale order, so the outcome does not depend on scheduling.
        if (_nets.ConcurrentLevels) Parallel.For(0, scales.Length, _parallel, Level);
        else for (int i = 0; i < scales.Length; i++) Level(i);
        var all = CandidateLimits.Top(perScale.SelectMany(c => c).ToArray(), _options.Caps.PNetAllScales);
        var merged = Nms.Apply(all, _options.PNetCrossScaleNms, NmsMode.Union);
        for (int i = 0; i < merged.Length; i++) merged[i] = BoxOps.Square(BoxOps.Regress(merged[i], plusOne: false));
        return merged;
    }

    /// <summary>RNet on 24×24 crops of the candidates (at most <see cref="CandidateLimits.RNet"/>, best first); returns survivors regressed and squared.</summary>
    internal Candidate[] RunRNetStage(float[] planar, int w, int h, Candidate[] boxes)
    {
        boxes = CandidateLimits.Top(boxes, _options.Caps.RNet);
        var batch = Crops(planar, w, h, boxes, NetArchitecture.RNetInput);
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
    internal Face[] RunONetStage(float[] planar, int w, int h, Candidate[] boxes)
    {
        boxes = CandidateLimits.Top(boxes, _options.Caps.ONet);
        var batch = Crops(planar, w, h, boxes, NetArchitecture.ONetInput);
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

    private float[] Crops(float[] planar, int w, int h, Candidate[] boxes, int size)
    {
        int stride = 3 * size * size;
        var batch = new float[boxes.Length * stride];
        Parallel.For(0, boxes.Length, _parallel, i =>
        {
            var window = BoxOps.Window(boxes[i], w, h, _options.EdgeMode);
            if (window.IsEmpty)
            {
                // A window clipped away entirely: feed an all-background crop so the net rejects it.
                batch.AsSpan(i * stride, stride).Fill(-_weights.PixelMean * _weights.PixelScale);
                return;
            }
            CropSampler.Sample(planar, h, w, window, size, _weights.PixelMean, _weights.PixelScale, batch.AsSpan(i * stride, stride));
        });
        return batch;
    }

    private void Normalise(Span<float> data)
    {
        float mean = _weights.PixelMean, scale = _weights.PixelScale;
        for (int i = 0; i < data.Length; i++) data[i] = (data[i] - mean) * scale;
    }

    public void Dispose()
    {
    }
}

/// <summary>Stopwatch ticks per stage and candidate counts of one CPU detection.</summary>
internal sealed class StageTimes
{
    public long PNet, RNet, ONet;
    public int PNetCandidates, RNetCandidates;
}
