using MtcnnCuda.Backends;
using MtcnnCuda.Cascade;
using MtcnnCuda.Cuda;

namespace MtcnnCuda.Tests.Cuda;

/// <summary>
/// The device NMS (kernels/top_k.cu, nms_sort.cu, nms_mask.cu, nms.cu) against the CPU oracle on random box sets:
/// score ties and identical boxes (order decided by the key), 0, 1 and many boxes, counts at the 64-box word and
/// 2048-key sort-tile boundaries, live counts below the capacity, caps that cut a level, both modes, and every
/// pyramid level in one call (<see cref="CudaKernelSet.NmsLevels"/>). GPU only (the host emulator runs them in CI).
/// </summary>
[Collection(GpuSession.Collection)]
public sealed class GpuNmsTests
{
    public static TheoryData<int, int, NmsMode, bool> Sizes() => new()
    {
        { 0, 0, NmsMode.Union, false }, { 1, 1, NmsMode.Union, false }, { 2, 2, NmsMode.Min, true },
        { 63, 64, NmsMode.Union, false }, { 64, 64, NmsMode.Min, true }, { 65, 130, NmsMode.Union, true },
        { 2047, 2047, NmsMode.Union, false }, { 2048, 2048, NmsMode.Min, true }, { 2049, 3000, NmsMode.Union, false },
        { 4500, 4500, NmsMode.Min, false },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Nms_keeps_what_Nms_Select_keeps(int live, int capacity, NmsMode mode, bool plusOne)
    {
        var gpu = GpuSession.Require();
        var boxes = RandomBoxes(new Random(live * 7 + capacity), live);
        var expected = Nms.Select(boxes, 0.4f, mode, plusOne);

        using var dBoxes = gpu.Upload<GpuCandidate>(ToGpu(boxes, capacity));
        using var dCount = gpu.Upload<int>([live, 3]);   // the output starts at 3: NMS appends
        using var dSorted = Uninitialised<GpuCandidate>(gpu, capacity);
        using var dScratch = Uninitialised<ulong>(gpu, CudaKernelSet.NmsScratchWords(capacity));
        using var dOut = gpu.Zeros<GpuCandidate>(capacity + 3);
        gpu.Kernels.Nms(gpu.Stream, dBoxes.Pointer, dCount.At(0), capacity, dSorted.Pointer, dScratch.Pointer, 0.4f,
            mode == NmsMode.Min, plusOne, dOut.Pointer, dCount.At(1), postOp: 0, rekey: false);
        int end = gpu.Download(dCount, 2)[1];
        if (capacity == 0) { Assert.Equal(3, end); return; }
        Assert.Equal(3 + expected.Length, end);
        var actual = gpu.Download(dOut, end)[3..];
        Assert.Equal(expected, actual.Select(c => c.Key).ToArray());
        for (int i = 0; i < expected.Length; i++) AssertSameBox(boxes[expected[i]], actual[i]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Post_ops_and_rekey_behave_as_on_the_cpu(int postOp)
    {
        var gpu = GpuSession.Require();
        const int n = 700;
        var boxes = RandomBoxes(new Random(40 + postOp), n);
        var expected = Nms.Apply(boxes, 0.5f, NmsMode.Union);
        using var dBoxes = gpu.Upload<GpuCandidate>(ToGpu(boxes, n));
        using var dCount = gpu.Upload<int>([n, 0]);
        using var dSorted = Uninitialised<GpuCandidate>(gpu, n);
        using var dScratch = Uninitialised<ulong>(gpu, CudaKernelSet.NmsScratchWords(n));
        using var dOut = gpu.Zeros<GpuCandidate>(n);
        gpu.Kernels.Nms(gpu.Stream, dBoxes.Pointer, dCount.At(0), n, dSorted.Pointer, dScratch.Pointer, 0.5f,
            minMode: false, plusOne: false, dOut.Pointer, dCount.At(1), postOp, rekey: true);
        int kept = gpu.Download(dCount, 2)[1];
        var actual = gpu.Download(dOut, kept);
        Assert.Equal(expected.Length, kept);
        for (int i = 0; i < kept; i++)
        {
            var e = BoxOps.Square(BoxOps.Regress(expected[i], plusOne: postOp == 2));
            Assert.Equal(i, actual[i].Key);
            Assert.Equal(e.Score, actual[i].Score);
            CudaTestData.AssertClose([actual[i].X1, actual[i].Y1, actual[i].X2, actual[i].Y2], [e.X1, e.Y1, e.X2, e.Y2], atol: 1e-4f, what: $"box {i}");
        }
    }

    public static TheoryData<int[], int> LevelSets() => new()
    {
        // live counts per level (capacity = live + 5 % of them), cap: a cut level, an empty level, 1-box levels,
        // levels across the 2048-key sort tile.
        { new[] { 2100, 0, 1, 700, 64, 3000, 5 }, 1000 },
        { new[] { 300, 2500, 2049, 1 }, 2400 },
        // More levels than one launch takes (32): two groups, still appended in level order.
        { Enumerable.Range(0, 35).Select(l => 5 + l * 7 % 40).ToArray(), 30 },
    };

    [Theory]
    [MemberData(nameof(LevelSets))]
    public void All_levels_in_one_call_give_the_per_level_cpu_results_concatenated(int[] live, int cap)
    {
        var gpu = GpuSession.Require();
        var random = new Random(live.Sum() + cap);
        var capacities = live.Select(n => n + n / 20).ToArray();
        var offsets = new long[live.Length + 1];
        for (int l = 0; l < live.Length; l++) offsets[l + 1] = offsets[l] + capacities[l];
        var cells = new GpuCandidate[Math.Max(1, offsets[^1])];
        var expected = new List<Candidate> { default, default };   // the output already holds two boxes
        for (int l = 0; l < live.Length; l++)
        {
            var boxes = RandomBoxes(random, live[l]);
            ToGpu(boxes, capacities[l]).CopyTo(cells, offsets[l]);
            expected.AddRange(Nms.Apply(CandidateLimits.Top(boxes, cap), 0.5f, NmsMode.Union));
        }
        long bound = capacities.Sum(c => Math.Min(c, cap));

        using var dCells = gpu.Upload<GpuCandidate>(cells);
        using var dCounts = gpu.Upload<int>([.. live, 2]);
        using var dSorted = Uninitialised<GpuCandidate>(gpu, bound);
        using var dScratch = Uninitialised<ulong>(gpu, CudaKernelSet.NmsLevelsScratchWords(capacities, cap));
        using var dOut = gpu.Zeros<GpuCandidate>(bound + 2);
        gpu.Kernels.NmsLevels(gpu.Stream, dCells.Pointer, offsets, dCounts.Pointer, capacities, cap, dSorted.Pointer, dScratch.Pointer,
            0.5f, minMode: false, plusOne: false, dOut.Pointer, dCounts.At(live.Length), postOp: 0, rekey: true);
        int end = gpu.Download(dCounts, live.Length + 1)[live.Length];
        Assert.Equal(expected.Count, end);
        var actual = gpu.Download(dOut, end);
        for (int i = 2; i < end; i++)
        {
            Assert.Equal(i, actual[i].Key);
            AssertSameBox(expected[i], actual[i]);
        }
    }

    /// <summary>
    /// Clustered boxes (so suppression happens), scores from eight values including 0 and −0 (ties decided by the
    /// index), every fifth box a copy of an earlier one with its score (identical boxes), offsets for the post-ops.
    /// </summary>
    private static Candidate[] RandomBoxes(Random random, int n)
    {
        float[] scores = [0f, -0f, 0.25f, 0.5f, 0.6f, 0.75f, 0.9f, 1f];
        var boxes = new Candidate[n];
        for (int i = 0; i < n; i++)
        {
            if (i % 5 == 4) { boxes[i] = boxes[random.Next(i)]; continue; }
            float cx = random.Next(0, 12) * 30 + (float)random.NextDouble() * 12, cy = random.Next(0, 8) * 30 + (float)random.NextDouble() * 12;
            float s = 10 + (float)random.NextDouble() * 25;
            float score = random.Next(3) == 0 ? scores[random.Next(scores.Length)] : (float)random.NextDouble();
            boxes[i] = new Candidate(cx, cy, cx + s, cy + s * (0.8f + (float)random.NextDouble() * 0.4f), score)
            {
                Dx1 = (float)random.NextDouble() * 0.2f - 0.1f, Dy1 = (float)random.NextDouble() * 0.2f - 0.1f,
                Dx2 = (float)random.NextDouble() * 0.2f - 0.1f, Dy2 = (float)random.NextDouble() * 0.2f - 0.1f,
            };
        }
        return boxes;
    }

    /// <summary>The boxes with key = index, padded to <paramref name="capacity"/> with boxes past the live count.</summary>
    private static GpuCandidate[] ToGpu(Candidate[] boxes, int capacity)
    {
        var result = new GpuCandidate[Math.Max(capacity, boxes.Length)];
        for (int i = 0; i < result.Length; i++)
        {
            // Past the live count: a high-scoring box that would win if the kernels read beyond the count.
            var b = i < boxes.Length ? boxes[i] : new Candidate(0, 0, 500, 500, 2f);
            result[i] = new GpuCandidate { X1 = b.X1, Y1 = b.Y1, X2 = b.X2, Y2 = b.Y2, Score = b.Score, Dx1 = b.Dx1, Dy1 = b.Dy1, Dx2 = b.Dx2, Dy2 = b.Dy2, Key = i };
        }
        return result;
    }

    /// <summary>A device buffer left as allocated (the host emulator fills it with 0xFF): the kernels must not rely on zeroes.</summary>
    private static DeviceBuffer<T> Uninitialised<T>(GpuSession gpu, long count) where T : unmanaged => new(gpu.Context, Math.Max(1, count));

    private static void AssertSameBox(in Candidate expected, in GpuCandidate actual)
    {
        Assert.Equal((expected.X1, expected.Y1, expected.X2, expected.Y2), (actual.X1, actual.Y1, actual.X2, actual.Y2));
        Assert.Equal(expected.Score, actual.Score);
        Assert.Equal((expected.Dx1, expected.Dy1, expected.Dx2, expected.Dy2), (actual.Dx1, actual.Dy1, actual.Dx2, actual.Dy2));
    }
}
