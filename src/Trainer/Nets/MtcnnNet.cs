using MtcnnCuda.Weights;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace MtcnnCuda.Trainer.Nets;

/// <summary>Common base of PNet, RNet and ONet: which net it is, its training input size, its landmark head.</summary>
public abstract class MtcnnNet : nn.Module<Tensor, NetOutput>
{
    protected MtcnnNet(string name, bool landmarks) : base(name)
    {
        HasLandmarks = landmarks;
    }

    public abstract NetKind Kind { get; }

    /// <summary>Side of the square training crop (12, 24, 48).</summary>
    public abstract int InputSize { get; }

    public bool HasLandmarks { get; }

    public static MtcnnNet Create(NetKind kind, bool landmarks = true) => kind switch
    {
        NetKind.PNet => new PNet(landmarks),
        NetKind.RNet => new RNet(landmarks),
        NetKind.ONet => new ONet(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
