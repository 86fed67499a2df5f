using MtcnnCuda.Weights;

namespace MtcnnCuda.Tests.Robustness;

/// <summary>
/// Seeded random MTCNN weights with the shapes of <see cref="NetArchitecture"/>, so detection tests run without
/// any downloaded data. Values are fan-in scaled so every stage produces varied outputs.
/// </summary>
public static class RandomWeights
{
    public static MtcnnWeights Create(int seed, float regressionScale = 1f)
    {
        var random = new Random(seed);
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, spec) in NetArchitecture.AllParameters())
        {
            if (spec.Optional) continue;
            long count = 1;
            foreach (int d in spec.Shape) count *= d;
            var data = new float[count];
            bool prelu = name.Contains(".prelu", StringComparison.Ordinal);
            float scale = spec.Shape.Length > 1 ? 1f / MathF.Sqrt(count / spec.Shape[0]) : 0.1f;
            // Box-regression heads (pnet conv4_2, rnet dense5_2, onet dense6_2) scaled up give pathological boxes.
            if (name.Contains("conv4_2", StringComparison.Ordinal) || name.Contains("5_2", StringComparison.Ordinal) ||
                name.Contains("6_2", StringComparison.Ordinal))
                scale *= regressionScale;
            for (int i = 0; i < data.Length; i++) data[i] = prelu ? 0.25f : scale * (2f * random.NextSingle() - 1f);
            tensors[name] = new Tensor((int[])spec.Shape.Clone(), data);
        }
        return new MtcnnWeights(tensors, new Dictionary<string, string>(), $"<random seed {seed}>");
    }

    /// <summary>The weights as a safetensors file image (full metadata).</summary>
    public static byte[] CreateFile(int seed)
    {
        var weights = Create(seed);
        using var stream = new MemoryStream();
        SafeTensorsFile.Write(stream, weights.Tensors, weights.CompleteMetadata());
        return stream.ToArray();
    }

    /// <summary>Seeded noise pixels (RGB24, tightly packed).</summary>
    public static byte[] NoiseImage(int seed, int width, int height)
    {
        var pixels = new byte[width * height * 3];
        new Random(seed).NextBytes(pixels);
        return pixels;
    }
}
