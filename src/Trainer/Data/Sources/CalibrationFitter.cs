using MtcnnCuda.Weights;

namespace MtcnnCuda.Trainer.Data;

/// <summary>
/// Fits a source's <see cref="BoxCalibration"/>: runs the original MTCNN weights (engine CPU backend, default
/// cascade options) on an evenly spaced subset of the source's training images, matches detections to annotations
/// greedily by IoU (≥ <see cref="MatchIoU"/>, best pairs first, one-to-one), fits scale and offset by least squares,
/// then matches again with the calibrated boxes and refits (a looser convention can change which pairs match).
/// </summary>
public sealed class CalibrationFitter(MtcnnWeights referenceWeights, int cpuThreads = 1)
{
    public float MatchIoU { get; init; } = 0.4f;
    public int Rounds { get; init; } = 2;

    public SourceCalibration Fit(DetectionSource source, int maxImages, DataPreparation.Report? report = null)
    {
        var images = EvenlySpaced(source.Images, maxImages);
        var options = DetectorOptions.Default with { Backend = Backend.Cpu, CpuThreads = cpuThreads };
        using var detector = FaceDetector.Create(referenceWeights, options);
        var detections = new List<(FaceBox[] Annotations, FaceBox[] Detections)>();
        int done = 0;
        foreach (var image in images)
        {
            var planar = ImageLoader.Load(Path.Combine(source.Root, image.Path));
            var faces = detector.Detect(ToRgb24(planar), planar.Width, planar.Height, planar.Width * 3, PixelFormat.Rgb24);
            detections.Add((image.Faces, faces.Select(f => new FaceBox(f.Box.X1, f.Box.Y1, f.Box.Width, f.Box.Height)).ToArray()));
            report?.Invoke($"calibrating {source.Name}", ++done, images.Count);
        }

        var calibration = BoxCalibration.Identity;
        List<(FaceBox, FaceBox)> pairs = [];
        for (int round = 0; round < Rounds; round++)
        {
            pairs = Match(detections, calibration);
            // Fit against the raw boxes: the transform maps raw annotations to detector boxes.
            calibration = BoxCalibration.Fit(pairs);
        }
        return new SourceCalibration
        {
            Transform = calibration, Images = images.Count, Annotations = images.Sum(i => i.Faces.Length), MatchedPairs = pairs.Count,
            MeanIoURaw = pairs.Average(p => (double)p.Item1.IoU(p.Item2)),
            MeanIoUCalibrated = pairs.Average(p => (double)calibration.Apply(p.Item1).IoU(p.Item2)),
            Subset = $"{images.Count} of {source.Images.Count} training images, evenly spaced in list order",
        };
    }

    /// <summary>One-to-one greedy matching of (calibrated) annotations to detections; returns (raw annotation, detection) pairs.</summary>
    private List<(FaceBox, FaceBox)> Match(List<(FaceBox[] Annotations, FaceBox[] Detections)> images, BoxCalibration calibration)
    {
        var pairs = new List<(FaceBox, FaceBox)>();
        foreach (var (annotations, found) in images)
        {
            var candidates = new List<(float IoU, int A, int D)>();
            for (int a = 0; a < annotations.Length; a++)
            {
                var box = calibration.Apply(annotations[a]);
                for (int d = 0; d < found.Length; d++)
                {
                    float iou = box.IoU(found[d]);
                    if (iou >= MatchIoU) candidates.Add((iou, a, d));
                }
            }
            var usedA = new HashSet<int>();
            var usedD = new HashSet<int>();
            foreach (var (_, a, d) in candidates.OrderByDescending(c => c.IoU))
            {
                if (usedA.Contains(a) || usedD.Contains(d)) continue;
                usedA.Add(a);
                usedD.Add(d);
                pairs.Add((annotations[a], found[d]));
            }
        }
        return pairs;
    }

    internal static List<AnnotatedImage> EvenlySpaced(IReadOnlyList<AnnotatedImage> images, int max)
    {
        if (max <= 0 || max >= images.Count) return images.ToList();
        var picked = new List<AnnotatedImage>(max);
        for (int i = 0; i < max; i++) picked.Add(images[(int)((long)i * images.Count / max)]);
        return picked;
    }

    internal static byte[] ToRgb24(PlanarRgb image)
    {
        int plane = image.Width * image.Height;
        var rgb = new byte[3 * plane];
        for (int i = 0; i < plane; i++)
            for (int c = 0; c < 3; c++)
                rgb[3 * i + c] = (byte)Math.Clamp(image.Data[c * plane + i], 0f, 255f);
        return rgb;
    }
}
