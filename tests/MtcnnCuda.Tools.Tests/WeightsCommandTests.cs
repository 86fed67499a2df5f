using System.CommandLine;
using System.Text.Json;
using MtcnnCuda.TestSupport;
using MtcnnCuda.Weights;

namespace MtcnnCuda.Tools.Tests;

/// <summary>`mtcnn weights info` and `mtcnn weights export-onnx` through the real parser.</summary>
public class WeightsCommandTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly string _weights;

    public WeightsCommandTests() => _weights = SyntheticWeights.WriteAlwaysFace(_dir);

    public void Dispose() => _dir.Dispose();

    private static Cli.Result Run(params string[] args)
    {
        var root = new RootCommand("mtcnn (test)");
        root.Subcommands.Add(WeightsCommand.Create());
        var output = new StringWriter();
        var error = new StringWriter();
        int code = root.Parse(["weights", .. args]).Invoke(new InvocationConfiguration { Output = output, Error = error });
        TestContext.Current.TestOutputHelper?.WriteLine($"exit {code}\n--- stdout\n{output}--- stderr\n{error}");
        return new Cli.Result(code, output.ToString(), error.ToString());
    }

    [Fact]
    public void Info_lists_tensors_hashes_and_says_verified()
    {
        var result = Run("info", _weights);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Verified:    yes", result.Out);
        var loaded = MtcnnWeights.Load(_weights);
        Assert.Contains($"onet.dense5.weight    [256, 1152]      F32      1179648  {loaded.Sha256["onet.dense5.weight"]}", result.Out);
        Assert.Contains("format = mtcnn-cuda-weights", result.Out);
        Assert.Contains("Conventions: RGB input", result.Out);
    }

    [Fact]
    public void Info_json_has_every_tensor_and_the_verification()
    {
        var result = Run("info", _weights, "--json");
        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Out);
        var root = doc.RootElement;
        Assert.True(root.GetProperty("verified").GetBoolean());
        Assert.True(root.GetProperty("mtcnn_valid").GetBoolean());
        Assert.Equal("nwhc", root.GetProperty("conventions").GetProperty("flatten").GetString());
        var tensors = root.GetProperty("tensors").EnumerateArray().ToList();
        Assert.Equal(MtcnnWeights.Load(_weights).Tensors.Count, tensors.Count);
        var conv = tensors.Single(t => t.GetProperty("name").GetString() == "rnet.conv2.weight");
        Assert.Equal([48, 28, 3, 3], conv.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        Assert.Equal(48 * 28 * 9 * 4, conv.GetProperty("bytes").GetInt64());
        Assert.Equal(64, conv.GetProperty("sha256").GetString()!.Length);
    }

    [Fact]
    public void Info_on_the_original_release_says_unverified()
    {
        var result = Run("info", SharedData.ReferenceWeights);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Verified:    no", result.Out);
        Assert.Contains("facenet-pytorch", result.Out);
    }

    [Fact]
    public void Info_rejects_a_corrupted_tensor_naming_it()
    {
        var bytes = File.ReadAllBytes(_weights);
        bytes[^5] ^= 0x10; // last tensor in name order: rnet.prelu4.weight
        var path = _dir.Write("corrupt.safetensors", bytes);
        var result = Run("info", path);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("tensor 'rnet.prelu4.weight'", result.Err);
        Assert.Contains("SHA-256", result.Err);
    }

    [Fact]
    public void Info_on_a_stage_checkpoint_lists_it_but_says_it_is_not_MTCNN()
    {
        var path = _dir.File("pnet-only.safetensors");
        SafeTensorsFile.Write(path, [new("pnet.conv1.bias", new Tensor([10], new float[10]))], new Dictionary<string, string> { ["stage"] = "pnet" });
        var result = Run("info", path);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not loadable as MTCNN weights", result.Out);
        Assert.Contains("pnet.conv1.bias", result.Out);
    }

    [Fact]
    public void Info_on_a_pytorch_file_says_what_it_is()
    {
        var path = _dir.Write("pnet.pt", [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8]);
        var result = Run("info", path);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("this is a PyTorch file", result.Err);
    }

    [Fact]
    public void Export_onnx_writes_three_models()
    {
        var result = Run("export-onnx", _weights, "--out", _dir.File("onnx"));
        Assert.Equal(0, result.ExitCode);
        foreach (var name in new[] { "pnet.onnx", "rnet.onnx", "onet.onnx" })
        {
            Assert.Contains(name, result.Out);
            Assert.True(new FileInfo(Path.Combine(_dir.Path, "onnx", name)).Length > 1000);
        }
    }

    [Fact]
    public void Export_onnx_needs_out_and_an_existing_parent()
    {
        Assert.Contains("--out", Run("export-onnx", _weights).Err);
        var missing = Path.Combine(_dir.Path, "no-such", "onnx");
        var result = Run("export-onnx", _weights, "--out", missing);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"'{Path.Combine(_dir.Path, "no-such")}' does not exist", result.Err);
        Assert.False(Directory.Exists(missing));
    }
}
