namespace MtcnnCuda.Cascade;

/// <summary>
/// Upper bounds on the candidates a stage passes on, highest scores first. Real images at the default thresholds
/// stay far below them; they exist so hostile settings (thresholds near 0 on a large image, where every PNet cell
/// is a candidate) cost bounded time and memory instead of quadratic NMS over millions of boxes and gigabyte
/// RNet/ONet batches. Every backend applies the same limits, so results stay comparable.
/// </summary>
internal static class CandidateLimits
{
    /// <summary>PNet cells per pyramid level entering that level's NMS.</summary>
    public const int PNetPerScale = 20_000;

    /// <summary>PNet boxes of all levels entering the cross-scale NMS.</summary>
    public const int PNetAllScales = 20_000;

    /// <summary>Boxes entering RNet (after the cross-scale NMS).</summary>
    public const int RNet = 8_000;

    /// <summary>Boxes entering ONet (after RNet's NMS).</summary>
    public const int ONet = 2_000;

    /// <summary>The <paramref name="limit"/> highest-scoring boxes (ties: lower index first), in their original order when nothing is cut.</summary>
    public static Candidate[] Top(Candidate[] boxes, int limit)
    {
        if (boxes.Length <= limit) return boxes;
        var order = new int[boxes.Length];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        Array.Sort(order, (x, y) =>
        {
            int c = boxes[y].Score.CompareTo(boxes[x].Score);
            return c != 0 ? c : x.CompareTo(y);
        });
        var result = new Candidate[limit];
        for (int i = 0; i < limit; i++) result[i] = boxes[order[i]];
        return result;
    }
}
