using System.Diagnostics;
using static TorchSharp.torch;

namespace MtcnnCuda.Trainer.Training;

/// <summary>
/// What this machine's libtorch can compute at best, as a yardstick for the training rates: GFLOP/s of a large
/// single-precision matrix product, and of ONet's largest convolution (conv2, 32→64 3×3 on 23×23, channels-last,
/// forward only), per wall second and per CPU-second of this process.
/// </summary>
public static class ComputeCeiling
{
    public sealed record Rate(string Name, double GflopsWall, double GflopsPerCpuSecond);

    public static IReadOnlyList<Rate> Measure(int threads, int repeats = 10)
    {
        if (threads > 0) set_num_threads(threads);
        manual_seed(1);
        const int m = 1024;
        using var a = randn(m, m);
        using var b = randn(m, m);
        var matmul = Time("sgemm 1024³", 2.0 * m * m * m, repeats, () => { using var c = a.mm(b); });

        const int batch = 256;
        using var nhwc = randn(batch, 23, 23, 32);
        using var x = nhwc.permute(0, 3, 1, 2);
        using var w = randn(64, 32, 3, 3);
        double convFlops = 2.0 * batch * 21 * 21 * 64 * 32 * 9;
        var conv = Time("ONet conv2 fwd, batch 256", convFlops, repeats, () => { using var y = nn.functional.conv2d(x, w); });
        return [matmul, conv];
    }

    private static Rate Time(string name, double flops, int repeats, Action work)
    {
        work();
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpu = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < repeats; i++) work();
        double seconds = watch.Elapsed.TotalSeconds;
        process.Refresh();
        double cpuSeconds = (process.TotalProcessorTime - cpu).TotalSeconds;
        return new Rate(name, repeats * flops / seconds / 1e9, repeats * flops / cpuSeconds / 1e9);
    }
}
