namespace MtcnnCuda.Tools.Video;

/// <summary>Per-frame detection latencies of the most recent <see cref="Capacity"/> frames (fixed memory), with percentiles.</summary>
internal sealed class LatencyWindow
{
    public const int Capacity = 1000;
    private readonly double[] _ms = new double[Capacity];
    private readonly double[] _sorted = new double[Capacity];
    private int _count, _next;

    public void Add(double milliseconds)
    {
        _ms[_next] = milliseconds;
        _next = (_next + 1) % Capacity;
        _count = Math.Min(_count + 1, Capacity);
    }

    /// <summary>Nearest-rank percentiles (p in 0..100) of the window; NaN when empty.</summary>
    public (double P50, double P90, double P99) Percentiles()
    {
        if (_count == 0) return (double.NaN, double.NaN, double.NaN);
        _ms.AsSpan(0, _count).CopyTo(_sorted);
        _sorted.AsSpan(0, _count).Sort();
        return (At(50), At(90), At(99));
    }

    private double At(double p) => _sorted[Math.Clamp((int)Math.Ceiling(p / 100 * _count) - 1, 0, _count - 1)];
}
