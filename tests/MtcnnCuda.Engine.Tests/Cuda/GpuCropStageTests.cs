using MtcnnCuda.Backends;
using MtcnnCuda.Cascade;
using MtcnnCuda.Cpu;
using MtcnnCuda.Weights;

namespace MtcnnCuda.Tests.Cuda;

/// <summary>
/// Whole RNet/ONet stages on the GPU kernels (crop loader → conv layers → dense GEMM → heads + threshold +
/// compaction) against the CPU oracle: CropSampler crops through <see cref="CpuNets"/> with the same weights, on
/// real pixels (multiface.jpg) and on random weights, boxes partly outside the image in both edge modes.
/// GPU only (and the host emulator).
/// </summary>
[Collection(GpuSession.Collection)]
public sealed class GpuCropStageTests
{
    /// <summary>Kept candidates of one stage, by crop index: probability, offsets, landmarks (image coordinates).</summary>
    private sealed record Kept(int Key, float Prob, float[] Reg, float[]? Marks);

    private static Candidate[] Boxes(Random random, int count, int w, int h)
    {
        var boxes = new Candidate[count];
        for (int i = 0; i < count; i++)
        {
            // Squares of 10..160 px centred anywhere from 20 px outside the image to 20 px inside the far edge.
            float side = 10 + (float)random.NextDouble() * 150, cx = -20 + (float)random.NextDouble() * (w + 40), cy = -20 + (float)random.NextDouble() * (h + 40);
            boxes[i] = new Candidate(cx - side / 2, cy - side / 2, cx + side / 2, cy + side / 2, 1);
        }
        return boxes;
    }

    private static List<Kept> CpuStage(MtcnnWeights weights, ImageData image, Candidate[] boxes, bool onet, EdgeMode mode, float threshold)
    {
        int size = onet ? 48 : 24, per = 3 * size * size;
        var planar = PlanarImage.FromPixels(PixelView.From(image), weights.RgbInput);
        var batch = new float[boxes.Length * per];
        for (int i = 0; i < boxes.Length; i++)
        {
            var window = BoxOps.Window(boxes[i], image.Width, image.Height, mode);
            var dst = batch.AsSpan(i * per, per);
            if (window.IsEmpty) dst.Fill(-weights.PixelMean * weights.PixelScale);
            else CropSampler.Sample(planar, image.Height, image.Width, window, size, weights.PixelMean, weights.PixelScale, dst);
        }
        using var nets = new CpuNets(weights, threads: 1);
        var output = onet ? nets.RunONet(batch, boxes.Length) : nets.RunRNet(batch, boxes.Length);
        var kept = new List<Kept>();
        for (int i = 0; i < boxes.Length; i++)
        {
            if (!(output.Prob[i] > threshold)) continue;
            float[]? marks = null;
            if (onet)
            {
                var b = boxes[i];
                float bw = b.X2 - b.X1 + 1, bh = b.Y2 - b.Y1 + 1;
                marks = new float[10];
                for (int k = 0; k < 5; k++)
                {
                    marks[2 * k] = bw * output.Landmarks![10 * i + k] + b.X1 - 1;
                    marks[2 * k + 1] = bh * output.Landmarks![10 * i + 5 + k] + b.Y1 - 1;
                }
            }
            kept.Add(new Kept(i, output.Prob[i], output.Reg.AsSpan(4 * i, 4).ToArray(), marks));
        }
        return kept;
    }

    private static List<Kept> GpuStage(GpuSession gpu, MtcnnWeights weights, ImageData image, Candidate[] boxes, bool onet, EdgeMode mode, float threshold,
        bool tf32 = false)
    {
        using var parameters = new CudaNetWeights(gpu.Context, weights);
        var layers = onet ? CropNetLayer.ONet : CropNetLayer.RNet;
        int count = boxes.Length, largest = layers.Max(l => l.OutputsPerCrop), hidden = onet ? 256 : 128;
        string net = onet ? "onet" : "rnet";
        using var dPixels = gpu.Upload<byte>(image.Pixels.Span);
        using var dBoxes = gpu.Upload<GpuCandidate>(boxes.Select((b, i) => new GpuCandidate { X1 = b.X1, Y1 = b.Y1, X2 = b.X2, Y2 = b.Y2, Score = 1, Key = i }).ToArray());
        using var a = gpu.Zeros<float>((long)count * largest);
        using var b = gpu.Zeros<float>((long)count * largest);
        using var dense = gpu.Zeros<float>((long)count * hidden);
        using var kept = gpu.Zeros<GpuCandidate>(count);
        using var marks = gpu.Zeros<float>(10L * count);
        using var keptCount = gpu.Zeros<int>(1);
        bool swap = image.Format.IsRedFirst() != weights.RgbInput;
        ulong input = 0, output = a.Pointer;
        foreach (var layer in layers)
        {
            int coTile = layer.CoTile(tf32, gpu.Kernels.CropConvSharedLimit);
            gpu.Kernels.CropConv(gpu.Stream, new CropConvParams
            {
                In = input, Pixels = input == 0 ? dPixels.Pointer : 0, Boxes = dBoxes.Pointer,
                Weight = parameters[$"{net}.{layer.Conv}.weight"], Bias = parameters[$"{net}.{layer.Conv}.bias"],
                Alpha = parameters[$"{net}.{layer.Prelu}.weight"], Out = output,
                Count = count, Cin = layer.Cin, H = layer.Size, W = layer.Size, Cout = layer.Cout, K = layer.K,
                PoolK = layer.PoolK, PoolS = layer.PoolS, OutH = layer.OutSize, OutW = layer.OutSize,
                CoTile = coTile, KPad = layer.KPad, Tf32 = tf32 ? 1 : 0,
                // As the backend plans it for a 132-SM GPU: small batches split their channels across blocks.
                ChunksPerBlock = layer.ChunksPerBlock(coTile, count, 132),
                Width = image.Width, Height = image.Height, Stride = image.Stride, Bpp = image.Format.BytesPerPixel(),
                C0 = swap ? 2 : 0, C1 = 1, C2 = swap ? 0 : 2, Clip = mode == EdgeMode.Clip ? 1 : 0,
                Mean = weights.PixelMean, Scale = weights.PixelScale,
            });
            input = output;
            output = output == a.Pointer ? b.Pointer : a.Pointer;
        }
        string d = onet ? "dense5" : "dense4", p = onet ? "prelu5" : "prelu4", h = onet ? "dense6" : "dense5";
        gpu.Kernels.CropDense(gpu.Stream, new CropDenseParams
        {
            In = input, Weight = parameters[$"{net}.{d}.weight"], Bias = parameters[$"{net}.{d}.bias"], Alpha = parameters[$"{net}.{p}.weight"],
            Out = dense.Pointer, Batch = count, Inputs = layers[^1].OutputsPerCrop, Outputs = hidden,
        });
        gpu.Kernels.CropHeads(gpu.Stream, new CropHeadsParams
        {
            Features = dense.Pointer, ClsWeight = parameters[$"{net}.{h}_1.weight"], ClsBias = parameters[$"{net}.{h}_1.bias"],
            BoxWeight = parameters[$"{net}.{h}_2.weight"], BoxBias = parameters[$"{net}.{h}_2.bias"],
            MarksWeight = onet ? parameters[$"{net}.{h}_3.weight"] : 0, MarksBias = onet ? parameters[$"{net}.{h}_3.bias"] : 0,
            Boxes = dBoxes.Pointer, Out = kept.Pointer, Marks = onet ? marks.Pointer : 0, Count = keptCount.Pointer,
            Batch = count, FeaturesPerCrop = hidden, Threshold = threshold, RegressKept = 0,
        });
        int n = gpu.Download(keptCount, 1)[0];
        var candidates = gpu.Download(kept, n);
        var allMarks = gpu.Download(marks, 10L * count);
        return candidates.OrderBy(c => c.Key).Select(c => new Kept(c.Key, c.Score, [c.Dx1, c.Dy1, c.Dx2, c.Dy2],
            onet ? allMarks.AsSpan(10 * c.Key, 10).ToArray() : null)).ToList();
    }

    private static void AssertSameKept(List<Kept> cpu, List<Kept> gpu, float threshold, float tolerance = 1e-4f)
    {
        // A crop whose probability lies within 1e-4 of the threshold may fall on either side.
        var cpuKeys = cpu.Where(k => k.Prob > threshold + 1e-4f).Select(k => k.Key).ToHashSet();
        var gpuKeys = gpu.Select(k => k.Key).ToHashSet();
        Assert.Subset(gpuKeys, cpuKeys);
        Assert.Subset(cpu.Select(k => k.Key).ToHashSet(), gpu.Where(k => k.Prob > threshold + 1e-4f).Select(k => k.Key).ToHashSet());
        var byKey = gpu.ToDictionary(k => k.Key);
        foreach (var e in cpu.Where(k => byKey.ContainsKey(k.Key)))
        {
            var a = byKey[e.Key];
            Assert.Equal(e.Prob, a.Prob, tolerance);
            CudaTestData.AssertClose(a.Reg, e.Reg, atol: tolerance, what: $"reg of crop {e.Key}");
            if (e.Marks is not null) CudaTestData.AssertClose(a.Marks!, e.Marks, atol: 20 * tolerance, what: $"marks of crop {e.Key}");
        }
    }

    [Theory]
    [InlineData(false, EdgeMode.ZeroPad, 1)]
    [InlineData(false, EdgeMode.Clip, 67)]
    [InlineData(true, EdgeMode.ZeroPad, 37)]
    [InlineData(true, EdgeMode.Clip, 5)]
    public void Stage_on_real_pixels_keeps_what_CpuNets_keeps(bool onet, EdgeMode mode, int count)
    {
        var gpu = GpuSession.Require();
        var image = TestImages.LoadRgb(SharedData.Require("images/multiface.jpg"));
        var weights = MtcnnWeights.Load(SharedData.ReferenceWeights);
        var boxes = Boxes(new Random(50 + count), count, image.Width, image.Height);
        // Threshold 0: every crop is compared (its probability, offsets, landmarks), none filtered away.
        var cpu = CpuStage(weights, image, boxes, onet, mode, 0f);
        Assert.Equal(count, cpu.Count);
        AssertSameKept(cpu, GpuStage(gpu, weights, image, boxes, onet, mode, 0f), 0f);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Stage_threshold_and_compaction_keep_what_CpuNets_keeps(bool onet)
    {
        // Random weights spread the probabilities: the 0.5 threshold splits the crops.
        var gpu = GpuSession.Require();
        var weights = CudaTestData.RandomWeights(60);
        var random = new Random(61);
        var pixels = new byte[90 * 70 * 3];
        random.NextBytes(pixels);
        var image = new ImageData(pixels, 90, 70, PixelFormat.Rgb24);
        var boxes = Boxes(random, 45, image.Width, image.Height);
        var cpu = CpuStage(weights, image, boxes, onet, EdgeMode.ZeroPad, 0.5f);
        Assert.InRange(cpu.Count, 3, boxes.Length - 3);
        AssertSameKept(cpu, GpuStage(gpu, weights, image, boxes, onet, EdgeMode.ZeroPad, 0.5f), 0.5f);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Tf32_tensor_core_stage_stays_close_to_CpuNets(bool onet)
    {
        // TF32 rounds each conv input and weight to a 10-bit mantissa (FP32 accumulation): probabilities and offsets
        // then differ in the third decimal, far from the FP32 tolerance. Only a GPU runs mma.sync.
        var gpu = GpuSession.Require();
        Assert.SkipWhen(GpuSession.IsHostEmulator, "mma.sync (TF32) cannot run on the host emulator: it compiles only the FP32 path");
        Assert.SkipUnless(gpu.Kernels.SupportsTf32, $"{gpu.Context.Device.Architecture} has no TF32 tensor cores (sm_80+)");
        var image = TestImages.LoadRgb(SharedData.Require("images/multiface.jpg"));
        var weights = MtcnnWeights.Load(SharedData.ReferenceWeights);
        var boxes = Boxes(new Random(70), 300, image.Width, image.Height);
        var cpu = CpuStage(weights, image, boxes, onet, EdgeMode.ZeroPad, 0f);
        AssertSameKept(cpu, GpuStage(gpu, weights, image, boxes, onet, EdgeMode.ZeroPad, 0f, tf32: true), 0f, tolerance: 2e-2f);
    }

    [Fact]
    public void Tf32_cascade_finds_the_fp32_faces()
    {
        // The accuracy cost of TF32 as a user sees it: every face the FP32 cascade finds clear of the ONet threshold
        // is found again (IoU >= 0.9, confidence within 2e-2), and TF32 invents none clear of it.
        var gpu = GpuSession.Require();
        Assert.SkipWhen(GpuSession.IsHostEmulator, "mma.sync (TF32) cannot run on the host emulator: it compiles only the FP32 path");
        Assert.SkipUnless(gpu.Kernels.SupportsTf32, $"{gpu.Context.Device.Architecture} has no TF32 tensor cores (sm_80+)");
        var image = TestImages.LoadRgb(SharedData.Require("images/multiface.jpg"));
        var weights = MtcnnWeights.Load(SharedData.ReferenceWeights);
        using var fp32 = FaceDetector.Create(weights, new DetectorOptions { Backend = Backend.Cuda });
        using var tf32 = FaceDetector.Create(weights, new DetectorOptions { Backend = Backend.Cuda, GpuPrecision = GpuPrecision.Tf32 });
        var expected = fp32.Detect(image);
        var actual = tf32.Detect(image);
        Assert.True(expected.Count >= 6, $"FP32 found {expected.Count} faces");
        foreach (var (from, to, what) in new[] { (expected, actual, "missing with TF32"), (actual, expected, "only with TF32") })
            foreach (var f in from.Where(f => f.Confidence > 0.72f))
                Assert.True(to.Any(o => FaceSetComparison.IoU(f.Box, o.Box) >= 0.9f && MathF.Abs(f.Confidence - o.Confidence) <= 2e-2f),
                    $"face {f.Box} ({f.Confidence}) {what}");
    }
}
