using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MtcnnCuda.Trainer.Nets;

/// <summary>
/// RNet as facenet-pytorch defines it: conv1 3→28 3×3, PReLU, pool 3/2; conv2 28→48 3×3, PReLU, pool 3/2;
/// conv3 48→64 2×2, PReLU; permute to (N, W, H, C) and flatten (the "nwhc" order of the original weights, kept for
/// ours so one definition serves both); dense4 576→128, PReLU; heads dense5_1 (2), dense5_2 (4), dense5_3 (10, optional).
/// </summary>
public sealed class RNet : MtcnnNet
{
    private readonly Conv2d conv1, conv2, conv3;
    private readonly PReLU prelu1, prelu2, prelu3, prelu4;
    private readonly MaxPool2d pool1, pool2;
    private readonly Linear dense4, dense5_1, dense5_2;
    private readonly Linear? dense5_3;

    public RNet(bool landmarks = true) : base("rnet", landmarks)
    {
        conv1 = nn.Conv2d(3, 28, 3);
        prelu1 = nn.PReLU(28);
        pool1 = nn.MaxPool2d(3, 2, ceil_mode: true);
        conv2 = nn.Conv2d(28, 48, 3);
        prelu2 = nn.PReLU(48);
        pool2 = nn.MaxPool2d(3, 2, ceil_mode: true);
        conv3 = nn.Conv2d(48, 64, 2);
        prelu3 = nn.PReLU(64);
        dense4 = nn.Linear(576, 128);
        prelu4 = nn.PReLU(128);
        dense5_1 = nn.Linear(128, 2);
        dense5_2 = nn.Linear(128, 4);
        dense5_3 = landmarks ? nn.Linear(128, 10) : null;
        RegisterComponents();
    }

    public override Weights.NetKind Kind => Weights.NetKind.RNet;
    public override int InputSize => 24;

    public override NetOutput forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = pool1.call(prelu1.call(conv1.call(input)));
        x = pool2.call(prelu2.call(conv2.call(x)));
        x = prelu3.call(conv3.call(x));
        x = x.permute(0, 3, 2, 1).contiguous().flatten(1);
        x = prelu4.call(dense4.call(x));
        var output = new NetOutput(dense5_1.call(x), dense5_2.call(x), dense5_3?.call(x));
        return output.MoveToOuterDisposeScope();
    }
}
