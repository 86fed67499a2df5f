using MtcnnCuda.Cuda;

namespace MtcnnCuda.Tests.Cuda;

/// <summary>
/// Every embedded kernel compiles with NVRTC (no GPU needed). Runs wherever a libnvrtc is installed
/// (CI installs Debian's via .ci/install-nvrtc.sh) and skips, saying why, elsewhere.
/// </summary>
public sealed class KernelCompileTests
{
    public static TheoryData<string, int> KernelsAndArchitectures()
    {
        var data = new TheoryData<string, int>();
        foreach (var file in KernelSources.KernelFiles)
            foreach (var arch in new[] { 80, 90 })
                data.Add(file, arch);
        return data;
    }

    [Fact]
    public void Kernel_sources_are_embedded()
    {
        Assert.Contains("pnet_fused.cu", KernelSources.KernelFiles);
        Assert.Contains("nms.cu", KernelSources.KernelFiles);
        Assert.Contains("common.cuh", KernelSources.Headers.Keys);
        Assert.True(KernelSources.KernelFiles.Count >= 8, string.Join(", ", KernelSources.KernelFiles));
    }

    [Theory]
    [MemberData(nameof(KernelsAndArchitectures))]
    public void Kernel_compiles_to_cubin(string file, int arch)
    {
        Assert.SkipUnless(Nvrtc.IsSupported, $"NVRTC is not installed: {Nvrtc.UnsupportedReason}");
        Assert.SkipUnless(Nvrtc.SupportedArchitectures.Contains(arch),
            $"NVRTC {Nvrtc.Version} does not know sm_{arch} (supports {string.Join(", ", Nvrtc.SupportedArchitectures)})");
        var compiled = RuntimeCompiler.Compile(KernelSources.Source(file), file, $"sm_{arch}", KernelSources.Headers);
        Assert.True(compiled.IsCubin);
        // An ELF image: the driver can load it without JIT.
        Assert.True(compiled.Image.Length > 64);
        Assert.Equal(new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F' }, compiled.Image[..4]);
    }

    [Fact]
    public void Kernels_compile_to_ptx_with_every_entry_point()
    {
        Assert.SkipUnless(Nvrtc.IsSupported, $"NVRTC is not installed: {Nvrtc.UnsupportedReason}");
        var expected = new Dictionary<string, string[]>
        {
            ["row_sums.cu"] = ["row_sums"],
            ["pnet_fused.cu"] = ["pnet_fused"],
            ["top_k.cu"] = ["top_k_select", "top_k_compact"],
            ["nms_sort.cu"] = ["nms_sort_tiles", "nms_sort_merge"],
            ["nms_mask.cu"] = ["nms_mask"],
            ["nms.cu"] = ["nms_greedy", "nms_gather"],
            ["crop_net_conv.cu"] = ["crop_net_conv"],
            ["crop_net_dense.cu"] = ["crop_net_dense"],
            ["crop_net_heads.cu"] = ["crop_net_heads"],
            ["pack_faces.cu"] = ["pack_faces"],
        };
        foreach (var (file, entries) in expected)
        {
            var compiled = RuntimeCompiler.Compile(KernelSources.Source(file), file, "compute_80", KernelSources.Headers);
            Assert.False(compiled.IsCubin);
            Assert.Equal(0, compiled.Image[^1]); // NUL-terminated for cuModuleLoadData
            var ptx = System.Text.Encoding.ASCII.GetString(compiled.Image);
            foreach (var entry in entries) Assert.Contains($".entry {entry}(", ptx);
        }
    }

    [Theory]
    [InlineData(80)]
    [InlineData(90)]
    public void Crop_net_conv_compiles_its_tensor_core_path_for_sm80_and_newer(int arch)
    {
        // The TF32 path sits behind __CUDA_ARCH__ >= 800 (the host emulator and older GPUs compile only FP32): the
        // PTX for sm_80 and sm_90 must hold the mma.sync and the TF32 rounding; for sm_75 it must not.
        Assert.SkipUnless(Nvrtc.IsSupported, $"NVRTC is not installed: {Nvrtc.UnsupportedReason}");
        Assert.SkipUnless(Nvrtc.SupportedArchitectures.Contains(arch),
            $"NVRTC {Nvrtc.Version} does not know sm_{arch} (supports {string.Join(", ", Nvrtc.SupportedArchitectures)})");
        string Ptx(int a) => System.Text.Encoding.ASCII.GetString(
            RuntimeCompiler.Compile(KernelSources.Source("crop_net_conv.cu"), "crop_net_conv.cu", $"compute_{a}", KernelSources.Headers).Image);
        var ptx = Ptx(arch);
        Assert.Contains("mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32", ptx);
        Assert.Contains("cvt.rna.tf32.f32", ptx);
        if (Nvrtc.SupportedArchitectures.Contains(75)) Assert.DoesNotContain("mma.sync", Ptx(75));
    }

    [Fact]
    public void Compile_error_carries_the_program_log()
    {
        Assert.SkipUnless(Nvrtc.IsSupported, $"NVRTC is not installed: {Nvrtc.UnsupportedReason}");
        var e = Assert.Throws<NvrtcException>(() =>
            RuntimeCompiler.Compile("extern \"C\" __global__ void k() { undeclared_thing(); }", "broken.cu", "compute_80"));
        Assert.Equal(NvrtcResult.Compilation, e.Code);
        Assert.Contains("undeclared_thing", e.Message);
        Assert.Contains("NVRTC_ERROR_COMPILATION", e.Message);
        Assert.Contains("broken.cu", e.Message);
    }

    [Fact]
    public void Unknown_architecture_is_an_invalid_option()
    {
        Assert.SkipUnless(Nvrtc.IsSupported, $"NVRTC is not installed: {Nvrtc.UnsupportedReason}");
        var e = Assert.Throws<NvrtcException>(() =>
            RuntimeCompiler.Compile("extern \"C\" __global__ void k() {}", "k.cu", "sm_1"));
        Assert.Equal(NvrtcResult.InvalidOption, e.Code);
    }

    [Fact]
    public void Target_selection_prefers_the_device_architecture()
    {
        Assert.SkipUnless(Nvrtc.IsSupported, $"NVRTC is not installed: {Nvrtc.UnsupportedReason}");
        Assert.Equal(("sm_80", true), Nvrtc.TargetFor(8, 0));
        // A device newer than this NVRTC gets PTX for the newest architecture it knows, for the driver to JIT.
        var (option, cubin) = Nvrtc.TargetFor(99, 9);
        Assert.False(cubin);
        Assert.Equal($"compute_{Nvrtc.SupportedArchitectures.Max()}", option);
    }
}
