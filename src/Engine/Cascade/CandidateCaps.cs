namespace MtcnnCuda.Cascade;

/// <summary>
/// The <see cref="CandidateLimits"/> one detector applies (every backend reads them from its options, so CPU and
/// GPU cut at the same places). Lowered only by tests, to reach the caps on small images quickly.
/// </summary>
internal sealed record CandidateCaps(int PNetPerScale, int PNetAllScales, int RNet, int ONet)
{
    /// <summary>Largest accepted cap: keeps the device NMS mask (cap² bits) and its removal set small.</summary>
    public const int Max = 50_000;

    public static CandidateCaps Default { get; } =
        new(CandidateLimits.PNetPerScale, CandidateLimits.PNetAllScales, CandidateLimits.RNet, CandidateLimits.ONet);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first cap outside [1, <see cref="Max"/>].</summary>
    public void Validate()
    {
        Check(PNetPerScale, nameof(PNetPerScale));
        Check(PNetAllScales, nameof(PNetAllScales));
        Check(RNet, nameof(RNet));
        Check(ONet, nameof(ONet));
    }

    private static void Check(int value, string name)
    {
        if (value < 1 || value > Max) throw new ArgumentException($"Candidate cap {name} must lie in [1, {Max}]; got {value}.");
    }
}
