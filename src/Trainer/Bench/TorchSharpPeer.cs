using System.Diagnostics;
using MtcnnCuda.Cascade;
using MtcnnCuda.Cpu;
using MtcnnCuda.Trainer.Nets;
using MtcnnCuda.Weights;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace MtcnnCuda.Trainer.Bench;

/// <summary>Wall times of the three stages of one <see cref="TorchSharpPeer.Detect"/> call (ms) and the candidates entering RNet and ONet.</summary>
public sealed record PeerStageTimes(double PNetMs, double RNetMs, double ONetMs, int PNetCandidates, int RNetCandidates);

/// <summary>
/// The same pipeline as CpuBackend (planar conversion, pyramid, area resampling, thresholds, per-scale
/// and cross-scale NMS, regression, squaring, crop sampling, candidate limits, 'Min' NMS) with only the three forward
/// passes in TorchSharp: under no_grad, one tensor per pyramid level, the RNet and ONet crops as one N×3×S×S batch
/// each, every tensor of a call freed by one dispose scope. Pyramid levels run one after another (libtorch
/// parallelises inside each op with <c>torch.set_num_threads</c>); crops are sampled on the same worker count as the
/// engine. Not thread-safe (the bench calls it from one thread). The bench target wrapping it is in src/Tools/Peers.
/// </summary>
public sealed class TorchSharpPeer : IDisposable
{
    private readonly MtcnnWeights _weights;
    private readonly DetectorOptions _options;
    private readonly PNet _pnet;
    private readonly RNet _rnet;
    private readonly ONet _onet;
    private readonly ParallelOptions _parallel;

    public TorchSharpPeer(MtcnnWeights weights, DetectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _weights = weights;
        _options = options;
        Threads = options.CpuThreads > 0 ? options.CpuThreads : Environment.ProcessorCount;
        set_num_threads(Threads);
        _parallel = new ParallelOptions { MaxDegreeOfParallelism = Threads };
        // The engine computes no PNet landmarks, and RNet landmarks only when the file has them: same work here.
        _pnet = new PNet(landmarks: false);
        _rnet = new RNet(weights.HasRNetLandmarks);
        _onet = new ONet();
        foreach (MtcnnNet net in new MtcnnNet[] { _pnet, _rnet, _onet })
        {
            WeightsBridge.Load(net, weights);
            net.eval();
        }
    }

    /// <summary>libtorch intra-op threads (= --threads, or all processors for 0); also the crop workers.</summary>
    public int Threads { get; }

    public PeerStageTimes? LastStages { get; private set; }

    public IReadOnlyList<Face> Detect(ImageData image)
    {
        var view = PixelView.From(image);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        long t0 = Stopwatch.GetTimestamp();
        var planar = PlanarImage.FromPixels(view, _weights.RgbInput);
        int w = view.Width, h = view.Height;
        var candidates = RunPNetStage(planar, w, h);
        long t1 = Stopwatch.GetTimestamp();
        var refined = candidates.Length == 0 ? candidates : RunRNetStage(planar, w, h, candidates);
        long t2 = Stopwatch.GetTimestamp();
        var faces = refined.Length == 0 ? [] : RunONetStage(planar, w, h, refined);
        long t3 = Stopwatch.GetTimestamp();
        LastStages = new PeerStageTimes(Ms(t1 - t0), Ms(t2 - t1), Ms(t3 - t2), candidates.Length, refined.Length);
        return faces;
    }

    public IReadOnlyList<IReadOnlyList<Face>> DetectBatch(IReadOnlyList<ImageData> images) => images.Select(Detect).ToArray();

    private Candidate[] RunPNetStage(float[] planar, int w, int h)
    {
        var scales = Pyramid.Scales(w, h, _options.MinFaceSize, _options.ScaleFactor);
        var perScale = new Candidate[scales.Length][];
        for (int i = 0; i < scales.Length; i++)
        {
            double scale = scales[i];
            var (lw, lh) = Pyramid.LevelSize(w, h, scale);
            var level = new float[3 * lw * lh];
            AreaResample.Planar(planar, 3, h, w, level, lh, lw);
            Normalise(level);
            var output = _pnet.call(tensor(level, [1, 3, lh, lw], dtype: float32));
            int oh = (int)output.Logits.shape[2], ow = (int)output.Logits.shape[3];
            var prob = Floats(output.FaceProbability());
            var reg = Floats(output.Box);
            var found = BoxOps.FromPNet(prob, reg, oh, ow, scale, _options.PNetThreshold);
            var cells = CandidateLimits.Top(found.ToArray(), CandidateLimits.PNetPerScale);
            perScale[i] = Nms.Apply(cells, _options.PNetScaleNms, NmsMode.Union);
        }
        var all = CandidateLimits.Top(perScale.SelectMany(c => c).ToArray(), CandidateLimits.PNetAllScales);
        var merged = Nms.Apply(all, _options.PNetCrossScaleNms, NmsMode.Union);
        for (int i = 0; i < merged.Length; i++) merged[i] = BoxOps.Square(BoxOps.Regress(merged[i], plusOne: false));
        return merged;
    }

    private Candidate[] RunRNetStage(float[] planar, int w, int h, Candidate[] boxes)
    {
        boxes = CandidateLimits.Top(boxes, CandidateLimits.RNet);
        var output = Run(_rnet, Crops(planar, w, h, boxes, NetArchitecture.RNetInput), boxes.Length, NetArchitecture.RNetInput);
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

    private Face[] RunONetStage(float[] planar, int w, int h, Candidate[] boxes)
    {
        boxes = CandidateLimits.Top(boxes, CandidateLimits.ONet);
        var output = Run(_onet, Crops(planar, w, h, boxes, NetArchitecture.ONetInput), boxes.Length, NetArchitecture.ONetInput);
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

    /// <summary>One forward pass over all crops as a single N×3×S×S tensor.</summary>
    private static StageOutput Run(MtcnnNet net, float[] batch, int count, int size)
    {
        var output = net.call(tensor(batch, [count, 3, size, size], dtype: float32));
        return new StageOutput(Floats(output.FaceProbability()), Floats(output.Box),
            output.Landmarks is null ? null : Floats(output.Landmarks), count);
    }

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

    private static float[] Floats(Tensor t) => t.contiguous().data<float>().ToArray();

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    public void Dispose()
    {
        _pnet.Dispose();
        _rnet.Dispose();
        _onet.Dispose();
    }
}
