using System.CommandLine;
using System.Diagnostics;
using MtcnnCuda.Cascade;
using MtcnnCuda.Cpu;

namespace MtcnnCuda.Perf.Bench;

/// <summary>
/// `mtcnn bench-kernels`: the CPU backend's <see cref="DirectConv"/> on the layer shapes of the three nets, one thread,
/// in GFLOP/s (2 flops per multiply-add, padded output columns not counted). The best of several repeats is reported,
/// because on a shared machine the minimum is the least disturbed measurement; compare it with the core's FMA peak
/// (AVX2: 2 FMA units × 8 lanes × 2 flops × clock) to see how far each layer is from the arithmetic limit.
/// </summary>
public static class KernelBench
{
    private sealed record Shape(string Name, int Cin, int Ldc, int Cout, int K, int InH, int InW);

    private static readonly Shape[] Shapes =
    [
        new("pnet.conv1 (1080p level 0)", 3, 3, 10, 3, 40, 1152),
        new("pnet.conv2", 10, 16, 16, 3, 20, 575),
        new("pnet.conv3", 16, 16, 32, 3, 18, 573),
        new("pnet.heads (1×1)", 32, 32, 6, 1, 16, 571),
        new("rnet.conv1", 3, 3, 28, 3, 24, 24),
        new("rnet.conv2", 28, 32, 48, 3, 11, 11),
        new("onet.conv1", 3, 3, 32, 3, 48, 48),
        new("onet.conv2", 32, 32, 64, 3, 23, 23),
        new("onet.conv3", 64, 64, 64, 3, 10, 10),
        new("onet.dense5 (48 crops)", 1152, 1152, 256, 1, 48, 1),
    ];

    public static Command Create()
    {
        var repeats = new Option<int>("--repeats") { Description = "Timed runs per shape (the best is reported).", DefaultValueFactory = _ => 20 };
        var command = new Command("bench-kernels", "GFLOP/s of the CPU backend's convolution kernel on each layer shape (one thread).") { repeats };
        command.SetAction(parse =>
        {
            Run(parse.GetValue(repeats), Console.Out);
            return 0;
        });
        return command;
    }

    public static void Run(int repeats, TextWriter log)
    {
        log.WriteLine($"Vector256 hardware: {System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated}, FMA: {System.Runtime.Intrinsics.X86.Fma.IsSupported}, " +
            $"Vector512 hardware: {System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated}");
        var random = new Random(1);
        foreach (var s in Shapes)
        {
            float[] Rand(int n) => Enumerable.Range(0, n).Select(_ => random.NextSingle() - 0.5f).ToArray();
            var layer = new PackedConv(Rand(s.Cout * s.Cin * s.K * s.K), Rand(s.Cout), Rand(s.Cout), s.Cout, s.Cin, s.K);
            bool dense = s.InW == 1;
            int oh = dense ? s.InH : s.InH - s.K + 1, ow = dense ? 1 : s.InW - s.K + 1;
            var input = Rand(s.InH * s.InW * s.Ldc);
            var output = new float[oh * ow * layer.N8];
            var offsets = new int[layer.K];
            if (dense) DirectConv.DenseOffsets(offsets);
            else DirectConv.PatchOffsets(s.K, s.Cin, s.Ldc, s.InW * s.Ldc, offsets);
            void Once()
            {
                if (dense) DirectConv.Run(input, 0, s.Ldc, offsets, s.InH, layer, output, 0, layer.N8);
                else
                    for (int y = 0; y < oh; y++) DirectConv.Run(input, y * s.InW * s.Ldc, s.Ldc, offsets, ow, layer, output, y * ow * layer.N8, layer.N8);
            }
            double flops = 2.0 * oh * ow * s.Cout * layer.K;
            int inner = Math.Max(1, (int)(2e7 / flops));
            for (int i = 0; i < 3; i++) Once();
            double best = double.MaxValue;
            for (int r = 0; r < repeats; r++)
            {
                long t0 = Stopwatch.GetTimestamp();
                for (int i = 0; i < inner; i++) Once();
                best = Math.Min(best, Stopwatch.GetElapsedTime(t0).TotalSeconds / inner);
            }
            log.WriteLine($"{s.Name,-28} {flops / 1e6,9:0.00} MFLOP  {best * 1e3,8:0.000} ms  {flops / best / 1e9,6:0.0} GFLOP/s");
        }
        Resampling(repeats, log);
    }

    /// <summary>Area resampling as the cascade uses it: a 1080p image to two pyramid levels, and crops to 24×24.</summary>
    private static void Resampling(int repeats, TextWriter log)
    {
        int w = 1920, h = 1080;
        var random = new Random(2);
        var planar = Enumerable.Range(0, 3 * w * h).Select(_ => (float)random.Next(256)).ToArray();
        var sums = RowSums.FromPlanar(planar, w, h, new ushort[RowSums.Length(w, h)]);
        foreach (var (lw, lh) in new[] { (1152, 648), (289, 163) })
        {
            var windows = new int[2 * lw];
            var divisors = new float[lw];
            var level = new float[3 * lw * lh];
            var rowScratch = new float[LevelLoader.RowScratchLength(lw)];
            LevelLoader.ColumnWindows(w, lw, windows, divisors);
            double ms = Best(repeats, () => LevelLoader.Rows(sums, windows, divisors, lh, lw, 127.5f, 0.0078125f, 0, lh, level, rowScratch));
            log.WriteLine($"level load 1920×1080 → {lw}×{lh}   {ms,8:0.000} ms  {3.0 * w * h / ms / 1e6,6:0.00} G input samples/s");
        }
        var output = new float[3 * 24 * 24];
        var rows = new float[1080 * 24];
        foreach (int side in new[] { 48, 200, 600 })
        {
            var window = new CropWindow(300, 200, 300 + side, 200 + side);
            double ms = Best(repeats, () => CropSampler.Sample(sums, window, 24, 127.5f, 0.0078125f, output, rows));
            double msFloat = Best(repeats, () => CropSampler.Sample(planar, h, w, window, 24, 127.5f, 0.0078125f, output, rows));
            log.WriteLine($"crop {side}×{side} → 24×24   row sums {ms * 1e3,8:0.0} µs   float planar {msFloat * 1e3,8:0.0} µs");
        }
    }

    private static double Best(int repeats, Action run)
    {
        run();
        double best = double.MaxValue;
        for (int r = 0; r < repeats; r++)
        {
            long t0 = Stopwatch.GetTimestamp();
            run();
            best = Math.Min(best, Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
        }
        return best;
    }
}
