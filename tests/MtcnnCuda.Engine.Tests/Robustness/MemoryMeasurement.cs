namespace MtcnnCuda.Tests.Robustness;

/// <summary>
/// Tests that compare whole-process heap sizes run alone: other test classes allocating in parallel in the same
/// process would otherwise show up as growth (or hide a leak).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurement
{
    public const string Name = "memory measurement (runs alone)";
}
