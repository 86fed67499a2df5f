using System.Runtime.InteropServices;
using System.Text;

namespace MtcnnCuda.Cuda;

/// <summary>Output of one NVRTC compilation: a CUBIN, or PTX (NUL-terminated, as cuModuleLoadData wants it).</summary>
public sealed record CompiledKernel(string Name, string Target, byte[] Image, bool IsCubin, string Log);

/// <summary>
/// NVRTC compilation of CUDA C source (ManagedCuda's CudaRuntimeCompiler, made stateless): headers are passed
/// by name so <c>#include "common.cuh"</c> works without files; failures throw <see cref="NvrtcException"/>
/// carrying the program log.
/// </summary>
public static unsafe class RuntimeCompiler
{
    /// <summary>
    /// Compiles <paramref name="source"/> for <paramref name="target"/> (sm_XY gives a CUBIN, compute_XY PTX).
    /// </summary>
    public static CompiledKernel Compile(string source, string name, string target,
        IReadOnlyDictionary<string, string>? headers = null, IEnumerable<string>? extraOptions = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        bool cubin = target.StartsWith("sm_", StringComparison.Ordinal);
        if (!cubin && !target.StartsWith("compute_", StringComparison.Ordinal))
            throw new ArgumentException($"Target must be sm_XY or compute_XY; got '{target}'.", nameof(target));
        Nvrtc.EnsureSupported();

        var options = new List<string> { $"--gpu-architecture={target}", "--std=c++14" };
        if (extraOptions is not null) options.AddRange(extraOptions);
        var pins = new List<IntPtr>();
        IntPtr program = IntPtr.Zero;
        try
        {
            byte* Utf8(string s)
            {
                var p = Marshal.StringToCoTaskMemUTF8(s);
                pins.Add(p);
                return (byte*)p;
            }
            var headerList = headers?.ToArray() ?? [];
            var headerSources = stackalloc byte*[Math.Max(1, headerList.Length)];
            var headerNames = stackalloc byte*[Math.Max(1, headerList.Length)];
            for (int i = 0; i < headerList.Length; i++)
            {
                headerSources[i] = Utf8(headerList[i].Value);
                headerNames[i] = Utf8(headerList[i].Key);
            }
            var r = NvrtcNative.nvrtcCreateProgram(out program, Utf8(source), Utf8(name), headerList.Length,
                headerList.Length == 0 ? null : headerSources, headerList.Length == 0 ? null : headerNames);
            if (r != NvrtcResult.Success) throw new NvrtcException("nvrtcCreateProgram", r, program: name);

            var optionPtrs = stackalloc byte*[options.Count];
            for (int i = 0; i < options.Count; i++) optionPtrs[i] = Utf8(options[i]);
            r = NvrtcNative.nvrtcCompileProgram(program, options.Count, optionPtrs);
            string log = ReadLog(program);
            if (r != NvrtcResult.Success)
                throw new NvrtcException("nvrtcCompileProgram", r, log, $"{name} for {target}");

            byte[] image;
            if (cubin)
            {
                NvrtcException.Check(NvrtcNative.nvrtcGetCUBINSize(program, out nuint size), "nvrtcGetCUBINSize");
                image = new byte[(int)size];
                fixed (byte* p = image) NvrtcException.Check(NvrtcNative.nvrtcGetCUBIN(program, p), "nvrtcGetCUBIN");
            }
            else
            {
                NvrtcException.Check(NvrtcNative.nvrtcGetPTXSize(program, out nuint size), "nvrtcGetPTXSize");
                image = new byte[(int)size]; // size includes the terminating NUL
                fixed (byte* p = image) NvrtcException.Check(NvrtcNative.nvrtcGetPTX(program, p), "nvrtcGetPTX");
            }
            return new CompiledKernel(name, target, image, cubin, log);
        }
        finally
        {
            if (program != IntPtr.Zero) NvrtcNative.nvrtcDestroyProgram(ref program);
            foreach (var p in pins) Marshal.FreeCoTaskMem(p);
        }
    }

    private static string ReadLog(IntPtr program)
    {
        if (NvrtcNative.nvrtcGetProgramLogSize(program, out nuint size) != NvrtcResult.Success || size <= 1) return "";
        var buffer = new byte[(int)size];
        fixed (byte* p = buffer)
            if (NvrtcNative.nvrtcGetProgramLog(program, p) != NvrtcResult.Success) return "";
        return Encoding.UTF8.GetString(buffer, 0, buffer.Length - 1);
    }
}
