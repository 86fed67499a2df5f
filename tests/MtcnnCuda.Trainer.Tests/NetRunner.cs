using MtcnnCuda.Trainer.Nets;
using static TorchSharp.torch;

namespace MtcnnCuda.Trainer.Tests;

/// <summary>Runs a TorchSharp net on planar float batches and returns plain arrays for comparison.</summary>
internal static class NetRunner
{
    public static (float[] Prob, float[] Box, float[]? Landmarks) Run(MtcnnNet net, float[] batch, int count, int h, int w)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        net.eval();
        var input = tensor(batch, [count, 3, h, w]);
        var output = net.call(input);
        return (output.FaceProbability().contiguous().data<float>().ToArray(),
                output.Box.contiguous().data<float>().ToArray(),
                output.Landmarks?.contiguous().data<float>().ToArray());
    }

    public static float[] RandomInput(int length, int seed)
    {
        var random = new Random(seed);
        var data = new float[length];
        for (int i = 0; i < length; i++) data[i] = (random.Next(256) - 127.5f) * 0.0078125f;
        return data;
    }

    /// <summary>|actual − expected| ≤ 1e-4·|expected| + 1e-5 for every element (relative error with a floor near zero).</summary>
    public static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            float tolerance = 1e-4f * Math.Abs(expected[i]) + 1e-5f;
            Assert.True(Math.Abs(actual[i] - expected[i]) <= tolerance,
                $"{what}[{i}]: TorchSharp {actual[i]} vs engine {expected[i]} (tolerance {tolerance})");
        }
    }
}
