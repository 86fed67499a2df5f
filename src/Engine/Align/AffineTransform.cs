namespace MtcnnCuda;

/// <summary>A 2-D affine map: x' = A·x + B·y + C, y' = D·x + E·y + F (pixel centres at integers).</summary>
public readonly record struct AffineTransform(double A, double B, double C, double D, double E, double F)
{
    public static AffineTransform Identity { get; } = new(1, 0, 0, 0, 1, 0);

    public PointF Apply(PointF p) => new((float)(A * p.X + B * p.Y + C), (float)(D * p.X + E * p.Y + F));

    /// <summary>The inverse map.</summary>
    /// <exception cref="InvalidOperationException">The map is singular (zero scale).</exception>
    public AffineTransform Invert()
    {
        double det = A * E - B * D;
        if (det == 0 || !double.IsFinite(det)) throw new InvalidOperationException($"The affine map {this} is not invertible.");
        double ia = E / det, ib = -B / det, id = -D / det, ie = A / det;
        return new(ia, ib, -(ia * C + ib * F), id, ie, -(id * C + ie * F));
    }

    /// <summary>Uniform scale of a similarity (√|det|).</summary>
    public double ScaleFactor => Math.Sqrt(Math.Abs(A * E - B * D));
}

/// <summary>
/// Least-squares similarity transforms (rotation, uniform scale, translation; no reflection). In 2-D, Umeyama's
/// estimator (IEEE TPAMI 1991) restricted to proper rotations has a closed form: with both point sets centred,
/// s·cosθ = Σ(p·q)/Σ|p|² and s·sinθ = Σ(p×q)/Σ|p|², the same map skimage's SimilarityTransform and InsightFace's
/// norm_crop estimate.
/// </summary>
public static class SimilarityTransform
{
    /// <summary>Smallest mean squared distance of the source points from their centroid (px²) that still fixes a scale.</summary>
    public const double MinSpread = 1e-6;

    /// <summary>The similarity that best maps <paramref name="from"/>[i] onto <paramref name="to"/>[i].</summary>
    /// <exception cref="ArgumentException">Counts differ, fewer than two points, non-finite or coincident source points.</exception>
    public static AffineTransform Estimate(ReadOnlySpan<PointF> from, ReadOnlySpan<PointF> to)
    {
        if (from.Length != to.Length) throw new ArgumentException($"Point counts differ: {from.Length} source, {to.Length} destination.");
        if (from.Length < 2) throw new ArgumentException($"A similarity needs at least 2 point pairs, got {from.Length}.");
        int n = from.Length;
        double fx = 0, fy = 0, tx = 0, ty = 0;
        for (int i = 0; i < n; i++)
        {
            if (!float.IsFinite(from[i].X) || !float.IsFinite(from[i].Y) || !float.IsFinite(to[i].X) || !float.IsFinite(to[i].Y))
                throw new ArgumentException($"Point pair {i} is not finite: {from[i]} → {to[i]}.");
            fx += from[i].X; fy += from[i].Y; tx += to[i].X; ty += to[i].Y;
        }
        fx /= n; fy /= n; tx /= n; ty /= n;
        double spread = 0, dot = 0, cross = 0;
        for (int i = 0; i < n; i++)
        {
            double px = from[i].X - fx, py = from[i].Y - fy, qx = to[i].X - tx, qy = to[i].Y - ty;
            spread += px * px + py * py;
            dot += px * qx + py * qy;
            cross += px * qy - py * qx;
        }
        if (spread / n < MinSpread)
            throw new ArgumentException($"The {n} source points coincide (all at about ({fx:0.###}, {fy:0.###})): no scale or rotation can be estimated.");
        double a = dot / spread, b = cross / spread;
        if (a == 0 && b == 0) throw new ArgumentException("The destination points coincide: the similarity would have zero scale.");
        // x' = a·x − b·y + c, y' = b·x + a·y + f, with the centroids mapped onto each other.
        return new(a, -b, tx - (a * fx - b * fy), b, a, ty - (b * fx + a * fy));
    }
}
