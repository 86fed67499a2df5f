using System.Runtime.InteropServices;

namespace MtcnnCuda.Cuda;

/// <summary>The NVRTC (runtime compilation) functions the engine uses; stable across NVRTC 11.2 .. 13.</summary>
internal static unsafe partial class NvrtcNative
{
    public const string LibraryName = "mtcnn-nvrtc";

    public static readonly NativeLibraryProbe Probe = new("NVRTC", "MTCNN_NVRTC_PATH",
        OperatingSystem.IsWindows()
            ? ["nvrtc64_130_0.dll", "nvrtc64_120_0.dll", "nvrtc64_112_0.dll", "nvrtc64_111_0.dll"]
            : ["libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so.11.2", "libnvrtc.so.11.1", "libnvrtc.so.11.0", "libnvrtc.so"]);

    static NvrtcNative() => NativeLibraryResolver.EnsureInstalled();

    [LibraryImport(LibraryName)] public static partial NvrtcResult nvrtcVersion(out int major, out int minor);
    [LibraryImport(LibraryName)] public static partial NvrtcResult nvrtcGetNumSupportedArchs(out int count);
    [LibraryImport(LibraryName)] public static partial NvrtcResult nvrtcGetSupportedArchs(int* archs);
    [LibraryImport(LibraryName)] public static partial byte* nvrtcGetErrorString(NvrtcResult result);

    [LibraryImport(LibraryName)]
    public static partial NvrtcResult nvrtcCreateProgram(out IntPtr program, byte* source, byte* name,
        int headerCount, byte** headers, byte** includeNames);
    [LibraryImport(LibraryName)] public static partial NvrtcResult nvrtcDestroyProgram(ref IntPtr program);
    [LibraryImport(LibraryName)] public static partial NvrtcResult nvrtcCompileProgram(IntPtr program, int optionCount, byte** options);
    [LibraryImport(LibraryName)] public static partial NvrtcResult nvrtcGetProgramLogSize(IntPtr program, out nuint size);
    [LibraryImport(LibraryName)] public static partial NvrtcResult nvrtcGetProgramLog(IntPtr program, byte* log);
    [LibraryImport(LibraryName)] public static partial NvrtcResult nvrtcGetPTXSize(IntPtr program, out nuint size);
    [LibraryImport(LibraryName)] public static partial NvrtcResult nvrtcGetPTX(IntPtr program, byte* ptx);
    [LibraryImport(LibraryName)] public static partial NvrtcResult nvrtcGetCUBINSize(IntPtr program, out nuint size);
    [LibraryImport(LibraryName)] public static partial NvrtcResult nvrtcGetCUBIN(IntPtr program, byte* cubin);
}
