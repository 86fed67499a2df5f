using MtcnnCuda.Backends;
using MtcnnCuda.Cascade;
using MtcnnCuda.Cpu;
using MtcnnCuda.Weights;

namespace MtcnnCuda.Tests.Cuda;

/// <summary>
/// kernels/row_sums.cu + kernels/pnet_fused.cu against the CPU backend's PNet stage, level by level: the same
/// loader (LevelLoader over RowSums), the CPU's own PNet bands and BoxOps.PNetBox give the oracle's candidates. Per level the kernel must
/// find the same cells (a cell may differ only when its probability lies within <see cref="Borderline"/> of the
/// threshold), with identical box corners, probabilities within 1e-5 and box offsets within 1e-4 + 1e-4·|x|
/// (convolution sums in another order, with FMA on a GPU). GPU only (or the host emulator).
/// </summary>
[Collection(GpuSession.Collection)]
public sealed class GpuPNetFusedTests
{
    private const float Borderline = 1e-5f;

    public static TheoryData<PixelFormat, int, int, int, float> RandomCases() => new()
    {
        // format, width, height, stride padding, minFace: partial tiles, 1..5 levels, tall and wide images
        { PixelFormat.Rgb24, 61, 47, 0, 12f },
        { PixelFormat.Bgr24, 150, 97, 5, 15f },
        { PixelFormat.Rgba32, 33, 140, 3, 12f },
        { PixelFormat.Bgra32, 203, 41, 16, 12f },
    };

    [Theory]
    [InlineData(PixelFormat.Rgb24, 37, 5, 0)]
    [InlineData(PixelFormat.Bgra32, 300, 4, 9)]     // chunks of 3 pixels, the last threads' chunks empty
    [InlineData(PixelFormat.Bgr24, 1000, 3, 2)]     // sums wrap modulo 2^16
    public void Row_sums_equal_RowSums_FromPixels(PixelFormat format, int w, int h, int padding)
    {
        var gpu = GpuSession.Require();
        var image = RandomImage(new Random(w), format, w, h, padding);
        var expected = RowSums.FromPixels(image, rgbOrder: true, new ushort[RowSums.Length(w, h)]).Data;
        using var pixels = gpu.Upload<byte>(image.Pixels);
        using var sums = gpu.Zeros<ushort>(expected.Length);
        bool swap = !format.IsRedFirst();
        gpu.Kernels.RowSums(gpu.Stream, new RowSumsParams
        {
            Pixels = pixels.Pointer, Sums = sums.Pointer, Width = w, Height = h, Stride = image.Stride, Bpp = format.BytesPerPixel(),
            C0 = swap ? 2 : 0, C1 = 1, C2 = swap ? 0 : 2,
        });
        Assert.Equal(expected, gpu.Download(sums, expected.Length));
    }

    [Theory]
    [MemberData(nameof(RandomCases))]
    public void Random_weights_and_pixels_give_the_cpu_candidates_on_every_level(PixelFormat format, int w, int h, int padding, float minFace)
    {
        var gpu = GpuSession.Require();
        var random = new Random(w * 31 + h);
        var weights = CudaTestData.RandomWeights(w + h);
        var image = RandomImage(random, format, w, h, padding);
        var scales = Pyramid.Scales(w, h, minFace, 0.709f);
        Assert.NotEmpty(scales);
        CompareLevels(gpu, weights, image, scales, SplittingThreshold(weights, image, scales), EdgeMode.ZeroPad);
    }

    [Fact]
    public void Area_windows_wider_than_one_row_sum_span_are_summed_exactly()
    {
        // A 12×12 level of a 3100-pixel-wide image: column windows of 259..260 pixels, over the 257 that one
        // modular row-sum difference covers, so the loader adds spans (RowSums.WindowSum).
        var gpu = GpuSession.Require();
        var weights = CudaTestData.RandomWeights(13);
        var image = RandomImage(new Random(14), PixelFormat.Bgr24, 3100, 30, 1);
        double[] scales = [12.0 / 3100];
        (int, int)[] sizes = [(12, 12)];
        var p = CpuLevels(weights, image, scales, float.NegativeInfinity, EdgeMode.ZeroPad, sizes)[0].Select(c => c.Candidate.Score).Order().ToArray();
        Assert.Single(p);
        float threshold = p[0] - 1e-3f;   // the single cell is kept: compare its values
        Assert.Equal(1, CompareLevels(gpu, weights, image, scales, threshold, EdgeMode.ZeroPad, sizes));
    }

    [Theory]
    [InlineData(EdgeMode.ZeroPad)]
    [InlineData(EdgeMode.Clip)]
    public void Box_corners_follow_the_edge_mode_division(EdgeMode mode)
    {
        // minFace 40: level 0 has scale 0.3, at which float32 and double floors of (2x + 1)/s, (2x + 12)/s differ
        // for x = 3, 4, 7, 9, ...: ZeroPad's double and Clip's float32 corners must each be reproduced exactly.
        var gpu = GpuSession.Require();
        var weights = CudaTestData.RandomWeights(11);
        var image = RandomImage(new Random(12), PixelFormat.Rgb24, 160, 120, 0);
        var scales = Pyramid.Scales(160, 120, 40f, 0.709f);
        var zeroPad = CpuLevels(weights, image, scales, 0f, EdgeMode.ZeroPad)[0];
        var clip = CpuLevels(weights, image, scales, 0f, EdgeMode.Clip)[0];
        Assert.Contains(zeroPad.Zip(clip), p => p.First.Candidate.X1 != p.Second.Candidate.X1 || p.First.Candidate.X2 != p.Second.Candidate.X2);
        CompareLevels(gpu, weights, image, scales, SplittingThreshold(weights, image, scales), mode);
    }

    /// <summary>A threshold that keeps about a third of all cells: many candidates and many rejections.</summary>
    private static float SplittingThreshold(MtcnnWeights weights, PixelView image, double[] scales)
    {
        var p = CpuLevels(weights, image, scales, float.NegativeInfinity, EdgeMode.ZeroPad).SelectMany(l => l.Select(c => c.Candidate.Score)).Order().ToArray();
        return p[p.Length * 2 / 3];
    }

    [Theory]
    [InlineData(PixelFormat.Rgb24, 0, 0, 1200, 630, 0)]
    [InlineData(PixelFormat.Bgra32, 600, 150, 400, 300, 12)]
    public void Reference_weights_on_a_real_photo_give_the_cpu_candidates(PixelFormat format, int x0, int y0, int w, int h, int padding)
    {
        var gpu = GpuSession.Require();
        var weights = MtcnnWeights.Load(SharedData.ReferenceWeights);
        var photo = TestImages.LoadRgb(SharedData.Require("images/multiface.jpg"));
        var image = Convert(photo, format, x0, y0, w, h, padding);
        var scales = Pyramid.Scales(w, h, 20f, 0.709f);
        int found = CompareLevels(gpu, weights, image, scales, 0.6f, EdgeMode.ZeroPad);
        Assert.True(found > 20, $"only {found} PNet candidates: the photo should give many");
    }

    /// <summary>A cell's candidate with its row-major index in the level's output map (the kernel's key).</summary>
    private readonly record struct Cell(int Key, Candidate Candidate);

    /// <summary>Runs the kernel on all levels and compares them with the oracle; returns the oracle's candidate count.</summary>
    private static int CompareLevels(GpuSession gpu, MtcnnWeights weights, PixelView image, double[] scales, float threshold, EdgeMode mode,
        (int Width, int Height)[]? sizes = null)
    {
        var expected = CpuLevels(weights, image, scales, threshold, mode, sizes);
        var (actual, counts) = RunKernel(gpu, weights, image, scales, threshold, mode, sizes);
        int total = 0;
        for (int l = 0; l < scales.Length; l++)
        {
            total += expected[l].Count;
            var gpuCells = actual[l].ToDictionary(c => c.Key);
            Assert.Equal(counts[l], gpuCells.Count); // no key written twice
            var cpuCells = expected[l].ToDictionary(c => c.Key);
            foreach (var (key, e) in cpuCells)
            {
                if (!gpuCells.TryGetValue(key, out var a))
                {
                    Assert.True(Math.Abs(e.Candidate.Score - threshold) <= Borderline, $"level {l} cell {key}: cpu keeps p = {e.Candidate.Score}, gpu drops it");
                    continue;
                }
                var (ec, ac) = (e.Candidate, a.Candidate);
                Assert.Equal((ec.X1, ec.Y1, ec.X2, ec.Y2), (ac.X1, ac.Y1, ac.X2, ac.Y2));
                Assert.True(Math.Abs(ec.Score - ac.Score) <= 1e-5f, $"level {l} cell {key}: p gpu {ac.Score} vs cpu {ec.Score}");
                CudaTestData.AssertClose([ac.Dx1, ac.Dy1, ac.Dx2, ac.Dy2], [ec.Dx1, ec.Dy1, ec.Dx2, ec.Dy2], atol: 1e-4f, what: $"level {l} cell {key} reg");
            }
            foreach (var (key, a) in gpuCells)
                if (!cpuCells.ContainsKey(key))
                    Assert.True(Math.Abs(a.Candidate.Score - threshold) <= Borderline, $"level {l} cell {key}: gpu keeps p = {a.Candidate.Score}, cpu drops it");
        }
        return total;
    }

    private static (List<Cell>[] Levels, int[] Counts) RunKernel(GpuSession gpu, MtcnnWeights weights, PixelView image, double[] scales, float threshold, EdgeMode mode,
        (int Width, int Height)[]? levelSizes)
    {
        int levels = scales.Length, w = image.Width, h = image.Height;
        var sizes = levelSizes ?? scales.Select(s => Pyramid.LevelSize(w, h, s)).ToArray();
        var offsets = new long[levels + 1];
        for (int l = 0; l < levels; l++)
        {
            var (hf, wf) = CpuNets.PNetOutputSize(sizes[l].Height, sizes[l].Width);
            offsets[l + 1] = offsets[l] + (long)hf * wf;
        }
        var buffers = new List<IDisposable>();
        try
        {
            ulong Upload(string name)
            {
                var b = gpu.Upload<float>(weights.Get(NetKind.PNet, name).Data);
                buffers.Add(b);
                return b.Pointer;
            }
            using var pixels = gpu.Upload<byte>(image.Pixels);
            using var sums = gpu.Zeros<ushort>(RowSums.Length(w, h));
            using var output = gpu.Zeros<GpuCandidate>(offsets[levels]);
            using var counts = gpu.Zeros<int>(levels);
            bool swap = image.Format.IsRedFirst() != weights.RgbInput;
            gpu.Kernels.RowSums(gpu.Stream, new RowSumsParams
            {
                Pixels = pixels.Pointer, Sums = sums.Pointer, Width = w, Height = h, Stride = image.Stride, Bpp = image.Format.BytesPerPixel(),
                C0 = swap ? 2 : 0, C1 = 1, C2 = swap ? 0 : 2,
            });
            var p = new PNetFusedParams
            {
                Sums = sums.Pointer, Out = output.Pointer, Counts = counts.Pointer,
                W1 = Upload("conv1.weight"), B1 = Upload("conv1.bias"), A1 = Upload("prelu1.weight"),
                W2 = Upload("conv2.weight"), B2 = Upload("conv2.bias"), A2 = Upload("prelu2.weight"),
                W3 = Upload("conv3.weight"), B3 = Upload("conv3.bias"), A3 = Upload("prelu3.weight"),
                W41 = Upload("conv4_1.weight"), B41 = Upload("conv4_1.bias"), W42 = Upload("conv4_2.weight"), B42 = Upload("conv4_2.bias"),
                Mean = weights.PixelMean, Scale = weights.PixelScale, Threshold = threshold,
                Width = w, Height = h, ClipFloat = mode == EdgeMode.Clip ? 1 : 0,
            };
            int tiles = PNetLevelTable.Fill(ref p, sizes.Select(s => (s.Width, s.Height)).ToArray(), scales, offsets.AsSpan(0, levels));
            Assert.True(tiles >= levels);
            gpu.Kernels.PNetFused(gpu.Stream, p);
            var n = gpu.Download(counts, levels);
            var all = gpu.Download(output, offsets[levels]);
            var result = new List<Cell>[levels];
            for (int l = 0; l < levels; l++)
            {
                Assert.InRange(n[l], 0, (int)(offsets[l + 1] - offsets[l]));
                result[l] = all.AsSpan((int)offsets[l], n[l]).ToArray()
                    .Select(c => new Cell(c.Key, new Candidate(c.X1, c.Y1, c.X2, c.Y2, c.Score) { Dx1 = c.Dx1, Dy1 = c.Dy1, Dx2 = c.Dx2, Dy2 = c.Dy2 })).ToList();
            }
            return (result, n);
        }
        finally
        {
            foreach (var b in buffers) b.Dispose();
        }
    }

    /// <summary>The CPU backend's PNet candidates of every level, in row-major cell order, with their cell index.</summary>
    private static List<Cell>[] CpuLevels(MtcnnWeights weights, PixelView image, double[] scales, float threshold, EdgeMode mode,
        (int Width, int Height)[]? sizes = null)
    {
        int w = image.Width, h = image.Height;
        var sums = RowSums.FromPixels(image, weights.RgbInput, new ushort[RowSums.Length(w, h)]);
        var nets = new CpuNets(weights, threads: 1);
        var scratch = new Scratch();
        var result = new List<Cell>[scales.Length];
        for (int l = 0; l < scales.Length; l++)
        {
            var (lw, lh) = sizes?[l] ?? Pyramid.LevelSize(w, h, scales[l]);
            var windows = new int[2 * lw];
            var divisors = new float[lw];
            LevelLoader.ColumnWindows(w, lw, windows, divisors);
            var level = new float[3 * lw * lh];
            LevelLoader.Rows(sums, windows, divisors, lh, lw, weights.PixelMean, weights.PixelScale, 0, lh, level, new float[LevelLoader.RowScratchLength(lw)]);
            var (hf, wf) = CpuNets.PNetOutputSize(lh, lw);
            result[l] = [];
            for (int band = 0; band < CpuNets.PNetBandCount(hf); band++)
            {
                var (j0, j1) = CpuNets.PNetBandRows(band, hf);
                var heads = nets.PNetBand(level, lh, lw, j0, j1, scratch);
                for (int i = 0; i < (j1 - j0) * wf; i++)
                {
                    var cell = heads.Slice(i * nets.PNetHeadStride, 6);
                    float p = CpuOps.FaceProbability(cell[0], cell[1]);
                    if (!(p >= threshold)) continue;
                    int x = i % wf, y = j0 + i / wf;
                    result[l].Add(new Cell(y * wf + x, BoxOps.PNetBox(x, y, scales[l], p, cell[2], cell[3], cell[4], cell[5], mode)));
                }
            }
        }
        return result;
    }

    private static PixelView RandomImage(Random random, PixelFormat format, int w, int h, int padding)
    {
        int stride = w * format.BytesPerPixel() + padding;
        var pixels = new byte[stride * h];
        random.NextBytes(pixels);
        return new PixelView(pixels, w, h, stride, format);
    }

    /// <summary>A region of an RGB photo in another pixel format, with extra bytes at the end of every row.</summary>
    private static PixelView Convert(ImageData rgb, PixelFormat format, int x0, int y0, int w, int h, int padding)
    {
        int bpp = format.BytesPerPixel(), stride = w * bpp + padding;
        var dst = new byte[stride * h];
        var src = rgb.Pixels.Span;
        bool swap = !format.IsRedFirst();
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                int s = (y0 + y) * rgb.Stride + 3 * (x0 + x), d = y * stride + bpp * x;
                dst[d] = src[s + (swap ? 2 : 0)];
                dst[d + 1] = src[s + 1];
                dst[d + 2] = src[s + (swap ? 0 : 2)];
                if (bpp == 4) dst[d + 3] = 255;
            }
        return new PixelView(dst, w, h, stride, format);
    }
}
