using MtcnnCuda.Cuda;

namespace MtcnnCuda.Tests.Cuda;

using Cuda = MtcnnCuda.Cuda.Cuda;

/// <summary>Native library probing: order of names, the override variable, and the error that lists what was tried.</summary>
public sealed class LibraryProbeTests
{
    [Fact]
    public void Driver_probe_tries_the_versioned_soname_first()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "soname order is Linux-specific");
        Assert.Equal(["libcuda.so.1", "libcuda.so"], CudaDriver.Probe.Candidates);
        Assert.Equal("MTCNN_CUDA_PATH", CudaDriver.Probe.OverrideVariable);
    }

    [Fact]
    public void Nvrtc_probe_tries_newest_versioned_sonames_then_unversioned()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "soname order is Linux-specific");
        var names = NvrtcNative.Probe.Candidates;
        Assert.Equal("libnvrtc.so.13", names[0]);
        Assert.True(names.ToList().IndexOf("libnvrtc.so.12") < names.ToList().IndexOf("libnvrtc.so.11.2"));
        Assert.Equal("libnvrtc.so", names[^1]);
        Assert.Equal("MTCNN_NVRTC_PATH", NvrtcNative.Probe.OverrideVariable);
    }

    [Fact]
    public void Missing_library_exception_lists_every_name_tried()
    {
        var probe = new NativeLibraryProbe("Test library", "MTCNN_TEST_UNSET_" + Guid.NewGuid().ToString("N"),
            ["libmtcnn-absent-a.so.7", "libmtcnn-absent-b.so"]);
        Assert.False(probe.IsLoaded);
        Assert.Null(probe.LoadedFrom);
        var e = Assert.Throws<NativeLibraryNotFoundException>(() => probe.Require());
        Assert.Equal(["libmtcnn-absent-a.so.7", "libmtcnn-absent-b.so"], e.Tried);
        Assert.Contains("libmtcnn-absent-a.so.7, libmtcnn-absent-b.so", e.Message);
        Assert.Contains(probe.OverrideVariable, e.Message);
        Assert.IsAssignableFrom<DllNotFoundException>(e);
    }

    [Fact]
    public void Bogus_override_path_is_reported_and_not_silently_replaced()
    {
        var variable = "MTCNN_TEST_OVERRIDE_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, "/nonexistent/dir/libcuda.so.1");
        try
        {
            // libc would load fine, but an explicit override that fails must not fall back to it.
            var probe = new NativeLibraryProbe("CUDA driver", variable, ["libc.so.6"]);
            var e = Assert.Throws<NativeLibraryNotFoundException>(() => probe.Require());
            Assert.Equal(["/nonexistent/dir/libcuda.so.1"], e.Tried);
            Assert.Contains($"{variable}=/nonexistent/dir/libcuda.so.1 could not be loaded", e.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void Override_path_that_exists_is_used()
    {
        Assert.SkipUnless(Nvrtc.IsSupported, $"NVRTC is not installed: {Nvrtc.UnsupportedReason}");
        var variable = "MTCNN_TEST_OVERRIDE_" + Guid.NewGuid().ToString("N");
        var real = NvrtcNative.Probe.LoadedFrom!;
        Environment.SetEnvironmentVariable(variable, real);
        try
        {
            var probe = new NativeLibraryProbe("NVRTC", variable, ["libmtcnn-absent.so"]);
            Assert.True(probe.IsLoaded);
            Assert.Equal(real, probe.LoadedFrom);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void Cuda_support_flag_comes_with_a_reason()
    {
        if (Cuda.IsSupported)
        {
            Assert.Null(Cuda.UnsupportedReason);
            Assert.True(Cuda.DeviceCount > 0);
            return;
        }
        Assert.False(string.IsNullOrWhiteSpace(Cuda.UnsupportedReason));
        if (!CudaDriver.Probe.IsLoaded)
        {
            // The reason names what was looked for, so a user knows what to install or point to.
            Assert.Contains("libcuda.so.1", Cuda.UnsupportedReason);
            Assert.Contains("MTCNN_CUDA_PATH", Cuda.UnsupportedReason);
            Assert.Throws<NativeLibraryNotFoundException>(Cuda.EnsureSupported);
        }
    }

    [Fact]
    public void Nvrtc_reports_version_when_supported()
    {
        if (!Nvrtc.IsSupported)
        {
            Assert.Contains("libnvrtc", Nvrtc.UnsupportedReason);
            return;
        }
        Assert.NotNull(Nvrtc.Version);
        Assert.True(Nvrtc.Version!.Major >= 11, Nvrtc.Version.ToString());
        Assert.NotEmpty(Nvrtc.SupportedArchitectures);
    }
}
