using MtcnnCuda.Cascade;
using MtcnnCuda.Cpu;
using MtcnnCuda.Weights;

namespace MtcnnCuda.Trainer.Data;

/// <summary>
/// Hard examples for RNet (24×24) or ONet (48×48): runs the already trained earlier stages with the engine's CPU
/// backend over a training image and labels every surviving candidate by its IoU with the annotated faces. Crops and
/// regression targets use the engine's own crop windows, so the next net learns exactly what it will be fed.
/// Negatives are capped per image and taken in descending score order (the most face-like first).
/// </summary>
internal sealed class HardExampleMiner
{
    private readonly CpuBackend _backend;
    private readonly NetKind _target;
    private readonly int _size;

    public HardExampleMiner(MtcnnWeights weights, NetKind target, DetectorOptions options)
    {
        if (target == NetKind.PNet) throw new ArgumentException("PNet samples are random crops, not mined.", nameof(target));
        _backend = new CpuBackend(weights, options);
        _target = target;
        _size = target == NetKind.RNet ? NetArchitecture.RNetInput : NetArchitecture.ONetInput;
        Options = options;
    }

    public DetectorOptions Options { get; }
    public int MaxNegativesPerImage { get; init; } = 40;
    /// <summary>
    /// At most this many PNet candidates (the highest-scoring) go on to RNet when mining ONet samples: a weakly trained
    /// PNet at a low threshold yields thousands per image, and the hardest ones are those the cap keeps.
    /// </summary>
    public int MaxCandidates { get; init; } = 300;

    /// <summary>Candidates the earlier stages produced on the last image (for statistics).</summary>
    public int LastCandidates { get; private set; }

    public void Generate(PlanarRgb image, IReadOnlyList<FaceBox> faces, Action<Sample> sink, bool allowNegatives = true)
    {
        int w = image.Width, h = image.Height;
        var candidates = _backend.RunPNetStage(image.Data, w, h);
        if (candidates.Length > MaxCandidates) candidates = candidates.OrderByDescending(c => c.Score).Take(MaxCandidates).ToArray();
        if (_target == NetKind.ONet && candidates.Length > 0) candidates = _backend.RunRNetStage(image.Data, w, h, candidates);
        if (candidates.Length > MaxCandidates) candidates = candidates.OrderByDescending(c => c.Score).Take(MaxCandidates).ToArray();
        LastCandidates = candidates.Length;
        int negatives = 0;
        foreach (var c in candidates.OrderByDescending(c => c.Score))
        {
            var window = BoxOps.Window(c, w, h, EdgeMode.ZeroPad);
            if (window.IsEmpty || window.Width < 6 || window.Height < 6) continue;
            var cropBox = new FaceBox(window.X0, window.Y0, window.Width, window.Height);
            int best = -1;
            float bestIoU = 0;
            for (int i = 0; i < faces.Count; i++)
            {
                float iou = cropBox.IoU(faces[i]);
                if (iou > bestIoU) (best, bestIoU) = (i, iou);
            }
            SampleLabel label;
            if (bestIoU < 0.3f)
            {
                if (!allowNegatives || negatives >= MaxNegativesPerImage) continue;
                negatives++;
                label = SampleLabel.Negative;
            }
            else if (bestIoU >= 0.65f) label = SampleLabel.Positive;
            else if (bestIoU >= 0.4f) label = SampleLabel.Part;
            else continue;
            var output = new float[3 * _size * _size];
            CropSampler.Sample(image.Data, h, w, window, _size, 0f, 1f, output);
            var pixels = new byte[output.Length];
            for (int i = 0; i < output.Length; i++) pixels[i] = (byte)Math.Clamp(MathF.Round(output[i]), 0f, 255f);
            sink(new Sample
            {
                Label = label,
                Pixels = pixels,
                Box = best >= 0 ? Sample.BoxOffsets(faces[best], window.X0, window.Y0, window.Width, window.Height) : new float[4],
            });
        }
    }
}
