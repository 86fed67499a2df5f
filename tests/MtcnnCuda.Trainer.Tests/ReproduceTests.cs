using MtcnnCuda.Trainer.Data;
using MtcnnCuda.Trainer.Training;
using MtcnnCuda.Weights;

namespace MtcnnCuda.Trainer.Tests;

public class ReproduceTests
{
    [Fact]
    public void A_tiny_reproduction_publishes_its_stage_resumes_without_redoing_work_refuses_other_options_and_continues_from_published_stages()
    {
        SharedData.Require("fddb/FDDB-folds/FDDB-fold-06-ellipseList.txt");
        SharedData.Require("landmarks-5pt/train.txt");
        string root = Path.Combine(Path.GetTempPath(), $"mtcnn-reproduce-{Guid.NewGuid():N}");
        try
        {
            var settings = new ReproduceSettings
            {
                DataRoot = SharedData.Root!, WorkDirectory = Path.Combine(root, "work"), PublishDirectory = Path.Combine(root, "published"),
                CalibrationFile = CalibrationFile.DefaultPath, Until = NetKind.PNet, Epochs = [1, 1, 1], LearningRateSteps = [5],
                MaxStepsPerEpoch = 2, MaxImagesPerSource = 2, MaxLandmarkFaces = 5, BatchSizes = [64, 64, 64],
            };
            Assert.Null(ReproducePipeline.Run(settings));
            foreach (var file in new[] { "pnet.safetensors", "pnet-metrics.csv", "pnet-metrics.png", "pnet-samples.json", "manifest.json", "options.json" })
                Assert.True(File.Exists(Path.Combine(settings.PublishDirectory, file)), $"{file} was not published");
            Assert.Contains("fddb/FDDB-folds/FDDB-fold-01-ellipseList.txt", File.ReadAllText(Path.Combine(settings.PublishDirectory, "manifest.json")));

            // A second run finds the stage finished: nothing is prepared or trained again.
            string shard = Directory.GetFiles(Path.Combine(settings.WorkDirectory, "pnet-data"), "shard-*.bin")[0];
            var stamp = File.GetLastWriteTimeUtc(shard);
            var checkpoint = File.GetLastWriteTimeUtc(Path.Combine(settings.WorkDirectory, "pnet", "pnet.safetensors"));
            var log = new List<string>();
            ReproducePipeline.Run(settings, new TrainPipeline.Reporters(null, null, log.Add));
            Assert.Equal(stamp, File.GetLastWriteTimeUtc(shard));
            Assert.Equal(checkpoint, File.GetLastWriteTimeUtc(Path.Combine(settings.WorkDirectory, "pnet", "pnet.safetensors")));
            Assert.Contains(log, l => l.Contains("PNet: finished"));

            var e = Assert.Throws<InvalidOperationException>(() => ReproducePipeline.Run(settings with { Seed = 2 }));
            Assert.Contains("other options", e.Message);

            // Another machine without the work folder goes on from the published stage.
            Directory.Delete(settings.WorkDirectory, recursive: true);
            log.Clear();
            ReproducePipeline.Run(settings, new TrainPipeline.Reporters(null, null, log.Add));
            Assert.Contains(log, l => l.Contains("taking the published stage"));
            Assert.False(Directory.Exists(Path.Combine(settings.WorkDirectory, "pnet-data")));
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }
}
