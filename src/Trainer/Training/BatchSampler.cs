using MtcnnCuda.Trainer.Data;

namespace MtcnnCuda.Trainer.Training;

/// <summary>
/// Splits a sample set into training and validation parts (every k-th sample of each label goes to validation) and
/// draws training batches with a fixed label mix, neg:pos:part:landmark = 3:1:1:2 by default (labels absent from
/// the set drop out of the mix). Each label's samples are visited in a fresh random order per pass.
/// </summary>
public sealed class BatchSampler
{
    public static readonly IReadOnlyDictionary<SampleLabel, int> DefaultRatio = new Dictionary<SampleLabel, int>
    {
        [SampleLabel.Negative] = 3, [SampleLabel.Positive] = 1, [SampleLabel.Part] = 1, [SampleLabel.Landmark] = 2,
    };

    private readonly Dictionary<SampleLabel, int[]> _train = [];
    private readonly Dictionary<SampleLabel, int> _cursor = [];
    private readonly Dictionary<SampleLabel, int> _perBatch = [];
    private readonly Random _rng;

    public BatchSampler(ShardSet set, int batchSize, int seed, double validationFraction = 0.05, IReadOnlyDictionary<SampleLabel, int>? ratio = null)
    {
        ratio ??= DefaultRatio;
        _rng = new Random(seed);
        var byLabel = new Dictionary<SampleLabel, List<int>>();
        var validation = new List<int>();
        int every = validationFraction > 0 ? Math.Max(2, (int)Math.Round(1 / validationFraction)) : int.MaxValue;
        var seen = new Dictionary<SampleLabel, int>();
        for (int i = 0; i < set.Count; i++)
        {
            var label = set.LabelOf(i);
            int n = seen[label] = seen.GetValueOrDefault(label) + 1;
            if (n % every == 0) validation.Add(i);
            else (byLabel.TryGetValue(label, out var list) ? list : byLabel[label] = []).Add(i);
        }
        Validation = validation.ToArray();
        foreach (var (label, list) in byLabel) _train[label] = list.ToArray();
        TrainCount = _train.Values.Sum(a => a.Length);
        if (TrainCount == 0) throw new InvalidDataException("The sample set has no training samples.");

        // Spread the batch over the labels present, in proportion to the ratio.
        var present = ratio.Where(r => _train.ContainsKey(r.Key) && r.Value > 0).ToList();
        if (present.Count == 0) throw new InvalidDataException("The sample set has none of the labels the ratio asks for.");
        int weight = present.Sum(r => r.Value), assigned = 0;
        foreach (var (label, w) in present)
        {
            int n = Math.Max(1, batchSize * w / weight);
            _perBatch[label] = n;
            assigned += n;
        }
        _perBatch[present[0].Key] += Math.Max(0, batchSize - assigned);
        BatchSize = _perBatch.Values.Sum();
        foreach (var label in _train.Keys) { Shuffle(_train[label]); _cursor[label] = 0; }
    }

    public int BatchSize { get; }
    public int TrainCount { get; }
    public int[] Validation { get; }
    public IReadOnlyDictionary<SampleLabel, int> PerBatch => _perBatch;

    /// <summary>Batches per epoch: one pass over the training samples' worth of draws.</summary>
    public int StepsPerEpoch => Math.Max(1, TrainCount / BatchSize);

    public int[] NextBatch()
    {
        var batch = new int[BatchSize];
        int k = 0;
        foreach (var (label, n) in _perBatch)
        {
            var samples = _train[label];
            for (int i = 0; i < n; i++)
            {
                if (_cursor[label] == samples.Length) { Shuffle(samples); _cursor[label] = 0; }
                batch[k++] = samples[_cursor[label]++];
            }
        }
        return batch;
    }

    private void Shuffle(int[] a)
    {
        for (int i = a.Length - 1; i > 0; i--)
        {
            int j = _rng.Next(i + 1);
            (a[i], a[j]) = (a[j], a[i]);
        }
    }
}
