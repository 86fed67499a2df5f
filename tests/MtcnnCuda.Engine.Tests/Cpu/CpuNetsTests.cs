using MtcnnCuda.Cpu;

namespace MtcnnCuda.Tests.Cpu;

/// <summary>The packed GEMM nets against the plain layer-by-layer reference on the same weights and inputs.</summary>
public class CpuNetsTests
{
    private static float[] Random(Random r, int n) => Enumerable.Range(0, n).Select(_ => r.NextSingle() * 2 - 1).ToArray();

    private static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(MathF.Abs(expected[i] - actual[i]) <= 1e-5f + 1e-4f * MathF.Abs(expected[i]),
                $"{what}[{i}]: reference {expected[i]}, packed {actual[i]}");
    }

    [Theory]
    [InlineData(12, 12)]
    [InlineData(31, 57)]
    [InlineData(145, 193)]
    [InlineData(203, 41)]   // several bands; odd conv1 height (the ceil-mode pool's partial last window)
    [InlineData(76, 300)]   // a band boundary right at the end
    public void PNet_matches_the_reference(int h, int w)
    {
        var weights = TestWeights.Random(8);
        var input = Random(new Random(h * w), 3 * h * w);
        var expected = new ReferenceNets(weights).RunPNet(input, h, w);
        var actual = new CpuNets(weights).RunPNet(input, h, w);
        Assert.Equal((expected.Height, expected.Width), (actual.Height, actual.Width));
        AssertClose(expected.Prob, actual.Prob, "prob");
        AssertClose(expected.Reg, actual.Reg, "reg");
    }

    [Theory]
    [InlineData("nwhc", true)]
    [InlineData("nchw", false)]
    public void RNet_and_ONet_match_the_reference(string flatten, bool landmarkHeads)
    {
        var weights = new MtcnnCuda.Weights.MtcnnWeights(TestWeights.RandomTensors(9, landmarkHeads), TestWeights.FullMetadata(flatten));
        var r = new Random(3);
        var reference = new ReferenceNets(weights);
        var packed = new CpuNets(weights);
        var b24 = Random(r, 5 * 3 * 24 * 24);
        var e = reference.RunRNet(b24, 5);
        var a = packed.RunRNet(b24, 5);
        AssertClose(e.Prob, a.Prob, "rnet prob");
        AssertClose(e.Reg, a.Reg, "rnet reg");
        Assert.Equal(landmarkHeads, a.Landmarks is not null);
        if (landmarkHeads) AssertClose(e.Landmarks!, a.Landmarks!, "rnet landmarks");
        var b48 = Random(r, 4 * 3 * 48 * 48);
        e = reference.RunONet(b48, 4);
        a = packed.RunONet(b48, 4);
        AssertClose(e.Prob, a.Prob, "onet prob");
        AssertClose(e.Reg, a.Reg, "onet reg");
        AssertClose(e.Landmarks!, a.Landmarks!, "onet landmarks");
    }
}
