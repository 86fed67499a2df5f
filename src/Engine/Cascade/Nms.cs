namespace MtcnnCuda.Cascade;

/// <summary>
/// Greedy non-maximum suppression: visit boxes by descending score (ties: lower index first), keep a box
/// unless its overlap with an already kept box exceeds the threshold. With <c>plusOne</c> widths are
/// x2 − x1 + 1 (the MATLAB pixel convention used by the reference's 'Min' pass), otherwise x2 − x1.
/// </summary>
internal static class Nms
{
    public static float Overlap(in Candidate a, in Candidate b, NmsMode mode, bool plusOne)
    {
        float one = plusOne ? 1f : 0f;
        float areaA = (a.X2 - a.X1 + one) * (a.Y2 - a.Y1 + one);
        float areaB = (b.X2 - b.X1 + one) * (b.Y2 - b.Y1 + one);
        float iw = MathF.Max(0f, MathF.Min(a.X2, b.X2) - MathF.Max(a.X1, b.X1) + one);
        float ih = MathF.Max(0f, MathF.Min(a.Y2, b.Y2) - MathF.Max(a.Y1, b.Y1) + one);
        float inter = iw * ih;
        float denominator = mode == NmsMode.Min ? MathF.Min(areaA, areaB) : areaA + areaB - inter;
        return denominator > 0f ? inter / denominator : 0f;
    }

    /// <summary>Indices of the kept boxes, in descending score order.</summary>
    public static int[] Select(ReadOnlySpan<Candidate> boxes, float threshold, NmsMode mode, bool plusOne = false)
    {
        var order = new int[boxes.Length];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        var scores = new float[boxes.Length];
        for (int i = 0; i < scores.Length; i++) scores[i] = boxes[i].Score;
        // Stable descending sort by score.
        Array.Sort(order, Comparer<int>.Create((x, y) =>
        {
            int c = scores[y].CompareTo(scores[x]);
            return c != 0 ? c : x.CompareTo(y);
        }));
        var kept = new List<int>();
        var suppressed = new bool[boxes.Length];
        for (int oi = 0; oi < order.Length; oi++)
        {
            int i = order[oi];
            if (suppressed[i]) continue;
            kept.Add(i);
            for (int oj = oi + 1; oj < order.Length; oj++)
            {
                int j = order[oj];
                if (!suppressed[j] && Overlap(boxes[i], boxes[j], mode, plusOne) > threshold) suppressed[j] = true;
            }
        }
        return kept.ToArray();
    }

    /// <summary>Keeps the NMS survivors of <paramref name="boxes"/>, in descending score order.</summary>
    public static Candidate[] Apply(ReadOnlySpan<Candidate> boxes, float threshold, NmsMode mode, bool plusOne = false)
    {
        var keep = Select(boxes, threshold, mode, plusOne);
        var result = new Candidate[keep.Length];
        for (int i = 0; i < keep.Length; i++) result[i] = boxes[keep[i]];
        return result;
    }
}
