namespace MtcnnCuda.Perf.Bench;

/// <summary>Order statistics of repeated timings.</summary>
public sealed record Stats(int Count, double Median, double P10, double P90, double Mean, double Min, double Max)
{
    public static Stats Of(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0) throw new ArgumentException("No samples.", nameof(values));
        var sorted = values.Order().ToArray();
        return new Stats(sorted.Length, Percentile(sorted, 0.5), Percentile(sorted, 0.1), Percentile(sorted, 0.9),
            sorted.Average(), sorted[0], sorted[^1]);
    }

    /// <summary>Linear interpolation between closest ranks (NumPy's default "linear" method) on sorted data.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0) throw new ArgumentException("No samples.", nameof(sorted));
        if (p is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(p));
        double rank = p * (sorted.Count - 1);
        int lo = (int)Math.Floor(rank), hi = Math.Min(lo + 1, sorted.Count - 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }
}
