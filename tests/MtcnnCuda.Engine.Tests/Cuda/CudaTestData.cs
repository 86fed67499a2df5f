using MtcnnCuda.Weights;

namespace MtcnnCuda.Tests.Cuda;

/// <summary>Random inputs and weights for the CUDA tests, and the |gpu − ref| ≤ atol + rtol·|ref| comparison.</summary>
internal static class CudaTestData
{
    /// <summary>Every required parameter of the three nets, uniform in ±0.3 (PReLU slopes in 0..0.5).</summary>
    public static MtcnnWeights RandomWeights(int seed)
    {
        var random = new Random(seed);
        var tensors = new Dictionary<string, Tensor>();
        foreach (var (name, spec) in NetArchitecture.AllParameters())
        {
            if (spec.Optional) continue;
            int count = spec.Shape.Aggregate(1, (a, b) => a * b);
            var data = new float[count];
            bool prelu = name.Contains(".prelu", StringComparison.Ordinal);
            for (int i = 0; i < count; i++) data[i] = prelu ? (float)random.NextDouble() * 0.5f : (float)(random.NextDouble() * 0.6 - 0.3);
            tensors[name] = new Tensor(spec.Shape, data);
        }
        return new MtcnnWeights(tensors, new Dictionary<string, string>(), $"random-{seed}");
    }

    public static float[] Uniform(Random random, int count, float low, float high)
    {
        var data = new float[count];
        for (int i = 0; i < count; i++) data[i] = low + (float)random.NextDouble() * (high - low);
        return data;
    }

    public static void AssertClose(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected, float atol, float rtol = 1e-4f, string what = "")
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            float limit = atol + rtol * MathF.Abs(expected[i]);
            if (!(MathF.Abs(actual[i] - expected[i]) <= limit))
                Assert.Fail($"{what}[{i}]: gpu {actual[i]} vs cpu {expected[i]} (limit {limit})");
        }
    }
}
