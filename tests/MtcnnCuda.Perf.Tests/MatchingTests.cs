using MtcnnCuda.Perf.Eval;

namespace MtcnnCuda.Perf.Tests;

public class MatchingTests
{
    private static readonly EvalBox FaceA = new(10, 10, 40, 40);
    private static readonly EvalBox FaceB = new(100, 10, 40, 40);

    [Fact]
    public void Iou_of_known_boxes()
    {
        var a = new EvalBox(0, 0, 10, 10);
        Assert.Equal(1.0, a.Iou(a), 12);
        Assert.Equal(25.0 / 175.0, a.Iou(new EvalBox(5, 5, 10, 10)), 12);
        Assert.Equal(0.0, a.Iou(new EvalBox(20, 20, 5, 5)));
        // Inclusive pixels (official WIDER): 6·6 / (121 + 121 − 36).
        Assert.Equal(36.0 / 206.0, a.Iou(new EvalBox(5, 5, 10, 10), plusOne: true), 12);
    }

    [Fact]
    public void Wider_rule_counts_first_hit_as_true_positive_and_duplicate_as_false_positive()
    {
        var dets = new[] { new ScoredBox(new EvalBox(12, 10, 40, 40), 0.8), new ScoredBox(FaceA, 0.9) };
        var outcomes = Matching.Wider(dets, [FaceA, FaceB], [true, true]);
        Assert.Equal(0.9, outcomes[0].Score);
        Assert.True(outcomes[0].NewTruePositive);
        Assert.True(outcomes[1].Counted);
        Assert.False(outcomes[1].NewTruePositive);
    }

    [Fact]
    public void Detection_on_ignored_face_is_not_counted()
    {
        var dets = new[] { new ScoredBox(FaceB, 0.95), new ScoredBox(FaceA, 0.9) };
        var outcomes = Matching.Wider(dets, [FaceA, FaceB], [true, false]);
        Assert.False(outcomes[0].Counted);
        Assert.False(outcomes[0].NewTruePositive);
        Assert.True(outcomes[1].NewTruePositive);
        var curve = PrCurve.Compute(outcomes, positives: 1);
        Assert.Equal(1.0, curve.AveragePrecision, 12);
    }

    [Fact]
    public void Low_overlap_is_a_false_positive()
    {
        var dets = new[] { new ScoredBox(new EvalBox(35, 35, 40, 40), 0.9) };
        var outcomes = Matching.Wider(dets, [FaceA], [true]);
        Assert.True(outcomes[0].Counted);
        Assert.False(outcomes[0].NewTruePositive);
        Assert.Equal(-1, outcomes[0].MatchedFace);
    }

    [Fact]
    public void Wider_rule_uses_the_best_face_even_when_already_found()
    {
        // Two faces overlapping; both detections best match face 0, so the official rule finds only face 0.
        var f0 = new EvalBox(0, 0, 40, 40);
        var f1 = new EvalBox(8, 0, 40, 40);
        var dets = new[] { new ScoredBox(new EvalBox(1, 0, 40, 40), 0.9), new ScoredBox(new EvalBox(2, 0, 40, 40), 0.8) };
        var wider = Matching.Wider(dets, [f0, f1], [true, true]);
        Assert.Equal(1, wider.Count(o => o.NewTruePositive));
        // One-to-one matching lets the second detection take the other face.
        var oneToOne = Matching.OneToOne(dets, [f0, f1], [true, true]);
        Assert.Equal(2, oneToOne.Count(o => o.NewTruePositive));
    }

    [Fact]
    public void Evaluation_score_of_small_set_by_subset()
    {
        var faces = new List<GtFace>
        {
            new(new EvalBox(0, 0, 60, 60)),                      // counts in easy, medium, hard
            new(new EvalBox(100, 0, 20, 20)),                    // hard only
            new(new EvalBox(200, 0, 60, 60), Invalid: true),     // never counts
        };
        var image = new ImageAnnotation("a.jpg", faces);
        var dets = new[] { new ScoredBox(new EvalBox(0, 0, 60, 60), 0.9), new ScoredBox(new EvalBox(200, 0, 60, 60), 0.8), new ScoredBox(new EvalBox(100, 0, 20, 20), 0.7) };
        var scores = DetectionEvaluation.Score([new ImageResult(image, dets)], widerSubsets: true);
        var easy = scores.Subsets.Single(s => s.Name == "easy");
        var hard = scores.Subsets.Single(s => s.Name == "hard");
        Assert.Equal(1, easy.Positives);
        Assert.Equal(1.0, easy.Curve.AveragePrecision, 12);
        Assert.Equal(2, hard.Positives);
        Assert.Equal(1.0, hard.Curve.AveragePrecision, 12);
        Assert.Equal(2, scores.RocPositives);
        Assert.Equal(2, scores.Roc[^1].TruePositives);
        Assert.Equal(0, scores.Roc[^1].FalsePositives);
    }

    [Fact]
    public void Boxes_only_set_has_one_subset_and_reports_misses_and_false_alarms()
    {
        var faces = new List<GtFace> { new(FaceA), new(FaceB) };
        var image = new ImageAnnotation("b.jpg", faces);
        var stray = new ScoredBox(new EvalBox(300, 300, 30, 30), 0.95);
        var dets = new[] { new ScoredBox(FaceA, 0.9), stray };
        var results = new[] { new ImageResult(image, dets) };
        var scores = DetectionEvaluation.Score(results, widerSubsets: false);
        var all = Assert.Single(scores.Subsets);
        Assert.Equal(("all", 2L), (all.Name, all.Positives));
        // Points (R, P): (0, 0) then (0.5, 0.5): AP = 0.5 · 0.5.
        Assert.Equal(0.25, all.Curve.AveragePrecision, 12);
        var miss = Assert.Single(DetectionEvaluation.Misses(results));
        Assert.Equal(FaceB, miss.Face.Box);
        var alarm = Assert.Single(DetectionEvaluation.FalseAlarms(results));
        Assert.Equal(stray, alarm.Detection);
    }

    [Fact]
    public void Discrete_roc_counts_true_and_false_positives()
    {
        DetectionOutcome[] outcomes = [new(0.9, true, true, 0), new(0.8, true, false, -1), new(0.7, true, true, 1), new(0.6, false, false, 2)];
        var roc = DiscreteRoc.Compute(outcomes, positives: 4);
        Assert.Equal([1L, 1, 2, 2], roc.Select(p => p.TruePositives));
        Assert.Equal([0L, 1, 1, 1], roc.Select(p => p.FalsePositives));
        Assert.Equal(0.5, DiscreteRoc.RateAtFalsePositives(roc, 1), 12);
        Assert.Equal(0.25, DiscreteRoc.RateAtFalsePositives(roc, 0), 12);
    }

    [Fact]
    public void Subset_rule_uses_size_blur_and_occlusion()
    {
        Assert.True(WiderSubsets.Counts(new GtFace(new EvalBox(0, 0, 50, 50)), Difficulty.Easy));
        Assert.False(WiderSubsets.Counts(new GtFace(new EvalBox(0, 0, 50, 50), Blur: 2), Difficulty.Easy));
        Assert.True(WiderSubsets.Counts(new GtFace(new EvalBox(0, 0, 50, 50), Blur: 2), Difficulty.Medium));
        Assert.False(WiderSubsets.Counts(new GtFace(new EvalBox(0, 0, 50, 50), Occlusion: 2), Difficulty.Medium));
        Assert.False(WiderSubsets.Counts(new GtFace(new EvalBox(0, 0, 9, 9)), Difficulty.Hard));
        Assert.False(WiderSubsets.Counts(new GtFace(new EvalBox(0, 0, 90, 90), Invalid: true), Difficulty.Hard));
    }
}
