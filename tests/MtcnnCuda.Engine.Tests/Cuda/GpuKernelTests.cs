using MtcnnCuda.Backends;
using MtcnnCuda.Cascade;
using MtcnnCuda.Cpu;

namespace MtcnnCuda.Tests.Cuda;

/// <summary>
/// Each kernel against the CPU oracle on random inputs: |gpu − cpu| ≤ atol + rtol·|cpu| with rtol 1e-4, or exact
/// equality where the kernel promises it (layout conversion, NMS decisions). GPU only: skips with the reason elsewhere.
/// The fused PNet kernel has its own class (<see cref="GpuPNetFusedTests"/>).
/// One class, so its tests run one at a time on the shared stream.
/// </summary>
[Collection(GpuSession.Collection)]
public sealed class GpuKernelTests
{
    [Theory]
    [InlineData(PixelFormat.Rgb24)]
    [InlineData(PixelFormat.Bgr24)]
    [InlineData(PixelFormat.Rgba32)]
    [InlineData(PixelFormat.Bgra32)]
    public void ToPlanar_matches_PlanarImage(PixelFormat format)
    {
        var gpu = GpuSession.Require();
        var random = new Random(1);
        int w = 37, h = 23, bpp = format.BytesPerPixel(), stride = w * bpp + 5;
        var pixels = new byte[stride * h];
        random.NextBytes(pixels);
        var expected = PlanarImage.FromPixels(new PixelView(pixels, w, h, stride, format), rgbOrder: true);
        bool swap = !format.IsRedFirst();
        using var dPixels = gpu.Upload<byte>(pixels);
        using var dPlanar = gpu.Zeros<float>(3 * w * h);
        gpu.Kernels.ToPlanar(gpu.Stream, new ToPlanarParams
        {
            Pixels = dPixels.Pointer, Planar = dPlanar.Pointer, Width = w, Height = h, Stride = stride, Bpp = bpp,
            C0 = swap ? 2 : 0, C1 = 1, C2 = swap ? 0 : 2,
        });
        Assert.Equal(expected, gpu.Download(dPlanar, 3 * w * h));
    }

    [Theory]
    [InlineData(1, 3, 30, 27, 10, 3, 2, 2)]   // PNet conv1 + pool 2/2 (odd sizes: ceil-mode edge windows)
    [InlineData(1, 10, 14, 13, 16, 3, 0, 0)]  // PNet conv2
    [InlineData(3, 3, 24, 24, 28, 3, 3, 2)]   // RNet conv1 + pool 3/2
    [InlineData(3, 28, 11, 11, 48, 3, 3, 2)]  // RNet conv2 + pool 3/2
    [InlineData(2, 48, 4, 4, 64, 2, 0, 0)]    // RNet conv3
    [InlineData(2, 64, 10, 10, 64, 3, 2, 2)]  // ONet conv3 + pool 2/2
    public void Conv_prelu_pool_matches_CpuOps(int batch, int cin, int h, int w, int cout, int k, int poolK, int poolS)
    {
        var gpu = GpuSession.Require();
        var random = new Random(3 + cin);
        var input = CudaTestData.Uniform(random, batch * cin * h * w, -1, 1);
        var weight = CudaTestData.Uniform(random, cout * cin * k * k, -0.3f, 0.3f);
        var bias = CudaTestData.Uniform(random, cout, -0.1f, 0.1f);
        var alpha = CudaTestData.Uniform(random, cout, 0, 0.5f);
        int ch = h - k + 1, cw = w - k + 1;
        int oh = poolK > 0 ? CpuOps.PoolOutputSize(ch, poolK, poolS) : ch;
        int ow = poolK > 0 ? CpuOps.PoolOutputSize(cw, poolK, poolS) : cw;
        var expected = new float[batch * cout * oh * ow];
        for (int n = 0; n < batch; n++)
        {
            var conv = new float[cout * ch * cw];
            CpuOps.Conv2d(input.AsSpan(n * cin * h * w, cin * h * w), cin, h, w, weight, bias, cout, k, conv, alpha);
            var dst = expected.AsSpan(n * cout * oh * ow, cout * oh * ow);
            if (poolK > 0) CpuOps.MaxPool(conv, cout, ch, cw, poolK, poolS, dst);
            else conv.CopyTo(dst);
        }
        using var dIn = gpu.Upload<float>(input);
        using var dW = gpu.Upload<float>(weight);
        using var dB = gpu.Upload<float>(bias);
        using var dA = gpu.Upload<float>(alpha);
        using var dOut = gpu.Zeros<float>(expected.Length);
        gpu.Kernels.Conv(gpu.Stream, new ConvParams
        {
            In = dIn.Pointer, Weight = dW.Pointer, Bias = dB.Pointer, Alpha = dA.Pointer, Out = dOut.Pointer,
            Batch = batch, Cin = cin, H = h, W = w, Cout = cout, K = k, ConvH = ch, ConvW = cw,
            PoolK = poolK, PoolS = poolS, OutH = oh, OutW = ow,
        });
        CudaTestData.AssertClose(gpu.Download(dOut, expected.Length), expected, atol: 1e-5f, what: "conv");
    }

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
