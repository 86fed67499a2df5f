using MtcnnCuda.Backends;
using MtcnnCuda.Cuda;

namespace MtcnnCuda.Tests.Cuda;

/// <summary>
/// Launch shapes within the device's limits: every kernel's static + largest dynamic shared memory fits the 48 KiB
/// a block gets without opting in, and launches beyond the limits fail with an error instead of running (the
/// host emulator enforces the same limits as a GPU). GPU only.
/// </summary>
[Collection(GpuSession.Collection)]
public sealed class GpuLaunchLimitTests
{
    [Fact]
    public void Every_kernel_fits_the_default_shared_memory_limit()
    {
        var gpu = GpuSession.Require();
        foreach (var (kernel, dynamic) in gpu.Kernels.SharedMemoryBudget)
            Assert.True(kernel.StaticSharedMemory + dynamic <= CudaKernel.DefaultSharedMemoryLimit,
                $"{kernel.Name}: {kernel.StaticSharedMemory} static + {dynamic} dynamic bytes of shared memory exceed 48 KiB");
    }

    [Fact]
    public void Launches_beyond_the_device_limits_are_refused()
    {
        var gpu = GpuSession.Require();
        var kernel = gpu.Kernels.SharedMemoryBudget.First(k => k.Kernel.Name == "nms_greedy").Kernel;
        var p = new NmsParams();
        kernel.GridDimensions = (1, 1, 1);
        kernel.BlockDimensions = (32, 1, 1);
        kernel.DynamicSharedMemory = CudaKernel.DefaultSharedMemoryLimit + 8;   // over 48 KiB
        var shared = Assert.Throws<InvalidOperationException>(() => kernel.Launch(gpu.Stream, p));
        Assert.Contains("nms_greedy", shared.Message, StringComparison.Ordinal);
        kernel.DynamicSharedMemory = 8;
        kernel.BlockDimensions = (1025, 1, 1);
        Assert.Throws<CudaException>(() => kernel.Launch(gpu.Stream, p));
        kernel.BlockDimensions = (32, 1, 1);
        kernel.GridDimensions = (1, 65536, 1);
        Assert.Throws<CudaException>(() => kernel.Launch(gpu.Stream, p));
        kernel.GridDimensions = (1, 1, 1);
        kernel.BlockDimensions = (32, 1, 1);
        gpu.Stream.Synchronize();
    }
}
