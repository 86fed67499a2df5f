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
    public void Opt_in_kernels_fit_their_limit_on_every_sm80_class_device()
    {
        var gpu = GpuSession.Require();
        var budget = gpu.Kernels.OptInSharedMemoryBudget.ToArray();
        Assert.Contains(budget, b => b.Kernel.Name == "crop_net_conv");
        foreach (var (kernel, dynamic, limit) in budget)
        {
            Assert.True(kernel.StaticSharedMemory + dynamic <= limit,
                $"{kernel.Name}: {kernel.StaticSharedMemory} static + {dynamic} dynamic bytes of shared memory exceed the {limit} it opted in to");
            // 99 KiB: the least opt-in maximum of the sm_80+ family (sm_86, sm_89); sm_80 has 163 KiB, sm_90 227 KiB.
            Assert.True(limit <= 99 * 1024, $"{kernel.Name} opts in to {limit} bytes, more than an sm_86 GPU allows");
        }
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
