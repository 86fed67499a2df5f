namespace MtcnnCuda.Perf.Eval;

/// <summary>One point of an FDDB-style discrete ROC: counts of true and false positives at a score threshold.</summary>
public readonly record struct RocPoint(double Threshold, long TruePositives, long FalsePositives, double TruePositiveRate);

public static class DiscreteRoc
{
    /// <summary>The curve at every distinct score, from the outcomes of a one-to-one matching.</summary>
    public static IReadOnlyList<RocPoint> Compute(IEnumerable<DetectionOutcome> outcomes, long positives)
    {
        var points = new List<RocPoint>();
        long tp = 0, fp = 0;
        foreach (var group in outcomes.GroupBy(o => o.Score).OrderByDescending(g => g.Key))
        {
            foreach (var o in group)
            {
                if (o.NewTruePositive) tp++;
                else if (o.Counted) fp++;
            }
            points.Add(new RocPoint(group.Key, tp, fp, positives > 0 ? (double)tp / positives : 0));
        }
        return points;
    }

    /// <summary>True-positive rate at the loosest threshold with at most <paramref name="maxFalsePositives"/> false positives (FDDB quotes 1000).</summary>
    public static double RateAtFalsePositives(IReadOnlyList<RocPoint> curve, long maxFalsePositives)
    {
        double best = 0;
        foreach (var p in curve)
            if (p.FalsePositives <= maxFalsePositives) best = Math.Max(best, p.TruePositiveRate);
        return best;
    }
}
