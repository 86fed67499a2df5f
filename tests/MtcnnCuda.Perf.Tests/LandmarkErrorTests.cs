using MtcnnCuda.Perf.Eval;

namespace MtcnnCuda.Perf.Tests;

public class LandmarkErrorTests
{
    private static readonly PointF[] Reference = [new(20, 30), new(70, 30), new(45, 50), new(25, 70), new(65, 70)];

    private static PointF[] Shift(PointF[] points, float dx, float dy) => points.Select(p => new PointF(p.X + dx, p.Y + dy)).ToArray();

    [Fact]
    public void Error_is_distance_over_interocular_distance()
    {
        // Inter-ocular distance 50; a (3, 4) shift is 5 pixels → 0.1 for every point.
        var e = LandmarkError.Normalised(Shift(Reference, 3, 4), Reference);
        Assert.All(e, v => Assert.Equal(0.1, v, 6));
    }

    [Fact]
    public void Per_point_mean_and_failure_rate()
    {
        var exact = new LandmarkErrorSample("a", LandmarkError.Normalised(Reference, Reference), 0);
        var moved = Reference.ToArray();
        moved[2] = new PointF(45, 50 + 25);     // nose off by 25 px = 0.5
        var e = LandmarkError.Normalised(moved, Reference);
        var bad = new LandmarkErrorSample("b", e, e.Average());
        Assert.Equal(0.1, bad.Mean, 9);
        var summary = LandmarkError.Summarise([exact, bad]);
        Assert.Equal(0.25, summary.MeanPerPoint[2], 9);
        Assert.Equal(0.0, summary.MeanPerPoint[0], 9);
        Assert.Equal(0.05, summary.Mean, 9);
        // Exactly 10 % is not a failure (failure means error > 10 %).
        Assert.Equal(0.0, summary.FailureRate);
        var worse = new LandmarkErrorSample("c", [0.2, 0.2, 0.2, 0.2, 0.2], 0.2);
        Assert.Equal(1.0 / 3.0, LandmarkError.Summarise([exact, bad, worse]).FailureRate, 9);
    }

    [Fact]
    public void Cdf_is_sorted_and_ends_at_one()
    {
        var cdf = LandmarkError.Cdf([new("a", new double[5], 0.3), new("b", new double[5], 0.1)]);
        Assert.Equal([(0.1, 0.5), (0.3, 1.0)], cdf);
    }

    [Fact]
    public void Coinciding_reference_eyes_are_rejected()
    {
        var degenerate = Reference.ToArray();
        degenerate[1] = degenerate[0];
        Assert.Throws<ArgumentException>(() => LandmarkError.Normalised(Reference, degenerate));
    }

    [Fact]
    public void Detector_mode_takes_the_detection_best_matching_the_crop()
    {
        var sample = new LandmarkSample("x.jpg", Reference);
        var image = new ImageData(new byte[90 * 90 * 3], 90, 90, PixelFormat.Rgb24);
        var far = new Face(new BoundingBox(60, 60, 90, 90), 0.99f, Landmarks(Shift(Reference, 40, 40)));
        var good = new Face(new BoundingBox(2, 2, 88, 88), 0.9f, Landmarks(Shift(Reference, 3, 4)));
        var r = LandmarkEvaluation.FromDetector(sample, image, [far, good]);
        Assert.Equal(0.1, r.MeanError, 6);
        Assert.Equal(2, r.Detections);
        var none = LandmarkEvaluation.FromDetector(sample, image, []);
        Assert.Null(none.Error);
        var scores = LandmarkEvaluation.Score("detector", [r, none]);
        Assert.Equal(0.5, scores.DetectionRate);
        Assert.Equal(0.5, scores.FailureRateWithMisses);
        Assert.Equal(0.1, scores.Error.Mean, 6);
    }

    private static FaceLandmarks Landmarks(PointF[] p) => new(p[0], p[1], p[2], p[3], p[4]);
}
