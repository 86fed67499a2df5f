using System.Runtime.InteropServices;

namespace MtcnnCuda.Cuda;

/// <summary>
/// The CUDA driver API functions the engine uses. Entry points are the explicitly versioned ABI names
/// (<c>cuMemAlloc_v2</c>, …) that CUDA 11, 12 and 13 drivers export, so newer headers remapping plain names
/// cannot change what we call. Handles are opaque pointers; CUdevice is an int; CUdeviceptr is 64-bit.
/// </summary>
internal static unsafe partial class CudaDriver
{
    public const string LibraryName = "mtcnn-cuda-driver";

    public static readonly NativeLibraryProbe Probe = new("CUDA driver", "MTCNN_CUDA_PATH",
        OperatingSystem.IsWindows() ? ["nvcuda.dll"] : ["libcuda.so.1", "libcuda.so"]);

    static CudaDriver() => NativeLibraryResolver.EnsureInstalled();

    // Initialisation, version, devices.
    [LibraryImport(LibraryName)] public static partial CuResult cuInit(uint flags);
    [LibraryImport(LibraryName)] public static partial CuResult cuDriverGetVersion(out int version);
    [LibraryImport(LibraryName)] public static partial CuResult cuDeviceGetCount(out int count);
    [LibraryImport(LibraryName)] public static partial CuResult cuDeviceGet(out int device, int ordinal);
    [LibraryImport(LibraryName)] public static partial CuResult cuDeviceGetAttribute(out int value, CuDeviceAttribute attribute, int device);
    [LibraryImport(LibraryName)] public static partial CuResult cuDeviceGetName(byte* name, int length, int device);
    [LibraryImport(LibraryName)] public static partial CuResult cuDeviceTotalMem_v2(out nuint bytes, int device);
    [LibraryImport(LibraryName)] public static partial CuResult cuGetErrorName(CuResult error, out byte* name);
    [LibraryImport(LibraryName)] public static partial CuResult cuGetErrorString(CuResult error, out byte* text);

    // Primary context (shared with every other user of the device in this process, e.g. cuBLAS).
    [LibraryImport(LibraryName)] public static partial CuResult cuDevicePrimaryCtxRetain(out IntPtr context, int device);
    [LibraryImport(LibraryName)] public static partial CuResult cuDevicePrimaryCtxRelease_v2(int device);
    [LibraryImport(LibraryName)] public static partial CuResult cuCtxSetCurrent(IntPtr context);
    [LibraryImport(LibraryName)] public static partial CuResult cuCtxGetCurrent(out IntPtr context);
    [LibraryImport(LibraryName)] public static partial CuResult cuCtxSynchronize();
    [LibraryImport(LibraryName)] public static partial CuResult cuCtxPushCurrent_v2(IntPtr context);
    [LibraryImport(LibraryName)] public static partial CuResult cuCtxPopCurrent_v2(out IntPtr context);
    [LibraryImport(LibraryName)] public static partial CuResult cuDevicePrimaryCtxReset_v2(int device);
    // A non-primary context: only tests use it, to play a host application with a context of its own.
    [LibraryImport(LibraryName)] public static partial CuResult cuCtxCreate_v2(out IntPtr context, uint flags, int device);
    [LibraryImport(LibraryName)] public static partial CuResult cuCtxDestroy_v2(IntPtr context);

    // Modules and kernels.
    [LibraryImport(LibraryName)] public static partial CuResult cuModuleLoadData(out IntPtr module, void* image);
    [LibraryImport(LibraryName)] public static partial CuResult cuModuleLoadDataEx(out IntPtr module, void* image, uint optionCount, int* options, void** optionValues);
    [LibraryImport(LibraryName)] public static partial CuResult cuModuleUnload(IntPtr module);
    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    public static partial CuResult cuModuleGetFunction(out IntPtr function, IntPtr module, string name);
    [LibraryImport(LibraryName)] public static partial CuResult cuFuncGetAttribute(out int value, CuFunctionAttribute attribute, IntPtr function);
    [LibraryImport(LibraryName)] public static partial CuResult cuFuncSetAttribute(IntPtr function, CuFunctionAttribute attribute, int value);
    [LibraryImport(LibraryName)]
    public static partial CuResult cuLaunchKernel(IntPtr function, uint gridX, uint gridY, uint gridZ,
        uint blockX, uint blockY, uint blockZ, uint sharedMemBytes, IntPtr stream, void** kernelParams, void** extra);

    // Device memory.
    [LibraryImport(LibraryName)] public static partial CuResult cuMemAlloc_v2(out ulong pointer, nuint bytes);
    [LibraryImport(LibraryName)] public static partial CuResult cuMemFree_v2(ulong pointer);
    [LibraryImport(LibraryName)] public static partial CuResult cuMemsetD8_v2(ulong pointer, byte value, nuint count);
    [LibraryImport(LibraryName)] public static partial CuResult cuMemsetD8Async(ulong pointer, byte value, nuint count, IntPtr stream);
    [LibraryImport(LibraryName)] public static partial CuResult cuMemsetD32Async(ulong pointer, uint value, nuint count, IntPtr stream);
    [LibraryImport(LibraryName)] public static partial CuResult cuMemcpyHtoD_v2(ulong destination, void* source, nuint bytes);
    [LibraryImport(LibraryName)] public static partial CuResult cuMemcpyDtoH_v2(void* destination, ulong source, nuint bytes);
    [LibraryImport(LibraryName)] public static partial CuResult cuMemcpyDtoD_v2(ulong destination, ulong source, nuint bytes);
    [LibraryImport(LibraryName)] public static partial CuResult cuMemcpyHtoDAsync_v2(ulong destination, void* source, nuint bytes, IntPtr stream);
    [LibraryImport(LibraryName)] public static partial CuResult cuMemcpyDtoHAsync_v2(void* destination, ulong source, nuint bytes, IntPtr stream);
    [LibraryImport(LibraryName)] public static partial CuResult cuMemcpyDtoDAsync_v2(ulong destination, ulong source, nuint bytes, IntPtr stream);

    // Pinned (page-locked) host memory: required for truly asynchronous copies.
    [LibraryImport(LibraryName)] public static partial CuResult cuMemHostAlloc(out IntPtr pointer, nuint bytes, uint flags);
    [LibraryImport(LibraryName)] public static partial CuResult cuMemFreeHost(IntPtr pointer);
    // A caller's own memory page-locked in place (and its device-side alias for zero-copy access).
    [LibraryImport(LibraryName)] public static partial CuResult cuMemHostRegister_v2(void* pointer, nuint bytes, uint flags);
    [LibraryImport(LibraryName)] public static partial CuResult cuMemHostUnregister(void* pointer);
    [LibraryImport(LibraryName)] public static partial CuResult cuMemHostGetDevicePointer_v2(out ulong devicePointer, void* hostPointer, uint flags);

    // What the driver knows about an address (device images handed in by a host).
    [LibraryImport(LibraryName)] public static partial CuResult cuPointerGetAttribute(void* data, CuPointerAttribute attribute, ulong pointer);
    [LibraryImport(LibraryName)] public static partial CuResult cuMemGetAddressRange_v2(out ulong allocationBase, out nuint bytes, ulong pointer);

    // Streams and events.
    [LibraryImport(LibraryName)] public static partial CuResult cuStreamCreate(out IntPtr stream, uint flags);
    [LibraryImport(LibraryName)] public static partial CuResult cuStreamDestroy_v2(IntPtr stream);
    [LibraryImport(LibraryName)] public static partial CuResult cuStreamSynchronize(IntPtr stream);
    [LibraryImport(LibraryName)] public static partial CuResult cuStreamWaitEvent(IntPtr stream, IntPtr evt, uint flags);
    [LibraryImport(LibraryName)] public static partial CuResult cuStreamGetCtx(IntPtr stream, out IntPtr context);
    [LibraryImport(LibraryName)] public static partial CuResult cuEventCreate(out IntPtr evt, uint flags);
    [LibraryImport(LibraryName)] public static partial CuResult cuEventDestroy_v2(IntPtr evt);
    [LibraryImport(LibraryName)] public static partial CuResult cuEventRecord(IntPtr evt, IntPtr stream);
    [LibraryImport(LibraryName)] public static partial CuResult cuEventSynchronize(IntPtr evt);
    [LibraryImport(LibraryName)] public static partial CuResult cuEventElapsedTime(out float milliseconds, IntPtr start, IntPtr end);

    // Graphs via stream capture. cuGraphInstantiateWithFlags exists since 11.4 and is what CUDA 12/13's
    // cuGraphInstantiate macro maps to; the old 5-argument cuGraphInstantiate ABI is not used.
    [LibraryImport(LibraryName)] public static partial CuResult cuStreamBeginCapture_v2(IntPtr stream, CuStreamCaptureMode mode);
    [LibraryImport(LibraryName)] public static partial CuResult cuStreamEndCapture(IntPtr stream, out IntPtr graph);
    [LibraryImport(LibraryName)] public static partial CuResult cuGraphInstantiateWithFlags(out IntPtr graphExec, IntPtr graph, ulong flags);
    [LibraryImport(LibraryName)] public static partial CuResult cuGraphLaunch(IntPtr graphExec, IntPtr stream);
    [LibraryImport(LibraryName)] public static partial CuResult cuGraphExecDestroy(IntPtr graphExec);
    [LibraryImport(LibraryName)] public static partial CuResult cuGraphDestroy(IntPtr graph);

    public const uint MemHostAllocPortable = 0x01;
    public const uint StreamNonBlocking = 0x01;
    public const uint EventDefault = 0x0;
    public const uint EventDisableTiming = 0x2;
    public const uint MemHostRegisterPortable = 0x01;
    public const uint MemHostRegisterDeviceMap = 0x02;
}

/// <summary>The device attributes the engine reads (values from cuda.h's CUdevice_attribute).</summary>
internal enum CuDeviceAttribute
{
    MaxThreadsPerBlock = 1,
    MaxSharedMemoryPerBlock = 8,
    WarpSize = 10,
    ClockRate = 13,
    MultiprocessorCount = 16,
    MemoryClockRate = 36,
    GlobalMemoryBusWidth = 37,
    ComputeCapabilityMajor = 75,
    ComputeCapabilityMinor = 76,
}

/// <summary>The function attributes the engine reads or sets (values from cuda.h's CUfunction_attribute).</summary>
internal enum CuFunctionAttribute
{
    MaxThreadsPerBlock = 0,
    SharedSizeBytes = 1,
    MaxDynamicSharedSizeBytes = 8,
}

/// <summary>The pointer attributes the engine reads (values from cuda.h's CUpointer_attribute).</summary>
internal enum CuPointerAttribute
{
    Context = 1,
    MemoryType = 2,
    DeviceOrdinal = 9,
}

/// <summary>CUmemorytype: where an address lives.</summary>
internal enum CuMemoryType
{
    Host = 1,
    Device = 2,
    Array = 3,
    Unified = 4,
}

internal enum CuStreamCaptureMode
{
    Global = 0,
    ThreadLocal = 1,
    Relaxed = 2,
}
