using MtcnnCuda.Backends;

namespace MtcnnCuda.Tests.Cuda;

/// <summary>
/// The batch kernels of the device-resident cascade read their live batch on the device: launched with a cap-sized
/// batch and a live count (below the cap, or above it: clamped), they compute exactly the rows an exact-size launch
/// computes and leave the rest of the buffer untouched. Batches are large enough that the capped grid
/// (CudaKernelSet.LiveGridBlocks) has to loop; the crop nets' live counts are tested in GpuCropNetTests. GPU only (the host emulator runs them in CI).
/// </summary>
[Collection(GpuSession.Collection)]
public sealed class GpuLiveCountTests
{
    private const float Untouched = -7.25f;

    [Fact]
    public void Conv_computes_only_the_live_maps()
    {
        var gpu = GpuSession.Require();
        var random = new Random(3);
        int cin = 3, hw = 48, cout = 32, k = 3, capacity = 30, live = 20;   // ONet conv1 + pool: 32 × 23 × 23 per map
        var input = CudaTestData.Uniform(random, capacity * cin * hw * hw, -1, 1);
        using var dIn = gpu.Upload<float>(input);
        using var dW = gpu.Upload<float>(CudaTestData.Uniform(random, cout * cin * k * k, -0.3f, 0.3f));
        using var dB = gpu.Upload<float>(CudaTestData.Uniform(random, cout, -0.1f, 0.1f));
        using var dA = gpu.Upload<float>(CudaTestData.Uniform(random, cout, 0, 0.5f));
        var p = new ConvParams
        {
            In = dIn.Pointer, Weight = dW.Pointer, Bias = dB.Pointer, Alpha = dA.Pointer, Cin = cin, H = hw, W = hw, Cout = cout, K = k,
            ConvH = hw - k + 1, ConvW = hw - k + 1, PoolK = 3, PoolS = 2, OutH = 23, OutW = 23,
        };
        AssertLiveRows(gpu, live, capacity, cout * 23 * 23,
            (outPtr, batch, livePtr) => gpu.Kernels.Conv(gpu.Stream, p with { Out = outPtr, Batch = batch, Live = livePtr }));
    }

    [Fact]
    public void Pack_faces_packs_the_counted_faces_with_their_landmarks()
    {
        var gpu = GpuSession.Require();
        int capacity = 5;
        var faces = new GpuCandidate[capacity];
        for (int i = 0; i < capacity; i++) faces[i] = new GpuCandidate { X1 = i, Y1 = 10 + i, X2 = 20 + i, Y2 = 30 + i, Score = 0.5f + 0.1f * i, Key = 4 - i };
        var marks = CudaTestData.Uniform(new Random(9), 10 * capacity, 0, 100);
        using var dFaces = gpu.Upload<GpuCandidate>(faces);
        using var dMarks = gpu.Upload<float>(marks);
        using var dCount = gpu.Upload<int>([3]);
        using var dOut = gpu.Upload<float>(Enumerable.Repeat(Untouched, (int)CascadeSizes.PackedFloats(capacity)).ToArray());
        gpu.Kernels.PackFaces(gpu.Stream, new PackFacesParams { Faces = dFaces.Pointer, Count = dCount.Pointer, Marks = dMarks.Pointer, Out = dOut.Pointer, Capacity = capacity });
        var packed = gpu.Download(dOut, CascadeSizes.PackedFloats(capacity));
        Assert.Equal(3, BitConverter.SingleToInt32Bits(packed[0]));
        for (int f = 0; f < 3; f++)
        {
            var c = faces[f];
            Assert.Equal([c.X1, c.Y1, c.X2, c.Y2, c.Score, .. marks.AsSpan(10 * c.Key, 10)], packed.AsSpan(4 + 15 * f, 15).ToArray());
        }
        Assert.All(packed[(4 + 15 * 3)..], v => Assert.Equal(Untouched, v));
    }

    /// <summary>
    /// Runs <paramref name="launch"/> twice: exactly min(live, capacity) rows without a live pointer (the reference),
    /// then capacity rows with the live count on the device; the live rows must agree, the others stay untouched.
    /// </summary>
    private static void AssertLiveRows(GpuSession gpu, int live, int capacity, int perRow, Action<ulong, int, ulong> launch)
    {
        int rows = Math.Min(live, capacity);
        var filler = Enumerable.Repeat(Untouched, capacity * perRow).ToArray();
        using var dExact = gpu.Upload<float>(filler);
        using var dLive = gpu.Upload<float>(filler);
        using var dCount = gpu.Upload<int>([live]);
        if (rows > 0) launch(dExact.Pointer, rows, 0);
        launch(dLive.Pointer, capacity, dCount.Pointer);
        var exact = gpu.Download(dExact, filler.Length);
        var actual = gpu.Download(dLive, filler.Length);
        Assert.Equal(exact, actual);
        Assert.All(actual[(rows * perRow)..], v => Assert.Equal(Untouched, v));
    }
}
