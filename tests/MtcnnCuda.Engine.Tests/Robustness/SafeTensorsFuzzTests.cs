using MtcnnCuda.Weights;

namespace MtcnnCuda.Tests.Robustness;

/// <summary>
/// Mutation fuzzing of the weights reader: whatever the bytes, <see cref="MtcnnWeights.Load(Stream, string)"/> either
/// succeeds or throws <see cref="WeightsFormatException"/> — never another exception — and never allocates far more
/// than the file's size (a hostile header must not make the reader reserve hundreds of megabytes).
/// CI: a few thousand mutations; MTCNN_ROBUSTNESS_LONG=1 runs 50× more; MTCNN_FUZZ_SEED picks the seed.
/// </summary>
public class SafeTensorsFuzzTests
{
    /// <summary>Allowed allocation per load: a few copies of the file (bytes, floats, validated copies) plus slack.</summary>
    private static long AllocationBound(int fileLength) => 8L * fileLength + (16L << 20);

    [Fact]
    public void Mutated_synthetic_weights_only_ever_fail_with_WeightsFormatException()
    {
        // Small synthetic files fuzz fast: the data section is irrelevant to most header mutations.
        Fuzz(RandomWeights.CreateFile(Budget.Seed), Budget.Scale(1500), "synthetic");
    }

    [Fact]
    public void Mutated_reference_weights_only_ever_fail_with_WeightsFormatException()
    {
        var bytes = File.ReadAllBytes(SharedData.ReferenceWeights);
        Fuzz(bytes, Budget.Scale(300), "reference");
    }

    [Fact]
    public void Unmutated_files_load()
    {
        // The fuzzer's starting point must itself be valid, or every mutation would fail trivially.
        var bytes = RandomWeights.CreateFile(Budget.Seed);
        var weights = MtcnnWeights.Load(new MemoryStream(bytes), "synthetic");
        Assert.Equal("RGB", weights.ChannelOrder);
    }

    private static void Fuzz(byte[] original, int iterations, string name)
    {
        var mutator = new SafeTensorsMutator(original);
        var random = new Random(Budget.Seed);
        int rejected = 0, loaded = 0;
        var reasons = new Dictionary<string, int>();
        for (int i = 0; i < iterations; i++)
        {
            var (bytes, description) = mutator.Mutate(random);
            // Half the time through a non-seekable stream: the reader cannot learn the size up front then.
            Stream stream = i % 2 == 0 ? new MemoryStream(bytes, writable: false) : new NonSeekableStream(bytes);
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                MtcnnWeights.Load(stream, name);
                loaded++;
            }
            catch (WeightsFormatException e)
            {
                rejected++;
                string key = e.Message.Split(':').Last().Trim();
                key = key[..Math.Min(key.Length, 30)];
                reasons[key] = reasons.GetValueOrDefault(key) + 1;
            }
            catch (Exception e)
            {
                Assert.Fail($"{name} mutation #{i} (seed {Budget.Seed}: {description}) threw {e.GetType().Name}: {e.Message}");
            }
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated <= AllocationBound(bytes.Length),
                $"{name} mutation #{i} (seed {Budget.Seed}: {description}) allocated {allocated / 1e6:F1} MB for a {bytes.Length / 1e6:F1} MB file");
        }
        var output = TestContext.Current.TestOutputHelper;
        output?.WriteLine($"{iterations} mutations of {name}: {rejected} rejected, {loaded} still valid");
        foreach (var (reason, count) in reasons.OrderByDescending(r => r.Value).Take(12)) output?.WriteLine($"  {count,5} × {reason}");
        Assert.True(rejected > iterations / 2, "most mutations should break the file; the mutator is not reaching the reader");
    }

    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override long Seek(long offset, SeekOrigin loc) => throw new NotSupportedException();
    }
}
