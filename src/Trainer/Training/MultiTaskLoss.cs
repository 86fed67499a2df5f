using MtcnnCuda.Weights;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace MtcnnCuda.Trainer.Training;

/// <summary>
/// The MTCNN multi-task loss: cross-entropy on positives and negatives with online hard example mining (only the
/// hardest 70% of them count), squared error of the box offsets on positives and part faces, squared error of the
/// landmarks on landmark samples; weighted 1 / 0.5 / 0.5 for PNet and RNet, 1 / 0.5 / 1 for ONet.
/// Labels: 0 negative, 1 positive, −1 part, −2 landmark.
/// </summary>
public sealed class MultiTaskLoss(NetKind kind, double keepRatio = 0.7)
{
    public float ClassWeight { get; } = 1f;
    public float BoxWeight { get; } = 0.5f;
    public float LandmarkWeight { get; } = kind == NetKind.ONet ? 1f : 0.5f;

    public sealed record Parts(Tensor Total, Tensor Class, Tensor Box, Tensor Landmark);

    /// <param name="logits">N×2</param><param name="box">N×4</param><param name="landmarks">N×10, or null for nets without the head</param>
    public Parts Compute(Tensor logits, Tensor box, Tensor? landmarks, Tensor labels, Tensor boxTargets, Tensor landmarkTargets)
    {
        var zero = zeros(1, device: logits.device).squeeze();
        var clsIndex = nonzero(labels.ge(0)).squeeze(1);
        var cls = zero;
        if (clsIndex.shape[0] > 0)
        {
            var ce = nn.functional.cross_entropy(logits.index_select(0, clsIndex), labels.index_select(0, clsIndex).to(int64), reduction: nn.Reduction.None);
            long keep = Math.Max(1, (long)(ce.shape[0] * keepRatio));
            cls = ce.topk((int)keep).values.mean();
        }
        var boxIndex = nonzero(labels.eq(1).logical_or(labels.eq(-1))).squeeze(1);
        var boxLoss = boxIndex.shape[0] > 0
            ? (box.index_select(0, boxIndex) - boxTargets.index_select(0, boxIndex)).square().sum(1).mean()
            : zero;
        var markIndex = nonzero(labels.eq(-2)).squeeze(1);
        var markLoss = landmarks is not null && markIndex.shape[0] > 0
            ? (landmarks.index_select(0, markIndex) - landmarkTargets.index_select(0, markIndex)).square().sum(1).mean()
            : zero;
        var total = cls * ClassWeight + boxLoss * BoxWeight + markLoss * LandmarkWeight;
        return new Parts(total, cls, boxLoss, markLoss);
    }
}
