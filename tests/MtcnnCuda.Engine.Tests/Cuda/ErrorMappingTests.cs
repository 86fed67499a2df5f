using MtcnnCuda.Cuda;

namespace MtcnnCuda.Tests.Cuda;

/// <summary>CUresult / nvrtcResult codes become exceptions naming the call, the cuda.h name and the meaning.</summary>
public sealed class ErrorMappingTests
{
    [Fact]
    public void Every_CuResult_has_a_name_and_meaning()
    {
        var names = new HashSet<string>();
        foreach (var code in Enum.GetValues<CuResult>())
        {
            Assert.True(CuResultInfo.IsKnown(code), code.ToString());
            var name = CuResultInfo.Name(code);
            Assert.StartsWith("CUDA_", name);
            Assert.True(names.Add(name), $"duplicate name {name}");
            Assert.False(string.IsNullOrWhiteSpace(CuResultInfo.Meaning(code)));
        }
    }

    [Theory]
    [InlineData(CuResult.OutOfMemory, "CUDA_ERROR_OUT_OF_MEMORY", 2)]
    [InlineData(CuResult.NoDevice, "CUDA_ERROR_NO_DEVICE", 100)]
    [InlineData(CuResult.NoBinaryForGpu, "CUDA_ERROR_NO_BINARY_FOR_GPU", 209)]
    [InlineData(CuResult.IllegalAddress, "CUDA_ERROR_ILLEGAL_ADDRESS", 700)]
    [InlineData(CuResult.UnsupportedPtxVersion, "CUDA_ERROR_UNSUPPORTED_PTX_VERSION", 222)]
    public void CudaException_names_call_code_and_meaning(CuResult code, string name, int value)
    {
        Assert.Equal(value, (int)code);
        var e = Assert.Throws<CudaException>(() => CudaException.Check(code, "cuMemAlloc_v2", "1024 bytes"));
        Assert.Equal("cuMemAlloc_v2", e.Call);
        Assert.Equal(code, e.Code);
        Assert.StartsWith($"cuMemAlloc_v2 failed with {name} ({value}): {CuResultInfo.Meaning(code)}.", e.Message);
        Assert.EndsWith("1024 bytes", e.Message);
    }

    [Fact]
    public void Success_does_not_throw()
    {
        CudaException.Check(CuResult.Success, "cuInit");
        NvrtcException.Check(NvrtcResult.Success, "nvrtcVersion");
    }

    [Fact]
    public void Unknown_codes_are_reported_by_number()
    {
        var e = new CudaException("cuLaunchKernel", (CuResult)12345);
        Assert.Contains("CUresult 12345", e.Message);
        Assert.Contains("unrecognised", e.Message);
        Assert.Contains("nvrtcResult 77", new NvrtcException("nvrtcCompileProgram", (NvrtcResult)77).Message);
    }

    [Fact]
    public void Every_NvrtcResult_has_a_name()
    {
        foreach (var code in Enum.GetValues<NvrtcResult>())
            Assert.StartsWith("NVRTC_", NvrtcResultInfo.Name(code));
    }

    [Fact]
    public void NvrtcException_carries_the_log()
    {
        var e = new NvrtcException("nvrtcCompileProgram", NvrtcResult.Compilation, "k.cu(3): error: identifier \"x\" is undefined\n", "k.cu for sm_80");
        Assert.Contains("nvrtcCompileProgram (k.cu for sm_80) failed with NVRTC_ERROR_COMPILATION (6)", e.Message);
        Assert.Contains("Program log:\nk.cu(3): error", e.Message);
        Assert.Equal(NvrtcResult.Compilation, e.Code);
    }
}
