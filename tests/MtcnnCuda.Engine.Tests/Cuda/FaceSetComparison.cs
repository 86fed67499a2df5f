namespace MtcnnCuda.Tests.Cuda;

/// <summary>
/// Compares two backends' faces as a user would, never bit for bit (GPU arithmetic differs: FMA, expf within
/// 2 ulp): every face of one list is matched by a face of the other with IoU ≥ 0.95, confidence within 1e-3 and
/// landmarks within 2% of the box side. A face whose confidence lies within 1e-3 of the final threshold may be
/// present in one list and absent in the other (a rounding difference can put it on either side).
/// </summary>
internal static class FaceSetComparison
{
    public const float MinIoU = 0.95f, ScoreTolerance = 1e-3f, LandmarkTolerance = 0.02f;

    public static void AssertSameFaces(IReadOnlyList<Face> expected, IReadOnlyList<Face> actual, float threshold, string what = "")
    {
        AssertCovered(expected, actual, threshold, $"{what} expected face missing from the result");
        AssertCovered(actual, expected, threshold, $"{what} extra face in the result");
    }

    private static void AssertCovered(IReadOnlyList<Face> faces, IReadOnlyList<Face> others, float threshold, string message)
    {
        var used = new bool[others.Count];
        for (int i = 0; i < faces.Count; i++)
        {
            var f = faces[i];
            int match = -1;
            for (int j = 0; j < others.Count && match < 0; j++)
                if (!used[j] && IoU(f.Box, others[j].Box) >= MinIoU && MathF.Abs(f.Confidence - others[j].Confidence) <= ScoreTolerance)
                    match = j;
            if (match < 0)
            {
                if (MathF.Abs(f.Confidence - threshold) <= ScoreTolerance) continue;
                Assert.Fail($"{message}: face {i} {f.Box} confidence {f.Confidence} ({faces.Count} vs {others.Count} faces)");
            }
            used[match] = true;
            var o = others[match];
            float side = MathF.Max(1f, MathF.Max(MathF.Abs(f.Box.Width), MathF.Abs(f.Box.Height)));
            for (int k = 0; k < 5; k++)
            {
                float dx = f.Landmarks[k].X - o.Landmarks[k].X, dy = f.Landmarks[k].Y - o.Landmarks[k].Y;
                Assert.True(MathF.Sqrt(dx * dx + dy * dy) <= LandmarkTolerance * side,
                    $"{message}: face {i} landmark {k} {f.Landmarks[k]} vs {o.Landmarks[k]}");
            }
        }
    }

    /// <summary>
    /// Intersection over union of two boxes (continuous coordinates, no +1). Corners are ordered first: random
    /// weights regress boxes inside out, and such a box must still match its twin.
    /// </summary>
    public static float IoU(BoundingBox a, BoundingBox b)
    {
        a = Ordered(a);
        b = Ordered(b);
        float iw = MathF.Max(0, MathF.Min(a.X2, b.X2) - MathF.Max(a.X1, b.X1));
        float ih = MathF.Max(0, MathF.Min(a.Y2, b.Y2) - MathF.Max(a.Y1, b.Y1));
        float inter = iw * ih, union = a.Width * a.Height + b.Width * b.Height - inter;
        return union > 0 ? inter / union : (a == b ? 1f : 0f);
    }

    private static BoundingBox Ordered(BoundingBox b) =>
        new(MathF.Min(b.X1, b.X2), MathF.Min(b.Y1, b.Y2), MathF.Max(b.X1, b.X2), MathF.Max(b.Y1, b.Y2));
}
