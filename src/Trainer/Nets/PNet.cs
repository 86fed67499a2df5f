using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MtcnnCuda.Trainer.Nets;

/// <summary>
/// PNet as facenet-pytorch defines it (parameter names = the weights file's): conv1 3→10 3×3, PReLU, max-pool 2/2
/// (ceil), conv2 10→16 3×3, PReLU, conv3 16→32 3×3, PReLU, heads conv4_1 (2 logits), conv4_2 (4 box offsets) and
/// the optional conv4_3 (10 landmark offsets). Fully convolutional: a 12×12 input gives 1×1 outputs.
/// </summary>
public sealed class PNet : MtcnnNet
{
    private readonly Conv2d conv1, conv2, conv3, conv4_1, conv4_2;
    private readonly Conv2d? conv4_3;
    private readonly PReLU prelu1, prelu2, prelu3;
    private readonly MaxPool2d pool1;

    public PNet(bool landmarks = true) : base("pnet", landmarks)
    {
        conv1 = nn.Conv2d(3, 10, 3);
        prelu1 = nn.PReLU(10);
        pool1 = nn.MaxPool2d(2, 2, ceil_mode: true);
        conv2 = nn.Conv2d(10, 16, 3);
        prelu2 = nn.PReLU(16);
        conv3 = nn.Conv2d(16, 32, 3);
        prelu3 = nn.PReLU(32);
        conv4_1 = nn.Conv2d(32, 2, 1);
        conv4_2 = nn.Conv2d(32, 4, 1);
        conv4_3 = landmarks ? nn.Conv2d(32, 10, 1) : null;
        RegisterComponents();
    }

    public override Weights.NetKind Kind => Weights.NetKind.PNet;
    public override int InputSize => 12;

    public override NetOutput forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = pool1.call(prelu1.call(conv1.call(input)));
        x = prelu3.call(conv3.call(prelu2.call(conv2.call(x))));
        var output = new NetOutput(conv4_1.call(x), conv4_2.call(x), conv4_3?.call(x));
        return output.MoveToOuterDisposeScope();
    }
}
