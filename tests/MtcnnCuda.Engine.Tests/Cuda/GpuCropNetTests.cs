using MtcnnCuda.Backends;
using MtcnnCuda.Cascade;
using MtcnnCuda.Cpu;

namespace MtcnnCuda.Tests.Cuda;

/// <summary>
/// The RNet/ONet kernels (crop_net_conv with its fused crop loader, crop_net_dense, crop_net_heads) against the CPU
/// oracle: the crop loader exactly against CropSampler, each layer against CpuOps, whole nets on real crops against
/// CpuNets. Counts of 1, of many and not multiples of the tiles; boxes partly or wholly outside the image in both
/// edge modes. GPU only (and the host emulator): skips with the reason elsewhere.
/// </summary>
[Collection(GpuSession.Collection)]
public sealed class GpuCropNetTests
{
    private const float Mean = 127.5f, Scale = 0.0078125f;

    /// <summary>Boxes inside, across every edge, wholly outside, larger than the image, smaller than a crop, diverged.</summary>
    private static readonly Candidate[] EdgeBoxes =
    [
        new(10.4f, 5.9f, 40.2f, 35.7f, 1),
        new(-8.3f, -4.2f, 20.1f, 24.6f, 1),
        new(55, 30, 90, 65, 1),
        new(3, 3, 9, 9, 1),
        new(-30, -30, -10, -10, 1),
        new(-5, -5, 100, 80, 1),
        new(float.NaN, 4, 30, float.NaN, 1),
        new(-1e30f, -1e30f, 30, 20, 1),
        new(5, 5, float.PositiveInfinity, 3e9f, 1),
        new(60, -7, 75, 12, 1),
    ];

    private static GpuCandidate ToGpu(Candidate b, int key = 0) =>
        new() { X1 = b.X1, Y1 = b.Y1, X2 = b.X2, Y2 = b.Y2, Score = b.Score, Key = key };

    /// <summary>CpuBackend's crops: CropSampler on the planar image, an empty window filled with −mean·scale.</summary>
    private static float[] CpuCrops(float[] planar, int w, int h, Candidate[] boxes, int size, EdgeMode mode)
    {
        int per = 3 * size * size;
        var crops = new float[boxes.Length * per];
        for (int i = 0; i < boxes.Length; i++)
        {
            var window = BoxOps.Window(boxes[i], w, h, mode);
            var dst = crops.AsSpan(i * per, per);
            if (window.IsEmpty) dst.Fill(-Mean * Scale);
            else CropSampler.Sample(planar, h, w, window, size, Mean, Scale, dst);
        }
        return crops;
    }

    private static (byte[] Pixels, int Stride) RandomPixels(Random random, int w, int h, PixelFormat format)
    {
        int stride = w * format.BytesPerPixel() + 3;
        var pixels = new byte[stride * h];
        random.NextBytes(pixels);
        return (pixels, stride);
    }

    [Theory]
    [InlineData(EdgeMode.ZeroPad, 24, PixelFormat.Rgb24)]
    [InlineData(EdgeMode.Clip, 24, PixelFormat.Bgra32)]
    [InlineData(EdgeMode.ZeroPad, 48, PixelFormat.Bgr24)]
    [InlineData(EdgeMode.Clip, 48, PixelFormat.Rgba32)]
    public void Crop_loader_reads_pixels_exactly_as_CropSampler(EdgeMode mode, int size, PixelFormat format)
    {
        // A 1×1 identity conv without PReLU passes the loaded crop through unchanged (0 + v·1 is exact).
        var gpu = GpuSession.Require();
        int w = 70, h = 50;
        var (pixels, stride) = RandomPixels(new Random(21), w, h, format);
        var planar = PlanarImage.FromPixels(new PixelView(pixels, w, h, stride, format), rgbOrder: true);
        var expected = CpuCrops(planar, w, h, EdgeBoxes, size, mode);
        float[] identity = [1, 0, 0, 0, 1, 0, 0, 0, 1];
        using var dPixels = gpu.Upload<byte>(pixels);
        using var dBoxes = gpu.Upload<GpuCandidate>(EdgeBoxes.Select(b => ToGpu(b)).ToArray());
        using var dW = gpu.Upload<float>(identity);
        using var dB = gpu.Upload<float>(new float[3]);
        using var dOut = gpu.Zeros<float>(expected.Length);
        bool swap = !format.IsRedFirst();
        gpu.Kernels.CropConv(gpu.Stream, new CropConvParams
        {
            Pixels = dPixels.Pointer, Boxes = dBoxes.Pointer, Weight = dW.Pointer, Bias = dB.Pointer, Out = dOut.Pointer,
            Count = EdgeBoxes.Length, Cin = 3, H = size, W = size, Cout = 3, K = 1, OutH = size, OutW = size, CoTile = 4, KPad = 8, ChunksPerBlock = 1,
            Width = w, Height = h, Stride = stride, Bpp = format.BytesPerPixel(), C0 = swap ? 2 : 0, C1 = 1, C2 = swap ? 0 : 2,
            Clip = mode == EdgeMode.Clip ? 1 : 0, Mean = Mean, Scale = Scale,
        });
        Assert.Equal(expected, gpu.Download(dOut, expected.Length));
    }

    public static TheoryData<int, int, int, int> Layers()
    {
        var data = new TheoryData<int, int, int, int>();
        var all = CropNetLayer.All.ToArray();
        for (int i = 0; i < all.Length; i++)
        {
            data.Add(i, 5, 0, 0);   // the planned chunk, all chunks in one block
            data.Add(i, 1, 8, 1);   // chunks of 8 channels, one per block: a short last one for RNet's 28
            data.Add(i, 3, 8, 3);   // three chunks per block: a short last slice
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public void Each_layer_matches_CpuOps_conv_then_pool(int layerIndex, int count, int coTile, int chunksPerBlock)
    {
        var gpu = GpuSession.Require();
        var layer = CropNetLayer.All.ElementAt(layerIndex);
        var random = new Random(30 + layerIndex);
        int size = layer.Size, cin = layer.Cin, cout = layer.Cout, k = layer.K, ch = layer.ConvSize, oh = layer.OutSize;
        var input = CudaTestData.Uniform(random, count * cin * size * size, -1, 1);
        var weight = CudaTestData.Uniform(random, cout * cin * k * k, -0.3f, 0.3f);
        var bias = CudaTestData.Uniform(random, cout, -0.1f, 0.1f);
        var alpha = CudaTestData.Uniform(random, cout, 0, 0.5f);
        var expected = new float[count * cout * oh * oh];
        for (int n = 0; n < count; n++)
        {
            var conv = new float[cout * ch * ch];
            CpuOps.Conv2d(input.AsSpan(n * cin * size * size, cin * size * size), cin, size, size, weight, bias, cout, k, conv, alpha);
            var dst = expected.AsSpan(n * cout * oh * oh, cout * oh * oh);
            if (layer.PoolK > 0) CpuOps.MaxPool(conv, cout, ch, ch, layer.PoolK, layer.PoolS, dst);
            else conv.CopyTo(dst);
        }
        using var dIn = gpu.Upload<float>(input);
        using var dW = gpu.Upload<float>(weight);
        using var dB = gpu.Upload<float>(bias);
        using var dA = gpu.Upload<float>(alpha);
        using var dOut = gpu.Zeros<float>(expected.Length);
        gpu.Kernels.CropConv(gpu.Stream, new CropConvParams
        {
            In = dIn.Pointer, Weight = dW.Pointer, Bias = dB.Pointer, Alpha = dA.Pointer, Out = dOut.Pointer,
            Count = count, Cin = cin, H = size, W = size, Cout = cout, K = k, PoolK = layer.PoolK, PoolS = layer.PoolS,
            OutH = oh, OutW = oh, CoTile = coTile > 0 ? coTile : layer.CoTile(false, gpu.Kernels.CropConvSharedLimit), KPad = layer.KPad,
            ChunksPerBlock = chunksPerBlock > 0 ? chunksPerBlock : 1000,
        });
        CudaTestData.AssertClose(gpu.Download(dOut, expected.Length), expected, atol: 1e-4f, what: $"{layer.Net} {layer.Conv}");
    }

    [Theory]
    [InlineData(1, 576, 128, true)]
    [InlineData(130, 1152, 256, true)]    // rows past two whole 64-row tiles
    [InlineData(65, 100, 70, false)]      // inputs not a multiple of 16, outputs not of 64
    public void Dense_gemm_matches_CpuOps(int batch, int inputs, int outputs, bool prelu)
    {
        var gpu = GpuSession.Require();
        var random = new Random(inputs + outputs);
        var input = CudaTestData.Uniform(random, batch * inputs, -1, 1);
        var weight = CudaTestData.Uniform(random, outputs * inputs, -0.3f, 0.3f);
        var bias = CudaTestData.Uniform(random, outputs, -0.1f, 0.1f);
        var alpha = CudaTestData.Uniform(random, outputs, 0, 0.5f);
        var expected = new float[batch * outputs];
        for (int n = 0; n < batch; n++)
            CpuOps.Dense(input.AsSpan(n * inputs, inputs), weight, bias, expected.AsSpan(n * outputs, outputs), prelu ? alpha : default);
        using var dIn = gpu.Upload<float>(input);
        using var dW = gpu.Upload<float>(weight);
        using var dB = gpu.Upload<float>(bias);
        using var dA = gpu.Upload<float>(alpha);
        using var dOut = gpu.Zeros<float>(expected.Length);
        gpu.Kernels.CropDense(gpu.Stream, new CropDenseParams
        {
            In = dIn.Pointer, Weight = dW.Pointer, Bias = dB.Pointer, Alpha = prelu ? dA.Pointer : 0, Out = dOut.Pointer,
            Batch = batch, Inputs = inputs, Outputs = outputs,
        });
        // Summation order differs from the CPU's vector lanes: a few ulps per term.
        CudaTestData.AssertClose(gpu.Download(dOut, expected.Length), expected, atol: 1e-4f, what: "dense");
    }

    [Fact]
    public void Rows_past_the_live_count_on_the_device_are_left_alone()
    {
        var gpu = GpuSession.Require();
        const int batch = 70, live = 3, inputs = 32, outputs = 8;
        var random = new Random(40);
        using var dIn = gpu.Upload<float>(CudaTestData.Uniform(random, batch * inputs, -1, 1));
        using var dW = gpu.Upload<float>(CudaTestData.Uniform(random, outputs * inputs, -1, 1));
        using var dB = gpu.Upload<float>(new float[outputs]);
        using var dLive = gpu.Upload<int>([live]);
        using var dOut = gpu.Upload<float>(Enumerable.Repeat(42f, batch * outputs).ToArray());
        gpu.Kernels.CropDense(gpu.Stream, new CropDenseParams
        {
            In = dIn.Pointer, Weight = dW.Pointer, Bias = dB.Pointer, Out = dOut.Pointer, Live = dLive.Pointer,
            Batch = batch, Inputs = inputs, Outputs = outputs,
        });
        var output = gpu.Download(dOut, batch * outputs);
        Assert.Contains(output[..(live * outputs)], v => v != 42f);
        Assert.All(output[(live * outputs)..], v => Assert.Equal(42f, v));
    }
}
