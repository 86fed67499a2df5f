using MtcnnCuda.Trainer.Data;

namespace MtcnnCuda.Trainer.Tests;

public class CalibrationAndSplitTests
{
    [Fact]
    public void Least_squares_fit_recovers_a_known_scale_and_offset()
    {
        var truth = new BoxCalibration { ScaleX = 0.9f, ScaleY = 0.8f, OffsetX = -0.02f, OffsetY = 0.07f };
        var rng = new Random(5);
        var pairs = new List<(FaceBox, FaceBox)>();
        for (int i = 0; i < 200; i++)
        {
            var a = new FaceBox(rng.Next(0, 400), rng.Next(0, 300), rng.Next(20, 150), rng.Next(20, 180));
            var d = truth.Apply(a);
            pairs.Add((a, d with { X = d.X + (float)(rng.NextDouble() - 0.5), Y = d.Y + (float)(rng.NextDouble() - 0.5) }));
        }
        var fit = BoxCalibration.Fit(pairs);
        Assert.Equal(truth.ScaleX, fit.ScaleX, 2);
        Assert.Equal(truth.ScaleY, fit.ScaleY, 2);
        Assert.Equal(truth.OffsetX, fit.OffsetX, 2);
        Assert.Equal(truth.OffsetY, fit.OffsetY, 2);
        Assert.Throws<InvalidOperationException>(() => BoxCalibration.Fit([]));
    }

    [Fact]
    public void Calibration_keeps_the_centre_when_only_scaling()
    {
        var box = new BoxCalibration { ScaleX = 0.5f, ScaleY = 2 }.Apply(new FaceBox(10, 20, 40, 30));
        Assert.Equal(new FaceBox(20, 5, 20, 60), box);
        Assert.Same(Identity.Image, BoxCalibration.Identity.Apply(Identity.Image));
    }

    [Fact]
    public void Committed_calibration_covers_every_training_source_with_plausible_transforms()
    {
        var file = CalibrationFile.Load(CalibrationFile.DefaultPath);
        // The landmark crops show head and shoulders: the original weights' box is about half of them.
        foreach (var (name, minScale) in new[] { (DataSplits.Fddb, 0.6f), (DataSplits.FaceMask, 0.6f), (DataSplits.Net7876, 0.6f), (DataSplits.Landmarks, 0.35f) })
        {
            var source = file.Sources[name];
            Assert.InRange(source.Transform.ScaleX, minScale, 1.6f);
            Assert.InRange(source.Transform.ScaleY, minScale, 1.6f);
            Assert.InRange(MathF.Abs(source.Transform.OffsetX) + MathF.Abs(source.Transform.OffsetY), 0, 0.3f);
            Assert.True(source.MatchedPairs >= 100, $"{name}: only {source.MatchedPairs} pairs");
            // The fit must bring annotations closer to what the original weights output.
            Assert.True(source.MeanIoUCalibrated > source.MeanIoURaw, $"{name}: IoU {source.MeanIoURaw} → {source.MeanIoUCalibrated}");
        }
        Assert.Contains("calibrate", file.Command);
    }

    [Fact]
    public void Fitting_on_a_few_net7876_images_lands_near_the_committed_calibration()
    {
        SharedData.Require("net-7876/train.txt");
        var weights = MtcnnCuda.Weights.MtcnnWeights.Load(SharedData.ReferenceWeights);
        var source = new DataSplits(SharedData.Root!).Net7876List("train.txt");
        var fitted = new CalibrationFitter(weights).Fit(source, maxImages: 24);
        var committed = CalibrationFile.Load(CalibrationFile.DefaultPath).For(DataSplits.Net7876);
        Assert.Equal(24, fitted.Images);
        Assert.True(fitted.MatchedPairs >= 20, $"{fitted.MatchedPairs} pairs");
        Assert.Equal(committed.ScaleX, fitted.Transform.ScaleX, 0.1f);
        Assert.Equal(committed.ScaleY, fitted.Transform.ScaleY, 0.1f);
        Assert.Equal(committed.OffsetY, fitted.Transform.OffsetY, 0.05f);
        Assert.True(fitted.MeanIoUCalibrated > fitted.MeanIoURaw);
    }

    [Fact]
    public void Nothing_evaluated_is_trained_on()
    {
        SharedData.Require("fddb/FDDB-folds/FDDB-fold-08-ellipseList.txt");
        SharedData.Require("landmarks-5pt/test.txt");
        var splits = new DataSplits(SharedData.Root!);
        var training = splits.TrainingIdentities().ToHashSet();
        var evaluation = splits.EvaluationIdentities().ToList();
        // 1,701 FDDB + 853 face-mask + 5,849 net-7876 (the landmark set's net_7876 crops are the same photos) + 4,151 LFW.
        Assert.True(training.Count > 12_000, $"{training.Count} training images");
        Assert.True(evaluation.Count > 5_000, $"{evaluation.Count} evaluation images");
        var overlap = evaluation.Where(training.Contains).Take(5).ToList();
        Assert.True(overlap.Count == 0, $"evaluated and trained on: {string.Join(", ", overlap)}");
    }

    [Fact]
    public void Identities_tie_the_landmark_crops_to_their_net7876_photos()
    {
        Assert.Equal(DataSplits.Identity("landmarks-5pt", "net_7876/12_3_0.jpg"), DataSplits.Identity(DataSplits.Net7876, "images/12_3_0.jpg"));
        Assert.NotEqual(DataSplits.Identity("landmarks-5pt", "AFLW/12_3_0.jpg"), DataSplits.Identity(DataSplits.Net7876, "images/12_3_0.jpg"));
        Assert.Equal("fddb/originalPics/2002/08/11/big/img_591.jpg", DataSplits.Identity(DataSplits.Fddb, "originalPics/2002/08/11/big/img_591.jpg"));
    }

    [Fact]
    public void Incomplete_sources_give_no_negatives()
    {
        using var data = new SyntheticFaces(images: 4, landmarkFaces: 0);
        string Prepare(bool complete)
        {
            string output = Path.Combine(data.Root, $"out-{complete}");
            var source = new DetectionSource("synthetic", data.Root, data.Images, complete);
            var index = DataPreparation.Prepare(new PrepareSettings { Stage = MtcnnCuda.Weights.NetKind.PNet, OutputDirectory = output, DetectionSources = [source] });
            return $"{index.Counts["negative"]}/{index.Counts["positive"] + index.Counts["part"]}";
        }
        var complete = Prepare(true).Split('/').Select(long.Parse).ToArray();
        var incomplete = Prepare(false).Split('/').Select(long.Parse).ToArray();
        Assert.True(complete[0] > 0);
        Assert.Equal(0, incomplete[0]);
        Assert.True(incomplete[1] > 0);
    }

    [Fact]
    public void Landmark_targets_are_relative_to_the_calibrated_box()
    {
        using var data = new SyntheticFaces(images: 0, landmarkFaces: 1);
        float[] FirstLandmarks(BoxCalibration calibration)
        {
            string output = Path.Combine(data.Root, $"out-{calibration.ScaleX}");
            DataPreparation.Prepare(new PrepareSettings
            {
                Stage = MtcnnCuda.Weights.NetKind.ONet, OutputDirectory = output, LandmarkList = data.LandmarkList, LandmarkCalibration = calibration,
            });
            using var set = new ShardSet(output);
            var marks = new float[10];
            set.FillBatch([0], new float[3 * 48 * 48], new float[1], new float[4], marks);
            return marks;
        }
        var plain = FirstLandmarks(BoxCalibration.Identity);
        var half = FirstLandmarks(new BoxCalibration { ScaleX = 0.5f, ScaleY = 0.5f });
        // The first sample of a face is its box itself: halving the box about its centre doubles each point's distance from it.
        for (int k = 0; k < 10; k++) Assert.Equal(0.5f + 2 * (plain[k] - 0.5f), half[k], 0.03f);
    }

    private static class Identity
    {
        public static readonly AnnotatedImage Image = new("a.jpg", [new FaceBox(1, 2, 3, 4)]);
    }
}
