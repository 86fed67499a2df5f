using MtcnnCuda.Cpu;
using MtcnnCuda.Trainer.Nets;
using MtcnnCuda.Weights;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace MtcnnCuda.Trainer.Bench;

/// <summary>
/// PNet, RNet and ONet forward passes in TorchSharp for the engine's cascade: under no_grad, one tensor per
/// pyramid level (levels run one after another; libtorch parallelises inside each op), the RNet and ONet crops as
/// one N×3×S×S batch each, every tensor of a call freed by one dispose scope.
/// </summary>
internal sealed class TorchCascadeNets : ICascadeNets, IDisposable
{
    private readonly PNet _pnet;
    private readonly RNet _rnet;
    private readonly ONet _onet;

    public TorchCascadeNets(MtcnnWeights weights)
    {
        // The engine computes no PNet landmarks, and RNet landmarks only when the file has them: same work here.
        _pnet = new PNet(landmarks: false);
        _rnet = new RNet(weights.HasRNetLandmarks);
        _onet = new ONet();
        foreach (MtcnnNet net in new MtcnnNet[] { _pnet, _rnet, _onet })
        {
            WeightsBridge.Load(net, weights);
            net.eval();
        }
    }

    public bool ConcurrentLevels => false;

    public PNetOutput RunPNet(float[] input, int h, int w, bool parallel)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var output = _pnet.call(tensor(input, [1, 3, h, w], dtype: float32));
        int oh = (int)output.Logits.shape[2], ow = (int)output.Logits.shape[3];
        return new PNetOutput(Floats(output.FaceProbability()), Floats(output.Box), oh, ow);
    }

    public StageOutput RunRNet(float[] batch, int count) => Run(_rnet, batch, count, NetArchitecture.RNetInput);

    public StageOutput RunONet(float[] batch, int count) => Run(_onet, batch, count, NetArchitecture.ONetInput);

    /// <summary>One forward pass over all crops as a single N×3×S×S tensor.</summary>
    private static StageOutput Run(MtcnnNet net, float[] batch, int count, int size)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var output = net.call(tensor(batch, [count, 3, size, size], dtype: float32));
        return new StageOutput(Floats(output.FaceProbability()), Floats(output.Box),
            output.Landmarks is null ? null : Floats(output.Landmarks), count);
    }

    private static float[] Floats(Tensor t) => t.contiguous().data<float>().ToArray();

    public void Dispose()
    {
        _pnet.Dispose();
        _rnet.Dispose();
        _onet.Dispose();
    }
}
