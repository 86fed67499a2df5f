using MtcnnCuda.Trainer.Data;
using MtcnnCuda.Trainer.Nets;
using MtcnnCuda.Trainer.Training;
using MtcnnCuda.Weights;

namespace MtcnnCuda.Trainer.Tests;

public class ReproducibilityTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Same_seed_gives_the_same_weights_and_another_seed_does_not(bool channelsLast)
    {
        using var data = new SyntheticFaces(images: 4, landmarkFaces: 4);
        string dir = Path.Combine(data.Root, "pnet-data");
        DataPreparation.Prepare(new PrepareSettings
        {
            Stage = NetKind.PNet, OutputDirectory = dir, DetectionAnnotations = data.Annotations, LandmarkList = data.LandmarkList,
        });
        float[][] Train(string name, int seed)
        {
            var settings = new TrainSettings
            {
                Stage = NetKind.PNet, DataDirectory = dir, OutputDirectory = Path.Combine(data.Root, name), Epochs = 2, BatchSize = 32,
                MaxStepsPerEpoch = 4, Threads = 1, Seed = seed, ChannelsLast = channelsLast,
            };
            new StageTrainer(settings).Train();
            var (net, _) = Checkpoint.Load(Checkpoint.NetPath(settings.OutputDirectory, NetKind.PNet), NetKind.PNet);
            using (net) return WeightsBridge.Parameters(net).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value.Data).ToArray();
        }
        var first = Train("a", seed: 5);
        var again = Train("b", seed: 5);
        var other = Train("c", seed: 6);
        Assert.Equal(first.Length, again.Length);
        for (int i = 0; i < first.Length; i++) Assert.Equal(first[i], again[i]);
        Assert.Contains(Enumerable.Range(0, first.Length), i => !first[i].SequenceEqual(other[i]));
    }
}
