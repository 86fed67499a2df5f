using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using MtcnnCuda.Backends;
using MtcnnCuda.Cuda;

namespace MtcnnCuda.Tests.Cuda;

/// <summary>
/// The C# mirrors of the kernels' params structs have the CUDA C layout: NVRTC compiles static_asserts on
/// sizeof and every field's offset, with the numbers taken from the C# structs. No GPU needed.
/// </summary>
public sealed class KernelParamsLayoutTests
{
    public static TheoryData<string, string, Type> Structs() => new()
    {
        { "common.cuh", "Candidate", typeof(GpuCandidate) },
        { "row_sums.cu", "RowSumsParams", typeof(RowSumsParams) },
        { "pnet_fused.cu", "PNetFusedParams", typeof(PNetFusedParams) },
        { "common.cuh", "NmsParams", typeof(NmsParams) },
        { "crop_net_conv.cu", "CropConvParams", typeof(CropConvParams) },
        { "crop_net_dense.cu", "CropDenseParams", typeof(CropDenseParams) },
        { "crop_net_heads.cu", "CropHeadsParams", typeof(CropHeadsParams) },
        { "align_warp.cu", "AlignWarpParams", typeof(AlignWarpParams) },
        { "pack_faces.cu", "PackFacesParams", typeof(PackFacesParams) },
    };

    /// <summary>C field name of a C# field: PascalCase → snake_case, with the few names that differ spelled out.</summary>
    private static string CName(string field) => field switch
    {
        "KPad" => "k_pad",
        _ => SnakeCase(field),
    };

    private static string SnakeCase(string name)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (char.IsUpper(c) && i > 0 && !char.IsUpper(name[i - 1]) && !char.IsDigit(name[i - 1])) sb.Append('_');
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }

    [Theory]
    [MemberData(nameof(Structs))]
    public void Params_struct_matches_the_kernel_layout(string file, string cStruct, Type type)
    {
        Assert.SkipUnless(Nvrtc.IsSupported, $"NVRTC is not installed: {Nvrtc.UnsupportedReason}");
        // NVRTC has no offsetof; the null-pointer member address is folded to a constant by its front end.
        var source = new StringBuilder($"#include \"{file}\"\n__global__ void layout_check()\n{{\n");
        source.Append($"static_assert(sizeof({cStruct}) == {Marshal.SizeOf(type)}, \"sizeof {cStruct}\");\n");
        var fields = type.GetFields(BindingFlags.Public | BindingFlags.Instance);
        Assert.NotEmpty(fields);
        foreach (var f in fields)
        {
            long offset = Marshal.OffsetOf(type, f.Name).ToInt64();
            source.Append($"static_assert((unsigned long long)&((({cStruct}*)0)->{CName(f.Name)}) == {offset}, \"{cStruct}.{CName(f.Name)} at {offset}\");\n");
        }
        source.Append("}\n");
        var headers = new Dictionary<string, string>(KernelSources.Headers);
        if (file.EndsWith(".cu", StringComparison.Ordinal)) headers[file] = KernelSources.Source(file);
        // Throws with the failing assertion in the log when a layout differs.
        var compiled = RuntimeCompiler.Compile(source.ToString(), $"layout_{cStruct}.cu", "compute_80", headers);
        Assert.NotEmpty(compiled.Image);
    }

    [Fact]
    public void Layout_check_detects_a_mismatch()
    {
        Assert.SkipUnless(Nvrtc.IsSupported, $"NVRTC is not installed: {Nvrtc.UnsupportedReason}");
        var headers = new Dictionary<string, string>(KernelSources.Headers) { ["crop_net_dense.cu"] = KernelSources.Source("crop_net_dense.cu") };
        var e = Assert.Throws<NvrtcException>(() => RuntimeCompiler.Compile(
            "#include \"crop_net_dense.cu\"\n__global__ void k() { static_assert((unsigned long long)&(((CropDenseParams*)0)->batch) == 44, \"CropDenseParams.batch at 44\"); }\n",
            "layout_bad.cu", "compute_80", headers));
        Assert.Contains("CropDenseParams.batch at 44", e.Message);
    }
}
