using MtcnnCuda.Cuda;

namespace MtcnnCuda.Tests.Cuda;

using Cuda = MtcnnCuda.Cuda.Cuda;

/// <summary>Argument validation that needs neither a GPU nor NVRTC.</summary>
public sealed class CudaArgumentTests
{
    [Theory]
    [InlineData("gfx90a")]
    [InlineData("80")]
    [InlineData("")]
    public void Compiler_rejects_targets_that_are_not_sm_or_compute(string target)
    {
        Assert.ThrowsAny<ArgumentException>(() => RuntimeCompiler.Compile("", "k.cu", target));
    }

    [Fact]
    public void Unknown_kernel_file_is_an_argument_error()
    {
        var e = Assert.Throws<ArgumentException>(() => KernelSources.Source("no_such_kernel.cu"));
        Assert.Contains("no_such_kernel.cu", e.Message);
    }

    [Fact]
    public void Cuda_backend_without_a_driver_explains_what_was_tried()
    {
        Assert.SkipWhen(Cuda.IsSupported, "this machine has a working CUDA driver");
        var weights = CudaTestData.RandomWeights(1);
        var e = Assert.ThrowsAny<Exception>(() => FaceDetector.Create(weights, new DetectorOptions { Backend = Backend.Cuda }));
        Assert.True(e is NativeLibraryNotFoundException or NotSupportedException, e.GetType().Name);
        Assert.Contains(CudaDriver.Probe.IsLoaded ? "CUDA" : "libcuda.so", e.Message);
    }

    [Fact]
    public void Auto_backend_falls_back_to_cpu_without_a_gpu()
    {
        Assert.SkipWhen(Cuda.IsSupported, "this machine has a working CUDA driver");
        using var detector = FaceDetector.Create(CudaTestData.RandomWeights(2), new DetectorOptions { Backend = Backend.Auto });
        Assert.Equal(Backend.Cpu, detector.ActiveBackend);
    }

    [Fact]
    public void Cuda_device_ordinal_must_not_be_negative()
    {
        var e = Assert.Throws<ArgumentException>(() => new DetectorOptions { Backend = Backend.Cuda, CudaDevice = -1 }.Validate());
        Assert.Contains("CudaDevice", e.Message);
    }

    [Fact]
    public void Unknown_gpu_precision_is_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => new DetectorOptions { GpuPrecision = (GpuPrecision)7 }.Validate());
        Assert.Contains("GpuPrecision", e.Message);
        new DetectorOptions { GpuPrecision = GpuPrecision.Tf32 }.Validate();
    }
}
