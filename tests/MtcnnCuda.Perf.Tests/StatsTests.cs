using MtcnnCuda.Perf.Bench;

namespace MtcnnCuda.Perf.Tests;

public class StatsTests
{
    [Fact]
    public void Percentiles_interpolate_linearly()
    {
        var s = Stats.Of([5.0, 1, 4, 2, 3]);
        Assert.Equal(3, s.Median);
        Assert.Equal(1.4, s.P10, 9);
        Assert.Equal(4.6, s.P90, 9);
        Assert.Equal((1.0, 5.0, 3.0), (s.Min, s.Max, s.Mean));
        Assert.Equal(2.5, Stats.Of([1.0, 2, 3, 4]).Median);
    }

    [Fact]
    public void Single_sample_and_empty_input()
    {
        Assert.Equal(7, Stats.Of([7.0]).P90);
        Assert.Throws<ArgumentException>(() => Stats.Of([]));
    }
}
