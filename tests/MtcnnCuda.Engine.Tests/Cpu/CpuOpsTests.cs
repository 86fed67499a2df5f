using MtcnnCuda.Cpu;

namespace MtcnnCuda.Tests.Cpu;

/// <summary>The vectorised CPU layers against naive scalar loops written straight from the definitions.</summary>
public class CpuOpsTests
{
    private static float[] Random(Random r, int n) => Enumerable.Range(0, n).Select(_ => r.NextSingle() * 2 - 1).ToArray();

    private static void AssertClose(float[] expected, float[] actual, float rtol = 1e-5f, float atol = 1e-5f)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(MathF.Abs(expected[i] - actual[i]) <= atol + rtol * MathF.Abs(expected[i]),
                $"index {i}: expected {expected[i]}, got {actual[i]}");
    }

    [Theory]
    [InlineData(3, 10, 3, 12, 12)]
    [InlineData(10, 16, 3, 17, 29)]
    [InlineData(16, 32, 3, 9, 40)]
    [InlineData(48, 64, 2, 4, 4)]
    [InlineData(32, 2, 1, 5, 7)]
    [InlineData(3, 5, 3, 3, 3)]
    public void Conv2d_with_prelu_matches_naive(int cin, int cout, int k, int h, int w)
    {
        var r = new Random(cin * 100 + cout);
        var input = Random(r, cin * h * w);
        var weight = Random(r, cout * cin * k * k);
        var bias = Random(r, cout);
        var alpha = Random(r, cout);
        int oh = h - k + 1, ow = w - k + 1;
        var expected = new float[cout * oh * ow];
        for (int co = 0; co < cout; co++)
            for (int y = 0; y < oh; y++)
                for (int x = 0; x < ow; x++)
                {
                    double acc = bias[co];
                    for (int ci = 0; ci < cin; ci++)
                        for (int ky = 0; ky < k; ky++)
                            for (int kx = 0; kx < k; kx++)
                                acc += (double)input[(ci * h + y + ky) * w + x + kx] * weight[((co * cin + ci) * k + ky) * k + kx];
                    expected[(co * oh + y) * ow + x] = (float)(acc >= 0 ? acc : acc * alpha[co]);
                }
        var actual = new float[expected.Length];
        CpuOps.Conv2d(input, cin, h, w, weight, bias, cout, k, actual, alpha);
        AssertClose(expected, actual, 1e-4f, 1e-5f);
    }

    [Theory]
    [InlineData(22, 3, 2, 11)]
    [InlineData(9, 3, 2, 4)]
    [InlineData(8, 2, 2, 4)]
    [InlineData(9, 2, 2, 5)]
    [InlineData(10, 3, 2, 5)]
    public void Pool_output_size_is_ceil_mode(int input, int k, int s, int expected) =>
        Assert.Equal(expected, CpuOps.PoolOutputSize(input, k, s));

    [Fact]
    public void MaxPool_ceil_mode_uses_the_clipped_last_window()
    {
        // 1×3×3, k=2, s=2 → 2×2; the last row/column windows hold one or two values.
        float[] input = [1, 5, 2, 7, 3, 9, 4, 8, 6];
        var output = new float[4];
        CpuOps.MaxPool(input, 1, 3, 3, 2, 2, output);
        Assert.Equal([7f, 9f, 8f, 6f], output);
    }

    [Fact]
    public void Dense_with_prelu_matches_naive()
    {
        var r = new Random(5);
        var input = Random(r, 577);
        var weight = Random(r, 13 * 577);
        var bias = Random(r, 13);
        var alpha = Random(r, 13);
        var expected = new float[13];
        for (int o = 0; o < 13; o++)
        {
            double acc = bias[o];
            for (int i = 0; i < 577; i++) acc += (double)weight[o * 577 + i] * input[i];
            expected[o] = (float)(acc >= 0 ? acc : acc * alpha[o]);
        }
        var actual = new float[13];
        CpuOps.Dense(input, weight, bias, actual, alpha);
        AssertClose(expected, actual, 1e-4f, 1e-5f);
    }

    [Fact]
    public void Face_probability_is_the_two_way_softmax()
    {
        Assert.Equal(0.5f, CpuOps.FaceProbability(3, 3));
        Assert.Equal(MathF.Exp(2) / (MathF.Exp(1) + MathF.Exp(2)), CpuOps.FaceProbability(1, 2), 6);
        Assert.Equal(1f, CpuOps.FaceProbability(-100, 100));
    }
}
