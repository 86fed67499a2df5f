using MtcnnCuda.Trainer.Data;
using MtcnnCuda.Trainer.Nets;
using MtcnnCuda.Weights;
using static TorchSharp.torch;

namespace MtcnnCuda.Trainer.Tests;

public class ChannelsLastTests
{
    [Fact]
    public void Channels_last_batches_hold_the_same_pixels_and_give_the_same_outputs()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"mtcnn-nhwc-{Guid.NewGuid():N}");
        try
        {
            const int size = 24, n = 5;
            var rng = new Random(4);
            using (var writer = new ShardWriter(dir, "rnet", size, 1, "test"))
                for (int i = 0; i < n; i++)
                {
                    var pixels = new byte[3 * size * size];
                    rng.NextBytes(pixels);
                    writer.Add(new Sample { Label = SampleLabel.Positive, Pixels = pixels });
                }
            using var set = new ShardSet(dir);
            int[] indices = [4, 2, 0, 1, 3];
            float[] Fill(bool channelsLast)
            {
                var pixels = new float[n * 3 * size * size];
                set.FillBatch(indices, pixels, new float[n], new float[4 * n], new float[10 * n], channelsLast);
                return pixels;
            }
            var planar = Fill(false);
            var interleaved = Fill(true);
            // Sample 1, channel 2, row 3, column 7 in both layouts.
            Assert.Equal(planar[((1 * 3 + 2) * size + 3) * size + 7], interleaved[((1 * size + 3) * size + 7) * 3 + 2]);

            manual_seed(3);
            using var net = MtcnnNet.Create(NetKind.RNet);
            net.eval();
            using var noGrad = no_grad();
            var a = net.call(tensor(planar, [n, 3, size, size]));
            var b = net.call(tensor(interleaved, [n, size, size, 3]).permute(0, 3, 1, 2));
            Assert.True(a.Logits.allclose(b.Logits, rtol: 1e-4, atol: 1e-5));
            Assert.True(a.Box.allclose(b.Box, rtol: 1e-4, atol: 1e-5));
            Assert.True(a.Landmarks!.allclose(b.Landmarks!, rtol: 1e-4, atol: 1e-5));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
