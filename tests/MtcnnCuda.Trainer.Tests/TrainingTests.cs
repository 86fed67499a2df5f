using MtcnnCuda.Trainer.Data;
using MtcnnCuda.Trainer.Training;
using MtcnnCuda.Weights;
using static TorchSharp.torch;

namespace MtcnnCuda.Trainer.Tests;

public class TrainingTests
{
    [Fact]
    public void OHEM_classification_loss_keeps_the_hardest_70_percent()
    {
        using var scope = NewDisposeScope();
        // Ten pos/neg samples with known cross-entropies; landmark and part rows must not enter the class loss.
        var logits = zeros(12, 2);
        var labels = tensor(new float[] { 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, -1, -2 });
        var margins = new float[] { 0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 0 };
        for (int i = 0; i < 12; i++) logits[i, labels[i].item<float>() == 1 ? 1 : 0] = tensor(margins[i]);
        var loss = new MultiTaskLoss(NetKind.PNet);
        var parts = loss.Compute(logits, zeros(12, 4), zeros(12, 10), labels, zeros(12, 4), zeros(12, 10));
        // CE of a sample with margin m: log(1 + e^−m); the 7 hardest are m = 0, 0, 1, 1, 2, 2, 3.
        double expected = new[] { 0, 0, 1, 1, 2, 2, 3 }.Select(m => Math.Log(1 + Math.Exp(-m))).Average();
        Assert.Equal(expected, parts.Class.item<float>(), 4);
        Assert.Equal(0, parts.Box.item<float>());
        Assert.Equal(0, parts.Landmark.item<float>());
    }

    [Fact]
    public void Box_and_landmark_losses_use_only_their_samples_and_task_weights()
    {
        using var scope = NewDisposeScope();
        var labels = tensor(new float[] { 1, -1, 0, -2 });
        var box = ones(4, 4);
        var marks = ones(4, 10);
        var onet = new MultiTaskLoss(NetKind.ONet).Compute(zeros(4, 2), box, marks, labels, zeros(4, 4), zeros(4, 10));
        Assert.Equal(4f, onet.Box.item<float>(), 5);       // rows 0 and 1: sum of four squared errors of 1
        Assert.Equal(10f, onet.Landmark.item<float>(), 5); // row 3 only
        Assert.Equal(onet.Class.item<float>() + 0.5f * 4f + 1f * 10f, onet.Total.item<float>(), 4);
        var rnet = new MultiTaskLoss(NetKind.RNet).Compute(zeros(4, 2), box, marks, labels, zeros(4, 4), zeros(4, 10));
        Assert.Equal(rnet.Class.item<float>() + 0.5f * 4f + 0.5f * 10f, rnet.Total.item<float>(), 4);
    }

    [Fact]
    public void Batches_follow_the_3_1_1_2_label_mix()
    {
        using var data = new SyntheticFaces(images: 3, landmarkFaces: 4);
        string dir = Path.Combine(data.Root, "pnet-data");
        DataPreparation.Prepare(new PrepareSettings
        {
            Stage = NetKind.PNet, OutputDirectory = dir, DetectionAnnotations = data.Annotations, LandmarkList = data.LandmarkList,
        });
        using var set = new ShardSet(dir);
        var sampler = new BatchSampler(set, 70, seed: 1);
        Assert.Equal(70, sampler.BatchSize);
        Assert.Equal(30, sampler.PerBatch[SampleLabel.Negative]);
        Assert.Equal(10, sampler.PerBatch[SampleLabel.Positive]);
        Assert.Equal(10, sampler.PerBatch[SampleLabel.Part]);
        Assert.Equal(20, sampler.PerBatch[SampleLabel.Landmark]);
        var batch = sampler.NextBatch();
        Assert.Equal(30, batch.Count(i => set.LabelOf(i) == SampleLabel.Negative));
        Assert.Equal(20, batch.Count(i => set.LabelOf(i) == SampleLabel.Landmark));
        Assert.DoesNotContain(batch, i => sampler.Validation.Contains(i));
    }

    [Fact]
    public void PNet_learns_synthetic_faces_and_resumes_from_its_checkpoint()
    {
        using var data = new SyntheticFaces(images: 10, landmarkFaces: 8);
        string dir = Path.Combine(data.Root, "pnet-data"), output = Path.Combine(data.Root, "pnet");
        DataPreparation.Prepare(new PrepareSettings
        {
            Stage = NetKind.PNet, OutputDirectory = dir, DetectionAnnotations = data.Annotations, LandmarkList = data.LandmarkList,
        });
        var settings = new TrainSettings
        {
            Stage = NetKind.PNet, DataDirectory = dir, OutputDirectory = output, Epochs = 3, BatchSize = 64, MaxStepsPerEpoch = 25,
            LearningRate = 3e-3, LearningRateSteps = [2], ValidationFraction = 0.2, Threads = 1,
        };
        var history = new StageTrainer(settings).Train();
        Assert.Equal([1, 2, 3], history.Select(h => h.Epoch));
        Assert.True(history[^1].TrainLoss < history[0].TrainLoss, $"loss {history[0].TrainLoss} → {history[^1].TrainLoss}");
        Assert.True(history[^1].ValAccuracy > 0.8, $"validation accuracy {history[^1].ValAccuracy}");
        Assert.Equal(3e-4, history[^1].LearningRate, 8);
        Assert.True(File.Exists(Checkpoint.EpochPath(output, NetKind.PNet, 3)));
        Assert.Equal(4, File.ReadAllLines(Path.Combine(output, "pnet-metrics.csv")).Length);
        Assert.True(new FileInfo(Path.Combine(output, "pnet-metrics.png")).Length > 1000);

        // Resume: one more epoch starts from the saved net and keeps the earlier rows.
        var resumed = new StageTrainer(settings with { Epochs = 4, Resume = true }).Train();
        Assert.Equal([1, 2, 3, 4], resumed.Select(h => h.Epoch));
        Assert.Equal(history[2].ValLoss, resumed[2].ValLoss, 5);
        Assert.True(resumed[3].ValAccuracy > 0.8);
        Assert.Equal(4, Checkpoint.Load(Checkpoint.NetPath(output, NetKind.PNet), NetKind.PNet).Epoch);
    }

    [Fact]
    public void Whole_pipeline_on_synthetic_data_exports_weights_the_engine_runs()
    {
        using var data = new SyntheticFaces(images: 6, landmarkFaces: 4);
        var settings = new PipelineSettings
        {
            WorkDirectory = Path.Combine(data.Root, "work"), DetectionAnnotations = data.Annotations, LandmarkList = data.LandmarkList,
            Epochs = 1, MaxStepsPerEpoch = 4, Threads = 1, MiningMaxCandidates = 60,
            MiningOptions = PipelineSettings.DefaultMiningOptions with { MinFaceSize = 28 },
        };
        var weights = TrainPipeline.Run(settings);
        var loaded = MtcnnWeights.Load(settings.OutputWeights);
        Assert.Equal("RGB", loaded.ChannelOrder);
        Assert.Equal(FlattenOrder.Nwhc, loaded.Flatten);
        Assert.True(loaded.HasPNetLandmarks && loaded.HasRNetLandmarks);
        Assert.Contains("wider_gt.txt", loaded.Metadata[WeightsMetadata.TrainingData]);
        foreach (var (name, tensor) in weights.Tensors) Assert.Equal(tensor.Data, loaded[name].Data);
        foreach (var stage in new[] { "pnet", "rnet", "onet" })
        {
            Assert.True(File.Exists(Path.Combine(settings.WorkDirectory, stage, $"{stage}.safetensors")));
            Assert.True(ShardIndex.Load(Path.Combine(settings.WorkDirectory, $"{stage}-data")).Total > 0);
        }
        using var detector = FaceDetector.Create(loaded);
        var image = ImageLoader.Load(Path.Combine(data.Root, data.Images[0].Path));
        int plane = image.Width * image.Height;
        var rgb = new byte[3 * plane];
        for (int i = 0; i < plane; i++)
            for (int c = 0; c < 3; c++) rgb[3 * i + c] = (byte)image.Data[c * plane + i];
        // Barely trained nets: what matters here is that the engine accepts and runs them end to end.
        var faces = detector.Detect(new ImageData(rgb, image.Width, image.Height, PixelFormat.Rgb24));
        Assert.All(faces, f => Assert.InRange(f.Confidence, 0f, 1f));
    }
}
