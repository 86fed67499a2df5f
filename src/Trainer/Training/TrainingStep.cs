using System.Diagnostics;
using System.Runtime.InteropServices;
using MtcnnCuda.Trainer.Nets;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace MtcnnCuda.Trainer.Training;

/// <summary>The parts of one training step, in order, as <see cref="TrainingStep"/> times them.</summary>
public enum StepPhase { Copy, Forward, Loss, Backward, Optimizer }

/// <summary>
/// One optimisation step on a full host batch, as both <see cref="StageTrainer"/> and <see cref="ThroughputBench"/> run
/// it: the batch is copied into input tensors allocated once (no tensor per step for the inputs), then forward,
/// multi-task loss, backward and the optimizer step. Wall time per phase is summed (libtorch on the CPU runs each op
/// synchronously, so a stopwatch around a phase measures that phase).
/// </summary>
public sealed class TrainingStep : IDisposable
{
    private readonly MtcnnNet _net;
    private readonly OptimizerHelper _optimizer;
    private readonly MultiTaskLoss _loss;
    private readonly int _batchSize;
    private readonly Tensor _pixels, _input, _labels, _boxes, _landmarks;
    private readonly long[] _ticks = new long[Enum.GetValues<StepPhase>().Length];

    /// <param name="channelsLast">The host pixels are N×S×S×3; the net sees them as an NCHW view with channels-last strides.</param>
    public TrainingStep(MtcnnNet net, OptimizerHelper optimizer, MultiTaskLoss loss, int batchSize, bool channelsLast)
    {
        (_net, _optimizer, _loss, _batchSize) = (net, optimizer, loss, batchSize);
        int s = net.InputSize;
        _pixels = channelsLast ? empty(batchSize, s, s, 3) : empty(batchSize, 3, s, s);
        _input = channelsLast ? _pixels.permute(0, 3, 1, 2) : _pixels;
        _labels = empty(batchSize);
        _boxes = empty(batchSize, 4);
        _landmarks = empty(batchSize, 10);
    }

    public sealed record Losses(float Total, float Class, float Box, float Landmark);

    /// <summary>Seconds spent in <paramref name="phase"/> over all steps so far.</summary>
    public double Seconds(StepPhase phase) => _ticks[(int)phase] / (double)Stopwatch.Frequency;

    public int Steps { get; private set; }

    /// <summary>Trains on one batch of exactly the batch size this step was made for; the arrays are the host layout.</summary>
    public Losses Run(float[] pixels, float[] labels, float[] boxes, float[] landmarks)
    {
        if (labels.Length != _batchSize)
            throw new ArgumentException($"The step was made for batches of {_batchSize}; got {labels.Length}.", nameof(labels));
        long t = Stopwatch.GetTimestamp();
        CopyInto(_pixels, pixels);
        CopyInto(_labels, labels);
        CopyInto(_boxes, boxes);
        CopyInto(_landmarks, landmarks);
        t = Mark(StepPhase.Copy, t);

        using var scope = NewDisposeScope();
        int n = _batchSize;
        var output = _net.call(_input);
        t = Mark(StepPhase.Forward, t);
        // PNet on a 12×12 crop answers with 1×1 maps: flatten them to per-sample rows.
        var parts = _loss.Compute(output.Logits.reshape(n, 2), output.Box.reshape(n, 4), output.Landmarks?.reshape(n, 10),
                                  _labels, _boxes, _landmarks);
        t = Mark(StepPhase.Loss, t);
        _optimizer.zero_grad();
        parts.Total.backward();
        t = Mark(StepPhase.Backward, t);
        _optimizer.step();
        var result = new Losses(parts.Total.item<float>(), parts.Class.item<float>(), parts.Box.item<float>(), parts.Landmark.item<float>());
        Mark(StepPhase.Optimizer, t);
        Steps++;
        return result;
    }

    /// <summary>One memcpy into a tensor made by <c>empty</c> (contiguous, offset 0); the element-wise accessor copy costs ~70 ns a float.</summary>
    private static void CopyInto(Tensor target, float[] source)
    {
        if (source.Length != target.numel())
            throw new ArgumentException($"Expected {target.numel()} values, got {source.Length}.", nameof(source));
        Marshal.Copy(source, 0, target.storage<float>().data_ptr(), source.Length);
    }

    private long Mark(StepPhase phase, long since)
    {
        long now = Stopwatch.GetTimestamp();
        _ticks[(int)phase] += now - since;
        return now;
    }

    public void Dispose()
    {
        if (!ReferenceEquals(_input, _pixels)) _input.Dispose();
        _pixels.Dispose();
        _labels.Dispose();
        _boxes.Dispose();
        _landmarks.Dispose();
    }
}
