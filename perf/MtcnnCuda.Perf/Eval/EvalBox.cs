namespace MtcnnCuda.Perf.Eval;

/// <summary>An axis-aligned box as annotation files give it: left, top, width, height (pixels).</summary>
public readonly record struct EvalBox(double X, double Y, double W, double H)
{
    public double X2 => X + W;
    public double Y2 => Y + H;

    public static EvalBox FromCorners(double x1, double y1, double x2, double y2) => new(x1, y1, x2 - x1, y2 - y1);

    public static EvalBox From(BoundingBox b) => FromCorners(b.X1, b.Y1, b.X2, b.Y2);

    /// <summary>
    /// Intersection over union. <paramref name="plusOne"/> = true counts pixels inclusively (width x2 − x1 + 1 with
    /// x2 = x + w), as the official WIDER FACE MATLAB tool (boxoverlap.m) does; false is the plain continuous IoU.
    /// </summary>
    public double Iou(EvalBox other, bool plusOne = false)
    {
        double one = plusOne ? 1 : 0;
        double iw = Math.Min(X2, other.X2) - Math.Max(X, other.X) + one;
        double ih = Math.Min(Y2, other.Y2) - Math.Max(Y, other.Y) + one;
        if (iw <= 0 || ih <= 0) return 0;
        double inter = iw * ih;
        double union = (W + one) * (H + one) + (other.W + one) * (other.H + one) - inter;
        return union > 0 ? inter / union : 0;
    }
}

/// <summary>One detection to score: its box and confidence.</summary>
public readonly record struct ScoredBox(EvalBox Box, double Score);
