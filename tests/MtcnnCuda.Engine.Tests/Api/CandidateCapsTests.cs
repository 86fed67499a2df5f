using MtcnnCuda.Cascade;

namespace MtcnnCuda.Tests.Api;

/// <summary>The per-detector candidate caps: the defaults are CandidateLimits, and nonsense is rejected by name.</summary>
public sealed class CandidateCapsTests
{
    [Fact]
    public void Default_caps_are_the_candidate_limits()
    {
        var caps = DetectorOptions.Default.Caps;
        Assert.Equal((CandidateLimits.PNetPerScale, CandidateLimits.PNetAllScales, CandidateLimits.RNet, CandidateLimits.ONet),
            (caps.PNetPerScale, caps.PNetAllScales, caps.RNet, caps.ONet));
    }

    [Theory]
    [InlineData(0, 1, 1, 1, "PNetPerScale")]
    [InlineData(1, CandidateCaps.Max + 1, 1, 1, "PNetAllScales")]
    [InlineData(1, 1, -3, 1, "RNet")]
    [InlineData(1, 1, 1, 0, "ONet")]
    public void Caps_outside_the_range_are_rejected_by_name(int perScale, int allScales, int rnet, int onet, string name)
    {
        var options = new DetectorOptions { Caps = new CandidateCaps(perScale, allScales, rnet, onet) };
        var e = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains(name, e.Message, StringComparison.Ordinal);
    }
}
