using MtcnnCuda.Perf.Common;
using MtcnnCuda.Weights;

namespace MtcnnCuda.Perf.Eval;

/// <summary>Outcome on one crop: the error when landmarks were produced, and the detection that produced them.</summary>
public sealed record LandmarkCropResult(LandmarkSample Sample, PointF[]? Predicted, double[]? Error, double MeanError,
    int Detections, double BestIou, float Confidence);

/// <summary>Summary of one landmark run, the JSON's "landmarks" section.</summary>
public sealed record LandmarkScores(string Mode, int Crops, LandmarkErrorSummary Error, double FailureRateWithMisses,
    double DetectionRate, double RecallAtIou50, double MeanDetectionsPerCrop);

/// <summary>Runs a landmark mode over face crops (the face box is the whole crop) and scores it.</summary>
public static class LandmarkEvaluation
{
    public static List<LandmarkCropResult> Run(IReadOnlyList<LandmarkSample> samples, string imageRoot, LandmarkMode mode,
        FaceDetector detector, MtcnnWeights weights, Action<int>? progress = null)
    {
        var onet = mode == LandmarkMode.ONet ? new OnetLandmarks(weights) : null;
        var results = new List<LandmarkCropResult>(samples.Count);
        foreach (var sample in samples)
        {
            var image = RgbImage.Load(Path.Combine(imageRoot, sample.Path));
            if (onet is not null)
            {
                var (points, prob) = onet.Run(image);
                var e = LandmarkError.Normalised(points, sample.Points);
                results.Add(new LandmarkCropResult(sample, points, e, e.Average(), 1, 1, prob));
            }
            else results.Add(FromDetector(sample, image, detector.Detect(image)));
            progress?.Invoke(results.Count);
        }
        return results;
    }

    /// <summary>Picks the detection of highest IoU with the crop box (0, 0, w, h) and scores its landmarks.</summary>
    public static LandmarkCropResult FromDetector(LandmarkSample sample, ImageData image, IReadOnlyList<Face> faces)
    {
        var crop = new EvalBox(0, 0, image.Width, image.Height);
        Face? best = null;
        double bestIou = -1;
        foreach (var f in faces)
        {
            double iou = crop.Iou(EvalBox.From(f.Box));
            if (iou > bestIou) (bestIou, best) = (iou, f);
        }
        if (best is null) return new LandmarkCropResult(sample, null, null, double.NaN, 0, 0, 0);
        var points = Enumerable.Range(0, 5).Select(k => best.Landmarks[k]).ToArray();
        var e = LandmarkError.Normalised(points, sample.Points);
        return new LandmarkCropResult(sample, points, e, e.Average(), faces.Count, bestIou, best.Confidence);
    }

    public static LandmarkScores Score(string mode, IReadOnlyList<LandmarkCropResult> results)
    {
        var scored = results.Where(r => r.Error is not null)
            .Select(r => new LandmarkErrorSample(r.Sample.Path, r.Error!, r.MeanError)).ToList();
        var summary = LandmarkError.Summarise(scored);
        int n = Math.Max(1, results.Count);
        int failuresWithMisses = results.Count(r => r.Error is null || r.MeanError > summary.FailureThreshold);
        return new LandmarkScores(mode, results.Count, summary, (double)failuresWithMisses / n,
            (double)scored.Count / n, (double)results.Count(r => r.BestIou >= 0.5) / n,
            (double)results.Sum(r => r.Detections) / n);
    }
}
