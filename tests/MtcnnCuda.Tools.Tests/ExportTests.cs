using System.CommandLine;
using MtcnnCuda.Weights;

namespace MtcnnCuda.Tools.Tests;

/// <summary><c>mtcnn export</c>: stage checkpoints or a whole file into one weights file, without TorchSharp.</summary>
public class ExportTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static int Export(params string[] args)
    {
        var root = new RootCommand("mtcnn (test)");
        root.Subcommands.Add(ExportCommand.Create());
        return root.Parse(["export", .. args]).Invoke(new InvocationConfiguration { Output = TextWriter.Null, Error = TextWriter.Null });
    }

    /// <summary>Seeded weights with every tensor distinct, so a mixed-up tensor would be noticed.</summary>
    private static MtcnnWeights Seeded(int seed)
    {
        var random = new Random(seed);
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, spec) in NetArchitecture.AllParameters())
        {
            if (spec.Optional) continue;
            var data = new float[spec.Shape.Aggregate(1, (a, b) => a * b)];
            for (int i = 0; i < data.Length; i++) data[i] = random.NextSingle() - 0.5f;
            tensors[name] = new Tensor(spec.Shape, data);
        }
        return new MtcnnWeights(tensors, new Dictionary<string, string>(), $"<seed {seed}>");
    }

    /// <summary>A stage checkpoint as the trainer writes it: that net's tensors only, stage and flatten metadata.</summary>
    private string WriteStage(MtcnnWeights weights, string stage)
    {
        var path = _dir.File($"{stage}.safetensors");
        var tensors = weights.Tensors.Where(t => t.Key.StartsWith(stage + ".", StringComparison.Ordinal));
        SafeTensorsFile.Write(path, tensors, new Dictionary<string, string> { ["stage"] = stage, ["epoch"] = "3", ["flatten"] = "nwhc" });
        return path;
    }

    [Fact]
    public void Format_onnx_writes_the_three_nets_as_onnx_models_of_the_given_weights()
    {
        var weights = Seeded(3);
        var source = _dir.File("whole.safetensors");
        weights.Save(source);
        var folder = _dir.File("onnx");

        Assert.Equal(0, Export("--from", source, "--format", "onnx", "--out", folder));

        foreach (var (name, kind) in new[] { ("pnet.onnx", NetKind.PNet), ("rnet.onnx", NetKind.RNet), ("onet.onnx", NetKind.ONet) })
            Assert.Equal(Onnx.MtcnnOnnxExport.Build(WeightsExport.FromFile(source, WeightsExport.ParsePairs([])), kind), File.ReadAllBytes(Path.Combine(folder, name)));
        Assert.NotEqual(0, Export("--from", source, "--format", "tflite", "--out", folder));
        Assert.NotEqual(0, Export("--from", source, "--format", "onnx", "--out", source));   // a file, not a folder
    }

    [Fact]
    public void Three_stage_checkpoints_become_one_file_with_the_trainers_conventions()
    {
        var weights = Seeded(1);
        var output = _dir.File("combined.safetensors");
        int code = Export("--pnet", WriteStage(weights, "pnet"), "--rnet", WriteStage(weights, "rnet"), "--onet", WriteStage(weights, "onet"),
            "--out", output, "--training-data", "FDDB folds 01-06", "--meta", "name=own");

        Assert.Equal(0, code);
        var combined = MtcnnWeights.Load(output);
        Assert.Equal(weights.Tensors.Keys.Order(), combined.Tensors.Keys.Order());
        foreach (var (name, tensor) in weights.Tensors) Assert.Equal(tensor.Data, combined.Tensors[name].Data);
        Assert.Equal(("RGB", FlattenOrder.Nwhc, 127.5f, 0.0078125f), (combined.ChannelOrder, combined.Flatten, combined.PixelMean, combined.PixelScale));
        Assert.Equal("FDDB folds 01-06", combined.Metadata[WeightsMetadata.TrainingData]);
        Assert.Equal("MtcnnCuda trainer", combined.Metadata[WeightsMetadata.Provenance]);
        Assert.Equal("own", combined.Metadata["name"]);
    }

    [Fact]
    public void A_whole_file_is_re_saved_with_its_tensors_and_extra_metadata()
    {
        var source = _dir.File("source.safetensors");
        Seeded(2).Save(source);
        var output = _dir.File("out.safetensors");

        Assert.Equal(0, Export("--from", source, "--out", output, "--provenance", "test", "--meta", "licence=MIT"));
        var saved = MtcnnWeights.Load(output);
        var original = MtcnnWeights.Load(source);
        foreach (var (name, tensor) in original.Tensors) Assert.Equal(tensor.Data, saved.Tensors[name].Data);
        Assert.Equal("test", saved.Metadata[WeightsMetadata.Provenance]);
        Assert.Equal("MIT", saved.Metadata["licence"]);
        Assert.Equal(WeightsMetadata.FormatValue, saved.Metadata[WeightsMetadata.Format]);
    }

    [Fact]
    public void A_checkpoint_of_the_wrong_stage_is_rejected()
    {
        var weights = Seeded(3);
        string pnet = WriteStage(weights, "pnet");
        var output = _dir.File("bad.safetensors");
        Assert.NotEqual(0, Export("--pnet", pnet, "--rnet", pnet, "--onet", WriteStage(weights, "onet"), "--out", output));
        Assert.False(File.Exists(output));
        Assert.Contains("holds no RNet tensors",
            Assert.Throws<WeightsFormatException>(() => WeightsExport.FromStages(pnet, pnet, pnet, new Dictionary<string, string>())).Message);
    }

    [Fact]
    public void Source_options_must_be_either_from_or_all_three_stages()
    {
        var source = _dir.File("source.safetensors");
        Seeded(4).Save(source);
        var output = _dir.File("out.safetensors");
        Assert.Equal(2, Export("--from", source, "--pnet", source, "--out", output));
        Assert.Equal(2, Export("--pnet", source, "--out", output));
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Metadata_cannot_override_the_input_conventions()
    {
        var e = Assert.Throws<ArgumentException>(() => WeightsExport.ParsePairs(["channel_order=BGR"]));
        Assert.Contains("channel_order", e.Message);
        Assert.Throws<ArgumentException>(() => WeightsExport.ParsePairs(["no-equals-sign"]));
        Assert.Equal("a=b", WeightsExport.ParsePairs(["k=a=b"])["k"]);
    }
}
