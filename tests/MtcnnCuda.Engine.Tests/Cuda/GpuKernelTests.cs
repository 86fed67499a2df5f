using MtcnnCuda.Backends;
using MtcnnCuda.Cascade;
using MtcnnCuda.Cpu;

namespace MtcnnCuda.Tests.Cuda;

/// <summary>
/// The NMS kernels against the CPU oracle on random inputs: the same boxes kept, in the same order. GPU only: skips
/// with the reason elsewhere. The other kernels have their own classes (<see cref="GpuPNetFusedTests"/>, GpuCropNetTests, …).
/// One class, so its tests run one at a time on the shared stream.
/// </summary>
[Collection(GpuSession.Collection)]
public sealed class GpuKernelTests
{
    public static TheoryData<NmsMode, bool, int> NmsCases() => new()
    {
        { NmsMode.Union, false, 0 }, { NmsMode.Union, false, 1 }, { NmsMode.Union, true, 2 }, { NmsMode.Min, true, 0 },
    };

    [Theory]
    [MemberData(nameof(NmsCases))]
    public void Bitmask_nms_keeps_what_Nms_Select_keeps(NmsMode mode, bool plusOne, int postOp)
    {
        var gpu = GpuSession.Require();
        var random = new Random(6 + postOp);
        const int n = 300; // > 4 words of 64: exercises the chunked reduce
        var boxes = new Candidate[n];
        var gpuBoxes = new GpuCandidate[n];
        for (int i = 0; i < n; i++)
        {
            // Clustered boxes so that suppression really happens; some equal scores to test tie order.
            float cx = random.Next(0, 6) * 40 + (float)random.NextDouble() * 10, cy = random.Next(0, 4) * 40 + (float)random.NextDouble() * 10;
            float s = 12 + (float)random.NextDouble() * 30;
            float score = i % 17 == 0 ? 0.9f : (float)random.NextDouble();
            boxes[i] = new Candidate(cx, cy, cx + s, cy + s * (0.8f + (float)random.NextDouble() * 0.4f), score)
            {
                Dx1 = (float)random.NextDouble() * 0.2f - 0.1f, Dy1 = (float)random.NextDouble() * 0.2f - 0.1f,
                Dx2 = (float)random.NextDouble() * 0.2f - 0.1f, Dy2 = (float)random.NextDouble() * 0.2f - 0.1f,
            };
            var b = boxes[i];
            gpuBoxes[i] = new GpuCandidate { X1 = b.X1, Y1 = b.Y1, X2 = b.X2, Y2 = b.Y2, Score = b.Score, Dx1 = b.Dx1, Dy1 = b.Dy1, Dx2 = b.Dx2, Dy2 = b.Dy2, Key = i };
        }
        var keep = Nms.Select(boxes, 0.5f, mode, plusOne);
        Assert.InRange(keep.Length, 10, n - 10);

        using var dBoxes = gpu.Upload<GpuCandidate>(gpuBoxes);
        using var dCount = gpu.Upload<int>([n, 0]);
        using var dSorted = gpu.Zeros<GpuCandidate>(n);
        using var dMask = gpu.Zeros<ulong>(CudaKernelSet.NmsScratchWords(n));
        using var dOut = gpu.Zeros<GpuCandidate>(n);
        gpu.Kernels.Nms(gpu.Stream, dBoxes.Pointer, dCount.At(0), n, dSorted.Pointer, dMask.Pointer, 0.5f,
            mode == NmsMode.Min, plusOne, dOut.Pointer, dCount.At(1), postOp, rekey: false);
        int kept = gpu.Download(dCount, 2)[1];
        var actual = gpu.Download(dOut, kept);
        Assert.Equal(keep, actual.Select(c => c.Key).ToArray());
        for (int i = 0; i < kept; i++)
        {
            var e = boxes[keep[i]];
            if (postOp == 1) e = BoxOps.Square(BoxOps.Regress(e, plusOne: false));
            if (postOp == 2) e = BoxOps.Square(BoxOps.Regress(e, plusOne: true));
            CudaTestData.AssertClose([actual[i].X1, actual[i].Y1, actual[i].X2, actual[i].Y2], [e.X1, e.Y1, e.X2, e.Y2], atol: 1e-4f, what: "box");
        }
    }
}
