namespace MtcnnCuda.Perf.Eval;

/// <summary>Landmark error of one face: per-point distance divided by the inter-ocular distance, and their mean.</summary>
public sealed record LandmarkErrorSample(string Path, double[] PerPoint, double Mean);

/// <summary>Summary over a data set: mean normalised error per point and overall, failure rate at 10 %.</summary>
public sealed record LandmarkErrorSummary(int Count, double[] MeanPerPoint, double Mean, double FailureRate, double FailureThreshold);

public static class LandmarkError
{
    public const double DefaultFailureThreshold = 0.10;

    /// <summary>
    /// Normalised error: ‖predicted − reference‖ / inter-ocular distance, where the inter-ocular distance is that of
    /// the reference eye centres (points 0 and 1), as in the MTCNN and Sun et al. evaluations.
    /// </summary>
    public static double[] Normalised(ReadOnlySpan<PointF> predicted, ReadOnlySpan<PointF> reference)
    {
        if (predicted.Length != 5 || reference.Length != 5) throw new ArgumentException("Five points are expected on each side.");
        double iod = Distance(reference[0], reference[1]);
        if (!(iod > 0)) throw new ArgumentException("The reference eyes coincide; inter-ocular distance is zero.");
        var e = new double[5];
        for (int k = 0; k < 5; k++) e[k] = Distance(predicted[k], reference[k]) / iod;
        return e;
    }

    public static LandmarkErrorSummary Summarise(IReadOnlyList<LandmarkErrorSample> samples, double failureThreshold = DefaultFailureThreshold)
    {
        var perPoint = new double[5];
        if (samples.Count == 0) return new LandmarkErrorSummary(0, perPoint, double.NaN, double.NaN, failureThreshold);
        int failures = 0;
        foreach (var s in samples)
        {
            for (int k = 0; k < 5; k++) perPoint[k] += s.PerPoint[k];
            if (s.Mean > failureThreshold) failures++;
        }
        for (int k = 0; k < 5; k++) perPoint[k] /= samples.Count;
        return new LandmarkErrorSummary(samples.Count, perPoint, samples.Average(s => s.Mean), (double)failures / samples.Count, failureThreshold);
    }

    /// <summary>Cumulative distribution of the per-face mean error: (error, fraction of faces with error ≤ it).</summary>
    public static IReadOnlyList<(double Error, double Fraction)> Cdf(IReadOnlyList<LandmarkErrorSample> samples)
    {
        var sorted = samples.Select(s => s.Mean).Order().ToArray();
        var points = new List<(double, double)>(sorted.Length);
        for (int i = 0; i < sorted.Length; i++) points.Add((sorted[i], (i + 1.0) / sorted.Length));
        return points;
    }

    private static double Distance(PointF a, PointF b) => Math.Sqrt(Math.Pow(a.X - b.X, 2) + Math.Pow(a.Y - b.Y, 2));
}
