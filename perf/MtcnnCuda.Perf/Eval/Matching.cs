namespace MtcnnCuda.Perf.Eval;

/// <summary>
/// What one detection contributed, in the order of its image's detections sorted by descending score.
/// <see cref="Counted"/> is false when the detection hit an ignored face (it is neither a true nor a false
/// positive); <see cref="NewTruePositive"/> is true when it was the first to find a counted face.
/// </summary>
public readonly record struct DetectionOutcome(double Score, bool Counted, bool NewTruePositive, int MatchedFace);

public static class Matching
{
    public const double DefaultIou = 0.5;

    /// <summary>
    /// The official WIDER FACE rule (image_evaluation in wider_eval.m), per image, detections in descending score
    /// order: find the ground-truth face of highest IoU (inclusive "+1" pixels); when that IoU ≥ threshold and the
    /// face is ignored, the detection is dropped (not counted); when it is a counted face not yet found, it becomes
    /// found (a true positive). Every other detection — including a second hit on an already found face — is a
    /// false positive. <paramref name="counted"/>[i] says whether face i counts in this subset.
    /// </summary>
    public static DetectionOutcome[] Wider(IReadOnlyList<ScoredBox> detections, IReadOnlyList<EvalBox> faces,
        IReadOnlyList<bool> counted, double iouThreshold = DefaultIou)
    {
        if (counted.Count != faces.Count) throw new ArgumentException("counted must have one flag per face.", nameof(counted));
        var order = SortedByScore(detections);
        var found = new bool[faces.Count];
        var outcomes = new DetectionOutcome[order.Length];
        for (int n = 0; n < order.Length; n++)
        {
            var det = detections[order[n]];
            int best = -1;
            double bestIou = 0;
            for (int i = 0; i < faces.Count; i++)
            {
                double iou = faces[i].Iou(det.Box, plusOne: true);
                if (iou > bestIou) (bestIou, best) = (iou, i);
            }
            bool isCounted = true, isNew = false;
            if (best >= 0 && bestIou >= iouThreshold)
            {
                if (!counted[best]) isCounted = false;
                else if (!found[best]) found[best] = isNew = true;
            }
            outcomes[n] = new DetectionOutcome(det.Score, isCounted, isNew, bestIou >= iouThreshold ? best : -1);
        }
        return outcomes;
    }

    /// <summary>
    /// One-to-one greedy matching (FDDB-style discrete score): detections in descending score order each take the
    /// not-yet-matched face of highest IoU (continuous, no "+1") if it reaches the threshold; a detection whose best
    /// such face is not counted is dropped. FDDB's own tool uses a bipartite matching; greedy in score order is the
    /// usual approximation and equals it whenever faces do not compete for detections.
    /// </summary>
    public static DetectionOutcome[] OneToOne(IReadOnlyList<ScoredBox> detections, IReadOnlyList<EvalBox> faces,
        IReadOnlyList<bool> counted, double iouThreshold = DefaultIou)
    {
        if (counted.Count != faces.Count) throw new ArgumentException("counted must have one flag per face.", nameof(counted));
        var order = SortedByScore(detections);
        var taken = new bool[faces.Count];
        var outcomes = new DetectionOutcome[order.Length];
        for (int n = 0; n < order.Length; n++)
        {
            var det = detections[order[n]];
            int best = -1;
            double bestIou = iouThreshold;
            for (int i = 0; i < faces.Count; i++)
            {
                if (taken[i]) continue;
                double iou = faces[i].Iou(det.Box);
                if (iou >= bestIou) (bestIou, best) = (iou, i);
            }
            if (best < 0) outcomes[n] = new DetectionOutcome(det.Score, true, false, -1);
            else
            {
                taken[best] = true;
                outcomes[n] = new DetectionOutcome(det.Score, counted[best], counted[best], best);
            }
        }
        return outcomes;
    }

    /// <summary>Indices by descending score; ties keep input order (stable) so results are deterministic.</summary>
    private static int[] SortedByScore(IReadOnlyList<ScoredBox> detections)
    {
        var order = Enumerable.Range(0, detections.Count).ToArray();
        foreach (var d in detections)
            if (!double.IsFinite(d.Score)) throw new ArgumentException("Detection scores must be finite.", nameof(detections));
        return order.OrderByDescending(i => detections[i].Score).ToArray();
    }
}
