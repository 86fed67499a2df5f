using MtcnnCuda.Cascade;
using MtcnnCuda.Cpu;
using MtcnnCuda.Trainer.Nets;
using MtcnnCuda.Weights;
using static TorchSharp.torch;

namespace MtcnnCuda.Trainer.Tests;

/// <summary>
/// The TorchSharp nets and the engine's CPU nets must compute the same function from the same weights file:
/// this pins down layer order, PReLU, ceil-mode pooling and the nwhc flatten on both sides.
/// </summary>
public class EngineEquivalenceTests
{
    /// <summary>Randomly initialised nets (with landmark heads), exported through the engine's weights type.</summary>
    internal static (MtcnnWeights Weights, PNet P, RNet R, ONet O) RandomNets(int seed)
    {
        manual_seed(seed);
        var p = new PNet();
        var r = new RNet();
        var o = new ONet();
        var weights = WeightsBridge.Export(p, r, o, "random initialisation (test)", "none");
        return (weights, p, r, o);
    }

    [Fact]
    public void Random_weights_PNet_matches_engine_on_random_input()
    {
        var (weights, p, _, _) = RandomNets(1);
        var cpu = new CpuNets(weights, threads: 1);
        const int h = 37, w = 52;
        var input = NetRunner.RandomInput(3 * h * w, 11);
        var expected = cpu.RunPNet(input, h, w);
        var (prob, box, marks) = NetRunner.Run(p, input, 1, h, w);
        NetRunner.AssertClose(expected.Prob, prob, "pnet prob");
        NetRunner.AssertClose(expected.Reg, box, "pnet box");
        Assert.NotNull(marks);
        Assert.Equal(10 * expected.Height * expected.Width, marks!.Length);
    }

    [Fact]
    public void Random_weights_RNet_and_ONet_match_engine_on_random_input()
    {
        var (weights, _, r, o) = RandomNets(2);
        var cpu = new CpuNets(weights, threads: 1);
        var rin = NetRunner.RandomInput(7 * 3 * 24 * 24, 21);
        var rexp = cpu.RunRNet(rin, 7);
        var (rprob, rbox, rmarks) = NetRunner.Run(r, rin, 7, 24, 24);
        NetRunner.AssertClose(rexp.Prob, rprob, "rnet prob");
        NetRunner.AssertClose(rexp.Reg, rbox, "rnet box");
        NetRunner.AssertClose(rexp.Landmarks!, rmarks!, "rnet landmarks");

        var oin = NetRunner.RandomInput(5 * 3 * 48 * 48, 31);
        var oexp = cpu.RunONet(oin, 5);
        var (oprob, obox, omarks) = NetRunner.Run(o, oin, 5, 48, 48);
        NetRunner.AssertClose(oexp.Prob, oprob, "onet prob");
        NetRunner.AssertClose(oexp.Reg, obox, "onet box");
        NetRunner.AssertClose(oexp.Landmarks!, omarks!, "onet landmarks");
    }

    [Fact]
    public void Export_then_load_round_trips_every_parameter_through_a_file()
    {
        var (weights, _, r, _) = RandomNets(3);
        string path = Path.Combine(Path.GetTempPath(), $"mtcnn-trainer-test-{Guid.NewGuid():N}.safetensors");
        try
        {
            weights.Save(path);
            var loaded = MtcnnWeights.Load(path);
            Assert.Equal("RGB", loaded.ChannelOrder);
            Assert.Equal(127.5f, loaded.PixelMean);
            Assert.Equal(0.0078125f, loaded.PixelScale);
            Assert.Equal(FlattenOrder.Nwhc, loaded.Flatten);
            Assert.True(loaded.HasPNetLandmarks && loaded.HasRNetLandmarks);
            Assert.Equal("random initialisation (test)", loaded.Metadata[WeightsMetadata.Provenance]);
            foreach (var (name, tensor) in weights.Tensors)
                Assert.Equal(tensor.Data, loaded[name].Data);
            var r2 = WeightsBridge.CreateNet(loaded, NetKind.RNet);
            var input = NetRunner.RandomInput(2 * 3 * 24 * 24, 5);
            Assert.Equal(NetRunner.Run(r, input, 2, 24, 24).Prob, NetRunner.Run(r2, input, 2, 24, 24).Prob);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Reference_weights_match_engine_on_random_input()
    {
        var weights = MtcnnWeights.Load(SharedData.ReferenceWeights);
        var cpu = new CpuNets(weights, threads: 1);
        var p = WeightsBridge.CreateNet(weights, NetKind.PNet);
        Assert.False(p.HasLandmarks);
        var pin = NetRunner.RandomInput(3 * 30 * 25, 41);
        var pexp = cpu.RunPNet(pin, 30, 25);
        var (pprob, pbox, _) = NetRunner.Run(p, pin, 1, 30, 25);
        NetRunner.AssertClose(pexp.Prob, pprob, "pnet prob");
        NetRunner.AssertClose(pexp.Reg, pbox, "pnet box");

        var r = WeightsBridge.CreateNet(weights, NetKind.RNet);
        var rin = NetRunner.RandomInput(4 * 3 * 24 * 24, 42);
        var rexp = cpu.RunRNet(rin, 4);
        var (rprob, rbox, _) = NetRunner.Run(r, rin, 4, 24, 24);
        NetRunner.AssertClose(rexp.Prob, rprob, "rnet prob");
        NetRunner.AssertClose(rexp.Reg, rbox, "rnet box");

        var o = WeightsBridge.CreateNet(weights, NetKind.ONet);
        var oin = NetRunner.RandomInput(3 * 3 * 48 * 48, 43);
        var oexp = cpu.RunONet(oin, 3);
        var (oprob, obox, omarks) = NetRunner.Run(o, oin, 3, 48, 48);
        NetRunner.AssertClose(oexp.Prob, oprob, "onet prob");
        NetRunner.AssertClose(oexp.Reg, obox, "onet box");
        NetRunner.AssertClose(oexp.Landmarks!, omarks!, "onet landmarks");
    }

    [Fact]
    public void Reference_weights_match_engine_on_real_image_crops()
    {
        var weights = MtcnnWeights.Load(SharedData.ReferenceWeights);
        var (planar, w, h) = MtcnnCuda.Trainer.Data.ImageLoader.Load(SharedData.Require("images/multiface.jpg"));
        var cpu = new CpuNets(weights, threads: 1);

        // PNet on one pyramid level of the whole photo, as the cascade feeds it.
        var (lw, lh) = Pyramid.LevelSize(w, h, 0.1);
        var level = new float[3 * lw * lh];
        AreaResample.Planar(planar, 3, h, w, level, lh, lw);
        for (int i = 0; i < level.Length; i++) level[i] = (level[i] - 127.5f) * 0.0078125f;
        var pexp = cpu.RunPNet(level, lh, lw);
        var (pprob, pbox, _) = NetRunner.Run(WeightsBridge.CreateNet(weights, NetKind.PNet), level, 1, lh, lw);
        NetRunner.AssertClose(pexp.Prob, pprob, "pnet prob");
        NetRunner.AssertClose(pexp.Reg, pbox, "pnet box");

        // RNet and ONet on crops of a face, of the background and of a window over the image edge.
        CropWindow[] windows = [new(855, 430, 960, 540), new(20, 20, 120, 120), new(1150, 580, 1230, 660)];
        foreach (int size in new[] { 24, 48 })
        {
            var batch = new float[windows.Length * 3 * size * size];
            for (int i = 0; i < windows.Length; i++)
                CropSampler.Sample(planar, h, w, windows[i], size, 127.5f, 0.0078125f, batch.AsSpan(i * 3 * size * size, 3 * size * size));
            var kind = size == 24 ? NetKind.RNet : NetKind.ONet;
            var expected = size == 24 ? cpu.RunRNet(batch, windows.Length) : cpu.RunONet(batch, windows.Length);
            var (prob, box, marks) = NetRunner.Run(WeightsBridge.CreateNet(weights, kind), batch, windows.Length, size, size);
            NetRunner.AssertClose(expected.Prob, prob, $"{kind} prob");
            NetRunner.AssertClose(expected.Reg, box, $"{kind} box");
            if (kind == NetKind.ONet) NetRunner.AssertClose(expected.Landmarks!, marks!, "onet landmarks");
        }
    }
}
