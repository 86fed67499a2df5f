using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MtcnnCuda.Trainer.Nets;

/// <summary>
/// ONet as facenet-pytorch defines it: conv1 3→32 3×3, PReLU, pool 3/2; conv2 32→64 3×3, PReLU, pool 3/2;
/// conv3 64→64 3×3, PReLU, pool 2/2; conv4 64→128 2×2, PReLU; permute to (N, W, H, C) and flatten; dense5
/// 1152→256, PReLU; heads dense6_1 (2), dense6_2 (4), dense6_3 (10 landmarks: x1..x5 then y1..y5).
/// </summary>
public sealed class ONet : MtcnnNet
{
    private readonly Conv2d conv1, conv2, conv3, conv4;
    private readonly PReLU prelu1, prelu2, prelu3, prelu4, prelu5;
    private readonly MaxPool2d pool1, pool2, pool3;
    private readonly Linear dense5, dense6_1, dense6_2, dense6_3;

    public ONet() : base("onet", landmarks: true)
    {
        conv1 = nn.Conv2d(3, 32, 3);
        prelu1 = nn.PReLU(32);
        pool1 = nn.MaxPool2d(3, 2, ceil_mode: true);
        conv2 = nn.Conv2d(32, 64, 3);
        prelu2 = nn.PReLU(64);
        pool2 = nn.MaxPool2d(3, 2, ceil_mode: true);
        conv3 = nn.Conv2d(64, 64, 3);
        prelu3 = nn.PReLU(64);
        pool3 = nn.MaxPool2d(2, 2, ceil_mode: true);
        conv4 = nn.Conv2d(64, 128, 2);
        prelu4 = nn.PReLU(128);
        dense5 = nn.Linear(1152, 256);
        prelu5 = nn.PReLU(256);
        dense6_1 = nn.Linear(256, 2);
        dense6_2 = nn.Linear(256, 4);
        dense6_3 = nn.Linear(256, 10);
        RegisterComponents();
    }

    public override Weights.NetKind Kind => Weights.NetKind.ONet;
    public override int InputSize => 48;

    public override NetOutput forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = pool1.call(prelu1.call(conv1.call(input)));
        x = pool2.call(prelu2.call(conv2.call(x)));
        x = pool3.call(prelu3.call(conv3.call(x)));
        x = prelu4.call(conv4.call(x));
        x = x.permute(0, 3, 2, 1).contiguous().flatten(1);
        x = prelu5.call(dense5.call(x));
        var output = new NetOutput(dense6_1.call(x), dense6_2.call(x), dense6_3.call(x));
        return output.MoveToOuterDisposeScope();
    }
}
