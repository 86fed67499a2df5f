using MtcnnCuda.Weights;

namespace MtcnnCuda.Tools.Tests;

/// <summary>
/// Test-only weights whose every stage says "face" with probability ≈ 1 (all weights zero, face logit biased),
/// no box regression, landmarks at fixed places in the box. They let CLI tests produce faces without the research
/// weights in ../shared; they say nothing about detection quality.
/// </summary>
public static class SyntheticWeights
{
    public static readonly float[] LandmarkFractions = [0.3f, 0.7f, 0.5f, 0.35f, 0.65f, 0.35f, 0.35f, 0.55f, 0.75f, 0.75f];

    public static string WriteAlwaysFace(TempDir dir)
    {
        var tensors = new Dictionary<string, Tensor>();
        foreach (var (name, spec) in NetArchitecture.AllParameters())
        {
            if (spec.Optional) continue;
            var data = new float[spec.Shape.Aggregate(1, (a, b) => a * b)];
            if (name is "pnet.conv4_1.bias" or "rnet.dense5_1.bias" or "onet.dense6_1.bias") (data[0], data[1]) = (-8f, 8f);
            if (name == "onet.dense6_3.bias") LandmarkFractions.CopyTo(data, 0);
            tensors[name] = new Tensor(spec.Shape, data);
        }
        var path = dir.File("always-face.safetensors");
        new MtcnnWeights(tensors, new Dictionary<string, string>(), "always-face").Save(path);
        return path;
    }
}
