using MtcnnCuda.Trainer.Nets;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace MtcnnCuda.Trainer.Training;

/// <summary>
/// Where a net's training step goes, layer by layer: each child module runs forward and backward on its own (its
/// input a detached leaf, its output gradient random), timed by the thread's CPU time over a few repeats (run it with one torch thread). The children run in the nets'
/// forward order (listed below; keep in step with their forward()); dense layers after a convolution see the nets'
/// (N, W, H, C) flatten, and the heads (names with '_') all take the trunk's last output. A diagnostic, not the training path.
/// </summary>
public static class LayerProfile
{
    public sealed record Layer(string Name, string OutputShape, double ForwardMs, double BackwardMs);

    private static readonly string[] PNetOrder = ["conv1", "prelu1", "pool1", "conv2", "prelu2", "conv3", "prelu3", "conv4_1", "conv4_2", "conv4_3"];
    private static readonly string[] RNetOrder = ["conv1", "prelu1", "pool1", "conv2", "prelu2", "pool2", "conv3", "prelu3", "dense4", "prelu4",
                                                  "dense5_1", "dense5_2", "dense5_3"];
    private static readonly string[] ONetOrder = ["conv1", "prelu1", "pool1", "conv2", "prelu2", "pool2", "conv3", "prelu3", "pool3", "conv4", "prelu4",
                                                  "dense5", "prelu5", "dense6_1", "dense6_2", "dense6_3"];

    public static IReadOnlyList<Layer> Measure(MtcnnNet net, int batchSize, bool channelsLast, int repeats = 5)
    {
        net.train();
        int s = net.InputSize;
        var x = channelsLast ? randn(batchSize, s, s, 3).permute(0, 3, 1, 2) : randn(batchSize, 3, s, s);
        Tensor? trunk = null;
        var layers = new List<Layer>();
        var children = net.named_children().ToDictionary(c => c.name, c => c.module);
        var order = net.Kind switch { Weights.NetKind.PNet => PNetOrder, Weights.NetKind.RNet => RNetOrder, _ => ONetOrder };
        foreach (var name in order.Where(children.ContainsKey))
        {
            var child = children[name];
            if (child is not nn.Module<Tensor, Tensor> module) continue;
            bool head = name.Contains('_');
            var input = head ? trunk! : x;
            if (child is Linear && input.dim() == 4) input = input.permute(0, 3, 2, 1).contiguous().flatten(1);
            var leaf = input.detach().requires_grad_(layers.Count > 0);
            Tensor output = module.call(leaf);
            var grad = randn_like(output);
            double forward = 0, backward = 0;
            for (int r = 0; r < repeats + 1; r++)
            {
                double t0 = ThreadCpuClock.Seconds();
                using var y = module.call(leaf);
                double t1 = ThreadCpuClock.Seconds();
                y.backward([grad]);
                double t2 = ThreadCpuClock.Seconds();
                if (r == 0) continue; // warm-up
                forward += (t1 - t0) * 1000;
                backward += (t2 - t1) * 1000;
            }
            layers.Add(new Layer(name, string.Join("×", output.shape), forward / repeats, backward / repeats));
            if (!head) { x = output.detach(); trunk = x; }
        }
        return layers;
    }
}
