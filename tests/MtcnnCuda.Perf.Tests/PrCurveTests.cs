using MtcnnCuda.Perf.Eval;

namespace MtcnnCuda.Perf.Tests;

public class PrCurveTests
{
    private static DetectionOutcome Tp(double s) => new(s, true, true, 0);
    private static DetectionOutcome Fp(double s) => new(s, true, false, -1);
    private static DetectionOutcome Ignored(double s) => new(s, false, false, 0);

    [Fact]
    public void Perfect_detections_give_AP_one()
    {
        var curve = PrCurve.Compute([Tp(0.9), Tp(0.8)], positives: 2);
        Assert.Equal(1.0, curve.AveragePrecision, 12);
        Assert.Equal(1.0, curve.Points[^1].Recall, 12);
    }

    [Fact]
    public void False_positive_between_true_positives_gives_known_AP()
    {
        // Points (R, P): (0.5, 1), (0.5, 0.5), (1, 2/3). Interpolated: 0.5·1 + 0.5·2/3 = 5/6.
        var curve = PrCurve.Compute([Tp(0.9), Fp(0.8), Tp(0.7)], positives: 2);
        Assert.Equal(3, curve.Points.Count);
        Assert.Equal(0.5, curve.Points[1].Precision, 12);
        Assert.Equal(5.0 / 6.0, curve.AveragePrecision, 12);
    }

    [Fact]
    public void Unfound_faces_cap_AP_at_recall()
    {
        var curve = PrCurve.Compute([Tp(0.9), Fp(0.5)], positives: 3);
        Assert.Equal(1.0 / 3.0, curve.AveragePrecision, 12);
    }

    [Fact]
    public void False_positive_ranked_first_lowers_AP()
    {
        // Points: (0, 0), (0.5, 0.5), (1, 2/3); precision interpolated to 2/3 everywhere → AP 2/3.
        var curve = PrCurve.Compute([Fp(0.95), Tp(0.9), Tp(0.8)], positives: 2);
        Assert.Equal(2.0 / 3.0, curve.AveragePrecision, 12);
    }

    [Fact]
    public void Ignored_detections_count_neither_way()
    {
        var curve = PrCurve.Compute([Ignored(0.99), Tp(0.9), Ignored(0.85), Tp(0.8)], positives: 2);
        Assert.Equal(1.0, curve.AveragePrecision, 12);
        Assert.All(curve.Points, p => Assert.Equal(1.0, p.Precision, 12));
    }

    [Fact]
    public void No_detections_give_AP_zero()
    {
        Assert.Equal(0.0, PrCurve.Compute([], positives: 5).AveragePrecision);
    }

    [Fact]
    public void Official_threshold_sampling_matches_exact_curve_when_scores_are_well_separated()
    {
        DetectionOutcome[] outcomes = [Tp(0.95), Fp(0.7), Tp(0.5), Fp(0.3), Tp(0.1)];
        var exact = PrCurve.Compute(outcomes, positives: 4);
        var official = PrCurve.Compute(outcomes, positives: 4, officialThresholds: true);
        Assert.Equal(exact.AveragePrecision, official.AveragePrecision, 12);
        // (1/4·1 + 1/4·2/3 + 1/4·3/5) = 0.5666…
        Assert.Equal(0.25 * (1 + 2.0 / 3 + 3.0 / 5), exact.AveragePrecision, 12);
    }

    [Fact]
    public void Ties_are_evaluated_as_one_threshold()
    {
        var curve = PrCurve.Compute([Tp(0.9), Fp(0.9)], positives: 1);
        Assert.Single(curve.Points);
        Assert.Equal(0.5, curve.AveragePrecision, 12);
    }
}
