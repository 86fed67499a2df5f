using Microsoft.ML.OnnxRuntime;
using MtcnnCuda.Cpu;
using MtcnnCuda.Onnx;
using MtcnnCuda.TestSupport;
using MtcnnCuda.Weights;
using SkiaSharp;

namespace MtcnnCuda.Tools.Tests;

/// <summary>
/// The exported ONNX models, run by ONNX Runtime (CPU), equal the engine's CPU forward passes (CpuNets) on random
/// and real inputs, with random weights of both flatten orders and with the original weights.
/// </summary>
public class OnnxExportTests
{
    private const float Tolerance = 1e-4f;

    public static TheoryData<int, string> RandomCases => new() { { 1, "nwhc" }, { 2, "nchw" } };

    [Theory]
    [MemberData(nameof(RandomCases))]
    public void Random_weights_on_random_inputs_equal_the_engine(int seed, string flatten)
    {
        var weights = RandomWeights(seed, flatten);
        var random = new Random(seed + 100);
        CheckPNet(weights, RandomInput(random, 3 * 12 * 12), 12, 12);
        CheckPNet(weights, RandomInput(random, 3 * 37 * 53), 37, 53);
        CheckPNet(weights, RandomInput(random, 3 * 64 * 31), 64, 31);
        CheckStage(weights, NetKind.RNet, RandomInput(random, 5 * 3 * 24 * 24), 5);
        CheckStage(weights, NetKind.ONet, RandomInput(random, 4 * 3 * 48 * 48), 4);
    }

    [Fact]
    public void Original_weights_on_a_real_photo_equal_the_engine()
    {
        var weights = MtcnnWeights.Load(SharedData.ReferenceWeights);
        using var photo = SKBitmap.Decode(SharedData.Multiface);
        // A quarter-size pyramid level of the whole photo, and crops around a known face and a non-face patch.
        int h = photo.Height / 4, w = photo.Width / 4;
        CheckPNet(weights, Resample(photo, new SKRect(0, 0, photo.Width, photo.Height), w, h), h, w);
        SKRect[] boxes = [new(855, 430, 960, 540), new(20, 20, 120, 120), new(300, 100, 420, 230)];
        foreach (var (kind, size) in new[] { (NetKind.RNet, 24), (NetKind.ONet, 48) })
        {
            var batch = boxes.SelectMany(b => Resample(photo, b, size, size)).ToArray();
            CheckStage(weights, kind, batch, boxes.Length);
        }
    }

    [Fact]
    public void Models_carry_their_conventions_and_dynamic_pnet_shape()
    {
        var weights = RandomWeights(3, "nwhc");
        using var pnet = new InferenceSession(MtcnnOnnxExport.Build(weights, NetKind.PNet));
        var meta = pnet.ModelMetadata.CustomMetadataMap;
        Assert.Equal("RGB", meta["mtcnn.channel_order"]);
        Assert.Equal("127.5", meta["mtcnn.pixel_mean"]);
        Assert.Contains("softmax", meta["mtcnn.prob"]);
        Assert.Equal([-1, 3, -1, -1], pnet.InputMetadata["input"].Dimensions);
        using var onet = new InferenceSession(MtcnnOnnxExport.Build(weights, NetKind.ONet));
        Assert.Contains("Transpose", onet.ModelMetadata.CustomMetadataMap["mtcnn.flatten"]);
        Assert.Equal(["prob", "box", "landmarks"], onet.OutputNames);
    }

    [Fact]
    public void WriteAll_writes_three_files_the_runtime_loads()
    {
        using var dir = new TempDir();
        var paths = MtcnnOnnxExport.WriteAll(RandomWeights(4, "nchw"), Path.Combine(dir.Path, "out"));
        Assert.Equal(["pnet.onnx", "rnet.onnx", "onet.onnx"], paths.Select(Path.GetFileName));
        foreach (var path in paths)
        {
            using var session = new InferenceSession(path);
            Assert.Equal("input", Assert.Single(session.InputNames));
        }
    }

    [Fact]
    public void An_exported_model_given_as_weights_is_named_an_onnx_model_even_renamed()
    {
        using var dir = new TempDir();
        var path = dir.Write("weights.bin", MtcnnOnnxExport.Build(RandomWeights(5, "nwhc"), NetKind.ONet));
        var e = Assert.Throws<WeightsFormatException>(() => MtcnnWeights.Load(path));
        Assert.Contains("this is an ONNX model", e.Message);
    }

    private static void CheckPNet(MtcnnWeights weights, float[] input, int h, int w)
    {
        var expected = new CpuNets(weights, threads: 1).RunPNet(input, h, w, parallel: false);
        var outputs = Run(weights, NetKind.PNet, input, [1, 3, h, w]);
        int plane = expected.Height * expected.Width;
        Assert.Equal([1, 2, expected.Height, expected.Width], outputs["prob"].Shape);
        AssertClose(expected.Prob, outputs["prob"].Data.AsSpan(plane, plane).ToArray(), $"PNet prob {h}×{w}");
        AssertClose(expected.Reg, outputs["box"].Data, $"PNet box {h}×{w}");
    }

    private static void CheckStage(MtcnnWeights weights, NetKind kind, float[] batch, int count)
    {
        var nets = new CpuNets(weights, threads: 1);
        int size = kind == NetKind.RNet ? 24 : 48;
        var expected = kind == NetKind.RNet ? nets.RunRNet(batch, count) : nets.RunONet(batch, count);
        var outputs = Run(weights, kind, batch, [count, 3, size, size]);
        var faceProb = Enumerable.Range(0, count).Select(i => outputs["prob"].Data[2 * i + 1]).ToArray();
        AssertClose(expected.Prob, faceProb, $"{kind} prob");
        AssertClose(expected.Reg, outputs["box"].Data, $"{kind} box");
        if (expected.Landmarks is not null) AssertClose(expected.Landmarks, outputs["landmarks"].Data, $"{kind} landmarks");
    }

    private static Dictionary<string, (long[] Shape, float[] Data)> Run(MtcnnWeights weights, NetKind kind, float[] input, long[] shape)
    {
        using var session = new InferenceSession(MtcnnOnnxExport.Build(weights, kind));
        using var value = OrtValue.CreateTensorValueFromMemory(input, shape);
        using var results = session.Run(new RunOptions(), ["input"], [value], session.OutputNames);
        var map = new Dictionary<string, (long[], float[])>();
        for (int i = 0; i < results.Count; i++)
            map[session.OutputNames[i]] = (results[i].GetTensorTypeAndShape().Shape, results[i].GetTensorDataAsSpan<float>().ToArray());
        return map;
    }

    private static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        float worst = 0;
        for (int i = 0; i < expected.Length; i++) worst = MathF.Max(worst, MathF.Abs(expected[i] - actual[i]) / MathF.Max(1f, MathF.Abs(expected[i])));
        TestContext.Current.TestOutputHelper?.WriteLine($"{what}: {expected.Length} values, max error {worst:E2}");
        Assert.True(worst <= Tolerance, $"{what}: ONNX Runtime differs from the engine by {worst:E2} (> {Tolerance:E0}).");
    }

    private static float[] RandomInput(Random random, int count)
    {
        var data = new float[count];
        for (int i = 0; i < count; i++) data[i] = (float)(random.NextDouble() * 2 - 1);
        return data;
    }

    /// <summary>Nearest-neighbour resample of a photo region to a normalised planar RGB input, (x − 127.5)/128.</summary>
    private static float[] Resample(SKBitmap photo, SKRect region, int width, int height)
    {
        var data = new float[3 * width * height];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                int sx = Math.Clamp((int)(region.Left + (x + 0.5f) * region.Width / width), 0, photo.Width - 1);
                int sy = Math.Clamp((int)(region.Top + (y + 0.5f) * region.Height / height), 0, photo.Height - 1);
                var c = photo.GetPixel(sx, sy);
                int i = y * width + x, plane = width * height;
                data[i] = (c.Red - 127.5f) * 0.0078125f;
                data[plane + i] = (c.Green - 127.5f) * 0.0078125f;
                data[2 * plane + i] = (c.Blue - 127.5f) * 0.0078125f;
            }
        return data;
    }

    /// <summary>Random weights of the MTCNN shapes (all heads present), scaled so activations stay of order one.</summary>
    private static MtcnnWeights RandomWeights(int seed, string flatten)
    {
        var random = new Random(seed);
        var tensors = new Dictionary<string, Tensor>();
        foreach (var (name, spec) in NetArchitecture.AllParameters())
        {
            int count = spec.Shape.Aggregate(1, (a, b) => a * b);
            float scale = 1f / MathF.Sqrt(spec.Shape.Length > 1 ? count / spec.Shape[0] : 4);
            var data = new float[count];
            for (int i = 0; i < count; i++)
                data[i] = name.Contains("prelu") ? (float)random.NextDouble() * 0.5f : (float)(random.NextDouble() * 2 - 1) * 2 * scale;
            tensors[name] = new Tensor(spec.Shape, data);
        }
        var metadata = new Dictionary<string, string>
        {
            [WeightsMetadata.Format] = WeightsMetadata.FormatValue,
            [WeightsMetadata.ChannelOrder] = "RGB",
            [WeightsMetadata.PixelMean] = "127.5",
            [WeightsMetadata.PixelScale] = "0.0078125",
            [WeightsMetadata.Flatten] = flatten,
        };
        return new MtcnnWeights(tensors, metadata, $"random:{seed}");
    }
}
