namespace MtcnnCuda.Perf.Eval;

/// <summary>One operating point: detections with score ≥ <see cref="Threshold"/>.</summary>
public readonly record struct PrPoint(double Threshold, long Proposals, long TruePositives, double Precision, double Recall);

/// <summary>Precision–recall curve over a whole data set and its average precision.</summary>
public sealed record PrCurve(IReadOnlyList<PrPoint> Points, long Positives, double AveragePrecision)
{
    /// <summary>
    /// Builds the curve from the outcomes of all images. <paramref name="officialThresholds"/> = true reproduces the
    /// WIDER tool: scores are min–max normalised over all detections, then evaluated at the 1000 thresholds
    /// 1 − i/1000 (i = 1..1000); false evaluates at every distinct score (the exact curve; the official one is its
    /// sampling). Points with no counted detection are skipped (precision undefined), as MATLAB's max ignores NaN.
    /// </summary>
    public static PrCurve Compute(IEnumerable<DetectionOutcome> outcomes, long positives, bool officialThresholds = false)
    {
        var all = outcomes.ToArray();
        double[] scores = all.Select(o => o.Score).ToArray();
        double[] thresholds;
        if (officialThresholds)
        {
            if (all.Length > 0)
            {
                double min = scores.Min(), max = scores.Max();
                for (int i = 0; i < scores.Length; i++) scores[i] = max > min ? (scores[i] - min) / (max - min) : 1.0;
            }
            thresholds = Enumerable.Range(1, 1000).Select(i => 1 - i / 1000.0).ToArray();
        }
        else thresholds = scores.Distinct().OrderByDescending(s => s).ToArray();

        var order = Enumerable.Range(0, all.Length).OrderByDescending(i => scores[i]).ToArray();
        var points = new List<PrPoint>(thresholds.Length);
        long proposals = 0, tp = 0;
        int next = 0;
        foreach (double t in thresholds)
        {
            // A small tolerance so that normalised scores exactly on a threshold count (1 − i/1000 is inexact).
            while (next < order.Length && scores[order[next]] >= t - 1e-12)
            {
                var o = all[order[next++]];
                if (o.Counted) proposals++;
                if (o.NewTruePositive) tp++;
            }
            if (proposals == 0) continue;
            double recall = positives > 0 ? (double)tp / positives : 0;
            points.Add(new PrPoint(t, proposals, tp, (double)tp / proposals, recall));
        }
        return new PrCurve(points, positives, VocAp(points));
    }

    /// <summary>
    /// VOC all-points average precision (VOCap in the WIDER and VOC tools): pad recall with 0 and 1 and precision
    /// with 0, make precision monotonically non-increasing from the right, sum precision × recall steps.
    /// </summary>
    public static double VocAp(IReadOnlyList<PrPoint> points)
    {
        int n = points.Count;
        var rec = new double[n + 2];
        var pre = new double[n + 2];
        rec[n + 1] = 1;
        for (int i = 0; i < n; i++) (rec[i + 1], pre[i + 1]) = (points[i].Recall, points[i].Precision);
        for (int i = n; i >= 0; i--) pre[i] = Math.Max(pre[i], pre[i + 1]);
        double ap = 0;
        for (int i = 1; i < n + 2; i++)
            if (rec[i] != rec[i - 1]) ap += (rec[i] - rec[i - 1]) * pre[i];
        return ap;
    }
}
