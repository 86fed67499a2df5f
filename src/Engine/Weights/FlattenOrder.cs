namespace MtcnnCuda.Weights;

/// <summary>
/// How the last conv feature map (C×H×W) is flattened before the first dense layer of RNet/ONet.
/// The original Caffe models saw transposed images, so their dense weights expect the (W, H, C) order.
/// </summary>
public enum FlattenOrder
{
    /// <summary>Index = (w·H + h)·C + c: permute(0, 3, 2, 1) then flatten, as the original weights need.</summary>
    Nwhc,
    /// <summary>Index = (c·H + h)·W + w: a plain NCHW flatten.</summary>
    Nchw,
}
