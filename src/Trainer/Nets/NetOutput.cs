using static TorchSharp.torch;

namespace MtcnnCuda.Trainer.Nets;

/// <summary>
/// The heads of one forward pass: classification logits (N×2, or N×2×H×W for PNet on larger inputs; softmax is left
/// to the loss and to inference), box offsets (N×4[…]) and landmark offsets (N×10[…]) when the net has that head.
/// </summary>
public sealed record NetOutput(Tensor Logits, Tensor Box, Tensor? Landmarks)
{
    /// <summary>Face probability: softmax over the two logits, channel 1.</summary>
    public Tensor FaceProbability() => nn.functional.softmax(Logits, 1).select(1, 1);

    internal NetOutput MoveToOuterDisposeScope()
    {
        Logits.MoveToOuterDisposeScope();
        Box.MoveToOuterDisposeScope();
        Landmarks?.MoveToOuterDisposeScope();
        return this;
    }
}
