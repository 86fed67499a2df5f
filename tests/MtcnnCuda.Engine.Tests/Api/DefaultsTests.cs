using System.Text;
using MtcnnCuda.Native;
using MtcnnCuda.Tests.Robustness;

namespace MtcnnCuda.Tests.Api;

/// <summary>One default backend (Auto) and one version across the managed API and the C ABI.</summary>
public class DefaultsTests
{
    [Fact]
    public void Default_backend_is_auto_in_the_api_and_the_c_abi()
    {
        Assert.Equal(Backend.Auto, DetectorOptions.Default.Backend);
        Assert.Equal(Backend.Auto, new DetectorOptions().Backend);
        Assert.Equal((int)Backend.Auto, NativeApi.DefaultOptions().Backend);
    }

    [Fact]
    public void Default_detector_runs_on_cpu_when_no_gpu_is_usable()
    {
        Assert.SkipWhen(MtcnnCuda.Cuda.Cuda.IsSupported, "this machine has a working CUDA driver, so Auto picks CUDA");
        using var detector = FaceDetector.Create(TestWeights.Random());
        Assert.Equal(Backend.Cpu, detector.ActiveBackend);
    }

    [Fact]
    public void C_library_version_is_the_assembly_version()
    {
        var bytes = NativeExports.Version;
        Assert.Equal(0, bytes[^1]);
        Assert.Equal(LibraryVersion.Text, Encoding.UTF8.GetString(bytes[..^1]));
        Assert.Equal(typeof(FaceDetector).Assembly.GetName().Version!.ToString(3), LibraryVersion.Text);
    }
}
