using MtcnnCuda.Weights;

namespace MtcnnCuda.Tests.WeightsFile;

/// <summary>The models built into the engine from models/*.safetensors.</summary>
public class EmbeddedModelsTests
{
    [Fact]
    public void The_default_model_is_embedded_and_named_original()
    {
        Assert.Equal("original", EmbeddedModels.DefaultName);
        Assert.Contains("original", EmbeddedModels.Names);
        Assert.True(MtcnnWeights.HasEmbeddedDefault);
    }

    [Fact]
    public void The_original_model_carries_full_metadata_and_its_licence()
    {
        var weights = EmbeddedModels.Load("original");
        Assert.Equal("embedded:original", weights.Source);
        Assert.Equal(WeightsMetadata.FormatValue, weights.Metadata[WeightsMetadata.Format]);
        Assert.Equal("RGB", weights.Metadata[WeightsMetadata.ChannelOrder]);
        Assert.Equal("nwhc", weights.Metadata[WeightsMetadata.Flatten]);
        Assert.Contains("facenet-pytorch", weights.Metadata[WeightsMetadata.Provenance]);
        Assert.Contains("Zhang", weights.Metadata[WeightsMetadata.Provenance]);
        Assert.Contains("MIT", weights.Metadata["licence"]);
        Assert.Equal("original", weights.Metadata["name"]);
    }

    [Fact]
    public void The_original_model_holds_exactly_the_reference_weights()
    {
        var reference = MtcnnWeights.Load(SharedData.ReferenceWeights);
        var embedded = EmbeddedModels.Load("original");
        Assert.Equal(reference.Tensors.Keys.Order(), embedded.Tensors.Keys.Order());
        foreach (var (name, tensor) in reference.Tensors)
        {
            Assert.Equal(tensor.Shape, embedded.Tensors[name].Shape);
            Assert.True(tensor.Data.AsSpan().SequenceEqual(embedded.Tensors[name].Data), $"{name} differs");
        }
    }

    [Fact]
    public void The_own_model_is_embedded_with_its_provenance_but_is_not_the_default()
    {
        Assert.Contains("own", EmbeddedModels.Names);
        var weights = EmbeddedModels.Load("own");
        Assert.Equal("own", weights.Metadata["name"]);
        Assert.Contains("mtcnn-train reproduce", weights.Metadata[WeightsMetadata.Provenance]);
        Assert.Contains("FDDB folds 01-06", weights.Metadata[WeightsMetadata.TrainingData]);
        Assert.Contains("models/own/README.md", weights.Metadata["licence"]);
        Assert.Equal(FlattenOrder.Nwhc, weights.Flatten);
        Assert.NotEqual("own", EmbeddedModels.DefaultName); // issue 10's ship rule: it did not match the original (models/own/README.md)
    }

    /// <summary>models/own.safetensors is exactly the three stage checkpoints published in models/own/ (what reproduce resumes from).</summary>
    [Fact]
    public void The_own_model_holds_exactly_its_published_stage_checkpoints()
    {
        var embedded = EmbeddedModels.Load("own");
        foreach (var stage in new[] { "pnet", "rnet", "onet" })
        {
            var checkpoint = SafeTensorsFile.Read(Repository.PathOf("models", "own", stage + ".safetensors")).Tensors
                .Where(t => t.Key.StartsWith(stage + ".", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(checkpoint);
            Assert.Equal(checkpoint.Select(t => t.Key).Order(), embedded.Tensors.Keys.Where(k => k.StartsWith(stage + ".", StringComparison.Ordinal)).Order());
            foreach (var (name, tensor) in checkpoint)
            {
                Assert.Equal(tensor.Shape, embedded.Tensors[name].Shape);
                Assert.True(tensor.Data.AsSpan().SequenceEqual(embedded.Tensors[name].Data), $"{name} differs from models/own/{stage}.safetensors");
            }
        }
    }

    [Fact]
    public void An_unknown_name_is_rejected_with_the_names_that_exist()
    {
        var e = Assert.Throws<ArgumentException>(() => EmbeddedModels.Load("nope"));
        Assert.Contains("'nope'", e.Message);
        Assert.Contains("original", e.Message);
        Assert.Throws<ArgumentException>(() => FaceDetector.CreateEmbedded("nope"));
    }

    [Fact]
    public void CreateDefault_and_CreateEmbedded_find_the_same_faces()
    {
        // Random pixels: whatever the cascade lets through, both ways of creating the detector must agree.
        var pixels = new byte[96 * 80 * 3];
        new Random(5).NextBytes(pixels);
        var image = new ImageData(pixels, 96, 80, PixelFormat.Rgb24);
        using var byDefault = FaceDetector.CreateDefault(DetectorOptions.Default with { Backend = Backend.Cpu });
        using var byName = FaceDetector.CreateEmbedded("original", DetectorOptions.Default with { Backend = Backend.Cpu });
        Assert.Equal("embedded:original", byDefault.Weights.Source);
        Assert.Equal(byDefault.Detect(image), byName.Detect(image));
    }
}
