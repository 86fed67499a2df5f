using MtcnnCuda.Backends;
using MtcnnCuda.Cuda;

namespace MtcnnCuda.Tests.Cuda;

/// <summary>Driver bindings that need a device: memory round trips, pinned async copies, events, graphs. GPU only.</summary>
[Collection(GpuSession.Collection)]
public sealed class GpuBindingTests
{
    [Fact]
    public void Device_reports_a_name_and_compute_capability()
    {
        var gpu = GpuSession.Require();
        var device = gpu.Context.Device;
        Assert.False(string.IsNullOrWhiteSpace(device.Name));
        Assert.True(device.Major >= 3, device.Architecture);
        Assert.True(device.TotalMemory > 0);
    }

    [Fact]
    public void Pinned_async_round_trip_through_device_memory()
    {
        var gpu = GpuSession.Require();
        using var pinned = new PinnedBuffer<int>(gpu.Context, 1000);
        using var back = new PinnedBuffer<int>(gpu.Context, 1000);
        for (int i = 0; i < 1000; i++) pinned.Span[i] = i * 7 - 3;
        using var a = new DeviceBuffer<int>(gpu.Context, 1000);
        using var b = new DeviceBuffer<int>(gpu.Context, 1000);
        a.CopyFromAsync(pinned, 1000, gpu.Stream);
        b.CopyFromDevice(a, 1000, gpu.Stream);
        b.CopyToAsync(back, 1000, gpu.Stream);
        gpu.Stream.Synchronize();
        Assert.Equal(pinned.Span.ToArray(), back.Span.ToArray());
    }

    [Fact]
    public void Out_of_range_copies_are_rejected_before_reaching_the_driver()
    {
        var gpu = GpuSession.Require();
        using var a = new DeviceBuffer<float>(gpu.Context, 10);
        Assert.Throws<ArgumentOutOfRangeException>(() => a.CopyFrom(new float[11]));
        Assert.Throws<ArgumentOutOfRangeException>(() => a.CopyTo(new float[5], offset: 6));
    }

    [Fact]
    public void Events_measure_non_negative_elapsed_time()
    {
        var gpu = GpuSession.Require();
        using var start = new CudaEvent(gpu.Context);
        using var end = new CudaEvent(gpu.Context);
        using var buffer = new DeviceBuffer<byte>(gpu.Context, 1 << 20);
        start.Record(gpu.Stream);
        buffer.Clear(gpu.Stream);
        end.Record(gpu.Stream);
        end.Synchronize();
        Assert.True(CudaEvent.ElapsedMilliseconds(start, end) >= 0f);
    }

    [Fact]
    public void Captured_graph_replays_the_kernel()
    {
        var gpu = GpuSession.Require();
        int w = 16, h = 8;
        var pixels = new byte[w * h * 3];
        new Random(11).NextBytes(pixels);
        int rows = 3 * h, span = w + 1;
        using var dPixels = gpu.Upload<byte>(pixels);
        using var dSums = gpu.Zeros<ushort>(rows * span);
        var p = new RowSumsParams { Pixels = dPixels.Pointer, Sums = dSums.Pointer, Width = w, Height = h, Stride = 3 * w, Bpp = 3, C0 = 0, C1 = 1, C2 = 2 };
        gpu.Stream.BeginCapture();
        gpu.Kernels.RowSums(gpu.Stream, p);
        using var graph = gpu.Stream.EndCapture();
        // Capture records without running: the output is still zero.
        Assert.All(gpu.Download(dSums, rows * span), v => Assert.Equal((ushort)0, v));
        graph.Launch(gpu.Stream);
        var sums = gpu.Download(dSums, rows * span);
        for (int y = 0; y < h; y++)
        {
            // Channel 2's prefix sum of row y ends with the row's total of that channel.
            int total = 0;
            for (int x = 0; x < w; x++) total += pixels[3 * (y * w + x) + 2];
            Assert.Equal((ushort)total, sums[(2 * h + y) * span + w]);
        }
    }
}
