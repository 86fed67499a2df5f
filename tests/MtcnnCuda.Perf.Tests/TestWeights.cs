using MtcnnCuda.Weights;

namespace MtcnnCuda.Perf.Tests;

/// <summary>Random weights of the right shapes whose PNet rejects everything: the cascade runs PNet only, quickly.</summary>
public static class TestWeights
{
    public static string SaveRejectingWeights(string folder)
    {
        var random = new Random(7);
        var tensors = new Dictionary<string, Tensor>();
        foreach (var (name, spec) in NetArchitecture.AllParameters())
        {
            if (spec.Optional) continue;
            int n = spec.Shape.Aggregate(1, (a, b) => a * b);
            var data = new float[n];
            for (int i = 0; i < n; i++) data[i] = (float)(random.NextDouble() - 0.5) * 0.1f;
            // PNet's face logit far below the background logit: probability ≈ 0 everywhere.
            if (name == "pnet.conv4_1.bias") (data[0], data[1]) = (20f, -20f);
            tensors[name] = new Tensor(spec.Shape, data);
        }
        string path = Path.Combine(folder, "rejecting.safetensors");
        new MtcnnWeights(tensors, new Dictionary<string, string>()).Save(path);
        return path;
    }
}

/// <summary>A temporary folder deleted when the test ends.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("mtcnn-perf-tests-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
    }
}
