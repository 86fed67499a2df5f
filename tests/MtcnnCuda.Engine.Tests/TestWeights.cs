using MtcnnCuda.Weights;

namespace MtcnnCuda.Tests;

/// <summary>Random but well-formed MTCNN weights, so engine tests run without any data files.</summary>
public static class TestWeights
{
    public static Dictionary<string, Tensor> RandomTensors(int seed, bool landmarkHeads = true)
    {
        var random = new Random(seed);
        var tensors = new Dictionary<string, Tensor>();
        foreach (var (name, spec) in NetArchitecture.AllParameters())
        {
            if (spec.Optional && !landmarkHeads) continue;
            int count = spec.Shape.Aggregate(1, (a, b) => a * b);
            int fanIn = spec.Shape.Length > 1 ? count / spec.Shape[0] : 1;
            float scale = name.Contains("prelu") ? 0.25f : 1f / MathF.Sqrt(fanIn);
            var data = new float[count];
            for (int i = 0; i < count; i++)
                data[i] = name.Contains("prelu") ? scale : (float)(random.NextDouble() * 2 - 1) * scale;
            tensors[name] = new Tensor(spec.Shape, data);
        }
        return tensors;
    }

    public static Dictionary<string, string> FullMetadata(string flatten = "nwhc") => new()
    {
        [WeightsMetadata.Format] = WeightsMetadata.FormatValue,
        [WeightsMetadata.FormatVersion] = WeightsMetadata.FormatVersionValue,
        [WeightsMetadata.ChannelOrder] = "RGB",
        [WeightsMetadata.PixelMean] = "127.5",
        [WeightsMetadata.PixelScale] = "0.0078125",
        [WeightsMetadata.Flatten] = flatten,
        [WeightsMetadata.Provenance] = "random test weights",
    };

    public static MtcnnWeights Random(int seed = 1, string flatten = "nwhc") =>
        new(RandomTensors(seed), FullMetadata(flatten), $"random:{seed}");
}
