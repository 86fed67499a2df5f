namespace MtcnnCuda.Cuda;

/// <summary>What the driver knows about a device address handed in by a host: its context, kind and allocation.</summary>
/// <param name="Context">The CUcontext the memory belongs to.</param>
/// <param name="AllocationBase">Start of the allocation holding the address (0 when the driver cannot tell).</param>
/// <param name="AllocationBytes">Size of that allocation (0 when the driver cannot tell).</param>
internal readonly record struct CudaPointerInfo(IntPtr Context, CuMemoryType MemoryType, ulong AllocationBase, long AllocationBytes)
{
    /// <summary>Bytes from <paramref name="pointer"/> to the end of its allocation (-1 when unknown).</summary>
    public long BytesFrom(ulong pointer) => AllocationBytes == 0 ? -1 : (long)(AllocationBase + (ulong)AllocationBytes - pointer);
}

internal static unsafe class CudaPointer
{
    /// <summary>
    /// Asks the driver about <paramref name="pointer"/> (the caller's context need not be current); null when the
    /// driver does not know the address (not CUDA memory of this process).
    /// </summary>
    public static CudaPointerInfo? Query(ulong pointer)
    {
        IntPtr context;
        if (CudaDriver.cuPointerGetAttribute(&context, CuPointerAttribute.Context, pointer) != CuResult.Success) return null;
        int type;
        if (CudaDriver.cuPointerGetAttribute(&type, CuPointerAttribute.MemoryType, pointer) != CuResult.Success) return null;
        ulong start = 0;
        nuint bytes = 0;
        if (CudaDriver.cuMemGetAddressRange_v2(out start, out bytes, pointer) != CuResult.Success) (start, bytes) = (0, 0);
        return new CudaPointerInfo(context, (CuMemoryType)type, start, (long)bytes);
    }

    /// <summary>The context a stream belongs to (CU_STREAM_LEGACY and per-thread handles report the current one).</summary>
    public static IntPtr StreamContext(IntPtr stream)
    {
        CudaException.Check(CudaDriver.cuStreamGetCtx(stream, out var context), "cuStreamGetCtx", $"stream 0x{stream:x}");
        return context;
    }
}
