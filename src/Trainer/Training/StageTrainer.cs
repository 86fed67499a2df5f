using System.Diagnostics;
using System.Threading.Channels;
using MtcnnCuda.Trainer.Data;
using MtcnnCuda.Trainer.Nets;
using MtcnnCuda.Weights;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace MtcnnCuda.Trainer.Training;

/// <summary>
/// Trains one net of the cascade on its sample set: label-balanced batches assembled on a background task (so
/// reading shards overlaps with compute), the multi-task loss, SGD with momentum or Adam under a step schedule,
/// validation metrics, a checkpoint, a CSV row and a refreshed plot after every epoch, and resume from the last
/// checkpoint.
/// </summary>
public sealed class StageTrainer(TrainSettings settings)
{
    /// <summary>Progress callback: epoch (1-based), step within the epoch, steps per epoch, running loss.</summary>
    public delegate void Report(int epoch, int step, int steps, double loss);

    public string MetricsCsvPath => Path.Combine(settings.OutputDirectory, $"{NetArchitecture.Prefix(settings.Stage)}-metrics.csv");
    public string PlotPath => Path.Combine(settings.OutputDirectory, $"{NetArchitecture.Prefix(settings.Stage)}-metrics.png");

    public IReadOnlyList<EpochMetrics> Train(Report? report = null, CancellationToken cancel = default)
    {
        if (settings.Threads > 0) set_num_threads(settings.Threads);
        Directory.CreateDirectory(settings.OutputDirectory);
        using var data = new ShardSet(settings.DataDirectory);
        int expectedSize = settings.Stage switch { NetKind.PNet => 12, NetKind.RNet => 24, _ => 48 };
        if (data.InputSize != expectedSize)
            throw new InvalidDataException($"{settings.DataDirectory} holds {data.InputSize}×{data.InputSize} samples; {settings.Stage} trains on {expectedSize}×{expectedSize}.");

        manual_seed(settings.Seed);
        var net = MtcnnNet.Create(settings.Stage);
        var optimizer = CreateOptimizer(net);
        int startEpoch = 1;
        var history = new List<EpochMetrics>();
        if (settings.Resume && File.Exists(Checkpoint.NetPath(settings.OutputDirectory, settings.Stage)))
        {
            var (saved, epoch) = Checkpoint.Load(Checkpoint.NetPath(settings.OutputDirectory, settings.Stage), settings.Stage);
            using (saved) WeightsBridge.Load(net, WeightsBridge.Parameters(saved), FlattenOrder.Nwhc, "checkpoint");
            string opt = Checkpoint.OptimizerPath(settings.OutputDirectory, settings.Stage);
            if (File.Exists(opt)) optimizer.load_state_dict(opt);
            startEpoch = epoch + 1;
            if (File.Exists(MetricsCsvPath))
                history.AddRange(File.ReadLines(MetricsCsvPath).Skip(1).Where(l => l.Length > 0).Select(EpochMetrics.FromCsv).Where(m => m.Epoch <= epoch));
        }
        File.WriteAllLines(MetricsCsvPath, [EpochMetrics.CsvHeader, .. history.Select(h => h.ToCsv())]);

        var sampler = new BatchSampler(data, settings.BatchSize, settings.Seed + startEpoch, settings.ValidationFraction);
        var loss = new MultiTaskLoss(settings.Stage);
        int steps = settings.MaxStepsPerEpoch > 0 ? Math.Min(settings.MaxStepsPerEpoch, sampler.StepsPerEpoch) : sampler.StepsPerEpoch;
        for (int epoch = startEpoch; epoch <= settings.Epochs; epoch++)
        {
            cancel.ThrowIfCancellationRequested();
            double lr = settings.LearningRateAt(epoch);
            foreach (var group in optimizer.ParamGroups) group.LearningRate = lr;
            var watch = Stopwatch.StartNew();
            var (total, cls, box, marks) = RunEpoch(net, optimizer, loss, data, sampler, steps, epoch, report, cancel);
            double seconds = watch.Elapsed.TotalSeconds;
            var metrics = Validate(net, loss, data, sampler.Validation) with
            {
                Epoch = epoch, LearningRate = lr, TrainLoss = total, TrainClassLoss = cls, TrainBoxLoss = box, TrainLandmarkLoss = marks,
                SamplesPerSecond = steps * (double)sampler.BatchSize / seconds, EpochSeconds = seconds,
            };
            history.Add(metrics);
            Checkpoint.Save(settings.OutputDirectory, net, epoch, optimizer);
            File.AppendAllLines(MetricsCsvPath, [metrics.ToCsv()]);
            MetricsPlot.Write(PlotPath, $"{settings.Stage} training ({data.Count} samples)", history);
        }
        net.Dispose();
        return history;
    }

    private TorchSharp.Modules.OptimizerHelper CreateOptimizer(MtcnnNet net) => settings.Optimizer.ToLowerInvariant() switch
    {
        "adam" => optim.Adam(net.parameters(), settings.LearningRate, weight_decay: settings.WeightDecay),
        "sgd" => optim.SGD(net.parameters(), settings.LearningRate, momentum: settings.Momentum, weight_decay: settings.WeightDecay),
        var o => throw new ArgumentException($"Unknown optimizer '{o}' (adam or sgd)."),
    };

    /// <summary>One batch's host buffers; a few are allocated per epoch and recycled, never one per step.</summary>
    private sealed record Batch(float[] Pixels, float[] Labels, float[] Boxes, float[] Landmarks)
    {
        public int Count { get; set; }
        public bool ChannelsLast { get; set; }

        public static Batch Allocate(int n, int s) => new(new float[n * 3 * s * s], new float[n], new float[n * 4], new float[n * 10]);
    }

    private static Batch Assemble(ShardSet data, ReadOnlySpan<int> indices, Batch batch, bool channelsLast, LowResolutionAugment? lowResolution = null, Random? rng = null)
    {
        batch.Count = indices.Length;
        batch.ChannelsLast = channelsLast;
        data.FillBatch(indices, batch.Pixels, batch.Labels, batch.Boxes, batch.Landmarks, channelsLast, lowResolution, rng);
        return batch;
    }

    private (double Total, double Cls, double Box, double Marks) RunEpoch(MtcnnNet net, TorchSharp.Modules.OptimizerHelper optimizer, MultiTaskLoss loss,
        ShardSet data, BatchSampler sampler, int steps, int epoch, Report? report, CancellationToken cancel)
    {
        net.train();
        // The producer reads and normalises the next batches while the current one trains.
        // Filled batches go through one channel, emptied ones come back through another: a fixed set of buffers.
        const int inFlight = 3;
        var channel = Channel.CreateBounded<Batch>(new BoundedChannelOptions(inFlight) { SingleReader = true, SingleWriter = true });
        var free = Channel.CreateUnbounded<Batch>();
        for (int i = 0; i < inFlight + 1; i++) free.Writer.TryWrite(Batch.Allocate(sampler.BatchSize, data.InputSize));
        var batches = new int[steps][];
        for (int i = 0; i < steps; i++) batches[i] = sampler.NextBatch();
        bool channelsLast = settings.ChannelsLast;
        // Training-time degradation draws from its own generator, seeded per epoch: the same run gives the same batches.
        var lowResolution = settings.LowResolutionProbability > 0 ? new LowResolutionAugment(settings.LowResolutionProbability) : null;
        var augmentRng = new Random(unchecked(settings.Seed * 1_000_003 + epoch));
        var producer = Task.Run(async () =>
        {
            try
            {
                foreach (var indices in batches)
                {
                    var buffer = await free.Reader.ReadAsync(cancel);
                    await channel.Writer.WriteAsync(Assemble(data, indices, buffer, channelsLast, lowResolution, augmentRng), cancel);
                }
                channel.Writer.Complete();
            }
            catch (Exception e)
            {
                channel.Writer.Complete(e);
            }
        }, cancel);

        double total = 0, cls = 0, box = 0, marks = 0;
        using var step = new TrainingStep(net, optimizer, loss, sampler.BatchSize, channelsLast);
        for (int i = 0; i < steps; i++)
        {
            var batch = channel.Reader.ReadAsync(cancel).AsTask().GetAwaiter().GetResult();
            var losses = step.Run(batch.Pixels, batch.Labels, batch.Boxes, batch.Landmarks);
            total += losses.Total;
            cls += losses.Class;
            box += losses.Box;
            marks += losses.Landmark;
            free.Writer.TryWrite(batch);
            report?.Invoke(epoch, i + 1, steps, total / (i + 1));
        }
        producer.GetAwaiter().GetResult();
        return (total / steps, cls / steps, box / steps, marks / steps);
    }

    private static (MultiTaskLoss.Parts Parts, Tensor Probability, Tensor Box, Tensor? Landmarks) Forward(MtcnnNet net, MultiTaskLoss loss, Batch batch, int s)
    {
        int n = batch.Count;
        // Channels-last: the NHWC buffer viewed as NCHW, so convolutions run in oneDNN's preferred layout.
        var input = batch.ChannelsLast ? tensor(batch.Pixels, [n, s, s, 3]).permute(0, 3, 1, 2) : tensor(batch.Pixels, [n, 3, s, s]);
        var output = net.call(input);
        // PNet on a 12×12 crop answers with 1×1 maps: flatten them to per-sample rows.
        var logits = output.Logits.reshape(n, 2);
        var boxes = output.Box.reshape(n, 4);
        var marks = output.Landmarks?.reshape(n, 10);
        var parts = loss.Compute(logits, boxes, marks, tensor(batch.Labels), tensor(batch.Boxes, [n, 4]), tensor(batch.Landmarks, [n, 10]));
        return (parts, nn.functional.softmax(logits, 1).select(1, 1), boxes, marks);
    }

    private EpochMetrics Validate(MtcnnNet net, MultiTaskLoss loss, ShardSet data, int[] validation)
    {
        if (validation.Length == 0) return new EpochMetrics { ValLoss = double.NaN, ValAccuracy = double.NaN, ValRecall = double.NaN,
                                                              ValFalsePositiveRate = double.NaN, ValBoxError = double.NaN, ValLandmarkError = double.NaN };
        net.eval();
        using var noGrad = no_grad();
        double lossSum = 0, boxSum = 0, markSum = 0;
        long correct = 0, clsCount = 0, positives = 0, recalled = 0, negatives = 0, falsePositives = 0, boxCount = 0, markCount = 0;
        int batches = 0;
        var buffer = Batch.Allocate(512, data.InputSize);
        for (int start = 0; start < validation.Length; start += 512)
        {
            using var scope = NewDisposeScope();
            int count = Math.Min(512, validation.Length - start);
            // Tensors take whole buffers: the last, shorter batch gets buffers of its own size.
            var batch = Assemble(data, validation.AsSpan(start, count), count == 512 ? buffer : Batch.Allocate(count, data.InputSize), settings.ChannelsLast);
            var (parts, probability, boxTensor, markTensor) = Forward(net, loss, batch, data.InputSize);
            lossSum += parts.Total.item<float>();
            batches++;
            var prob = probability.contiguous().data<float>().ToArray();
            var box = boxTensor.contiguous().data<float>().ToArray();
            var marks = markTensor?.contiguous().data<float>().ToArray();
            for (int i = 0; i < batch.Count; i++)
            {
                switch ((SampleLabel)(sbyte)batch.Labels[i])
                {
                    case SampleLabel.Positive:
                        clsCount++; positives++;
                        if (prob[i] > 0.5f) correct++;
                        if (prob[i] > settings.StageThreshold) recalled++;
                        boxSum += SquaredError(box, batch.Boxes, i, 4); boxCount++;
                        break;
                    case SampleLabel.Negative:
                        clsCount++; negatives++;
                        if (prob[i] <= 0.5f) correct++;
                        if (prob[i] > settings.StageThreshold) falsePositives++;
                        break;
                    case SampleLabel.Part:
                        boxSum += SquaredError(box, batch.Boxes, i, 4); boxCount++;
                        break;
                    case SampleLabel.Landmark when marks is not null:
                        markSum += SquaredError(marks, batch.Landmarks, i, 10); markCount++;
                        break;
                }
            }
        }
        static double Ratio(double a, long b) => b > 0 ? a / b : double.NaN;
        return new EpochMetrics
        {
            ValLoss = lossSum / batches,
            ValAccuracy = Ratio(correct, clsCount),
            ValRecall = Ratio(recalled, positives),
            ValFalsePositiveRate = Ratio(falsePositives, negatives),
            ValBoxError = Ratio(boxSum, boxCount),
            ValLandmarkError = Ratio(markSum, markCount),
        };
    }

    private static double SquaredError(float[] predicted, float[] target, int row, int width)
    {
        double sum = 0;
        for (int k = 0; k < width; k++)
        {
            double d = predicted[row * width + k] - target[row * width + k];
            sum += d * d;
        }
        return sum;
    }
}
