namespace MtcnnCuda.Cuda;

/// <summary>A loaded module (CUBIN or PTX) of one context.</summary>
public sealed unsafe class CudaModule : IDisposable
{
    private readonly CudaContext _context;
    private int _disposed;

    internal CudaModule(CudaContext context, CompiledKernel compiled)
    {
        _context = context;
        Compiled = compiled;
        context.MakeCurrent();
        IntPtr handle;
        fixed (byte* image = compiled.Image)
            CudaException.Check(CudaDriver.cuModuleLoadData(out handle, image), "cuModuleLoadData",
                $"{compiled.Name} ({compiled.Target}, {(compiled.IsCubin ? "CUBIN" : "PTX")})");
        Handle = handle;
    }

    internal IntPtr Handle { get; }
    public CompiledKernel Compiled { get; }
    internal CudaContext Context => _context;

    /// <summary>The kernel named <paramref name="name"/> (an extern "C" __global__ function).</summary>
    public CudaKernel GetKernel(string name)
    {
        _context.MakeCurrent();
        CudaException.Check(CudaDriver.cuModuleGetFunction(out var function, Handle, name), "cuModuleGetFunction", $"kernel '{name}' in {Compiled.Name}");
        return new CudaKernel(this, function, name);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0 || _context.IsDisposed) return;
        _context.MakeCurrent();
        CudaDriver.cuModuleUnload(Handle);
    }
}

/// <summary>
/// A kernel with launch dimensions (ManagedCuda's CudaKernel). Arguments are unmanaged values — device pointers
/// (ulong) and small by-value params structs — passed to cuLaunchKernel as an array of pointers to each value.
/// </summary>
public sealed unsafe class CudaKernel
{
    private readonly CudaModule _module;

    internal CudaKernel(CudaModule module, IntPtr function, string name)
    {
        _module = module;
        Function = function;
        Name = name;
    }

    internal IntPtr Function { get; }
    public string Name { get; }

    /// <summary>Shared memory a block gets without opting in (cuFuncSetAttribute): the same on every architecture.</summary>
    public const int DefaultSharedMemoryLimit = 48 * 1024;

    private int _staticShared = -1;
    private int _sharedLimit = DefaultSharedMemoryLimit;

    /// <summary>Bytes of the kernel's static __shared__ variables (CU_FUNC_ATTRIBUTE_SHARED_SIZE_BYTES).</summary>
    public int StaticSharedMemory
    {
        get
        {
            if (_staticShared < 0)
            {
                CudaException.Check(CudaDriver.cuFuncGetAttribute(out int bytes, CuFunctionAttribute.SharedSizeBytes, Function),
                    "cuFuncGetAttribute", $"kernel '{Name}' SHARED_SIZE_BYTES");
                _staticShared = bytes;
            }
            return _staticShared;
        }
    }

    /// <summary>
    /// Opts the kernel in to more than 48 KiB of static + dynamic shared memory per block
    /// (CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES); the device's opt-in maximum still applies.
    /// </summary>
    public void AllowDynamicSharedMemory(int bytes)
    {
        CudaException.Check(CudaDriver.cuFuncSetAttribute(Function, CuFunctionAttribute.MaxDynamicSharedSizeBytes, bytes),
            "cuFuncSetAttribute", $"kernel '{Name}' MAX_DYNAMIC_SHARED_SIZE_BYTES = {bytes}");
        _sharedLimit = Math.Max(DefaultSharedMemoryLimit, StaticSharedMemory + bytes);
    }
    public (uint X, uint Y, uint Z) GridDimensions { get; set; } = (1, 1, 1);
    public (uint X, uint Y, uint Z) BlockDimensions { get; set; } = (256, 1, 1);
    public uint DynamicSharedMemory { get; set; }

    /// <summary>Sets a 1-D launch covering <paramref name="threads"/> threads in blocks of <paramref name="block"/>.</summary>
    public CudaKernel Cover(long threads, uint block = 256)
    {
        long grid = Math.Max(1, (threads + block - 1) / block);
        if (grid > int.MaxValue) throw new ArgumentOutOfRangeException(nameof(threads));
        GridDimensions = ((uint)grid, 1, 1);
        BlockDimensions = (block, 1, 1);
        return this;
    }

    public void Launch<T1>(CudaStream stream, T1 a1) where T1 : unmanaged
    {
        void** args = stackalloc void*[1];
        args[0] = &a1;
        Launch(stream, args);
    }

    public void Launch<T1, T2>(CudaStream stream, T1 a1, T2 a2) where T1 : unmanaged where T2 : unmanaged
    {
        void** args = stackalloc void*[2];
        args[0] = &a1; args[1] = &a2;
        Launch(stream, args);
    }

    public void Launch<T1, T2, T3>(CudaStream stream, T1 a1, T2 a2, T3 a3) where T1 : unmanaged where T2 : unmanaged where T3 : unmanaged
    {
        void** args = stackalloc void*[3];
        args[0] = &a1; args[1] = &a2; args[2] = &a3;
        Launch(stream, args);
    }

    public void Launch<T1, T2, T3, T4>(CudaStream stream, T1 a1, T2 a2, T3 a3, T4 a4)
        where T1 : unmanaged where T2 : unmanaged where T3 : unmanaged where T4 : unmanaged
    {
        void** args = stackalloc void*[4];
        args[0] = &a1; args[1] = &a2; args[2] = &a3; args[3] = &a4;
        Launch(stream, args);
    }

    public void Launch<T1, T2, T3, T4, T5>(CudaStream stream, T1 a1, T2 a2, T3 a3, T4 a4, T5 a5)
        where T1 : unmanaged where T2 : unmanaged where T3 : unmanaged where T4 : unmanaged where T5 : unmanaged
    {
        void** args = stackalloc void*[5];
        args[0] = &a1; args[1] = &a2; args[2] = &a3; args[3] = &a4; args[4] = &a5;
        Launch(stream, args);
    }

    public void Launch<T1, T2, T3, T4, T5, T6>(CudaStream stream, T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6)
        where T1 : unmanaged where T2 : unmanaged where T3 : unmanaged where T4 : unmanaged where T5 : unmanaged where T6 : unmanaged
    {
        void** args = stackalloc void*[6];
        args[0] = &a1; args[1] = &a2; args[2] = &a3; args[3] = &a4; args[4] = &a5; args[5] = &a6;
        Launch(stream, args);
    }

    private void Launch(CudaStream stream, void** args)
    {
        var (gx, gy, gz) = GridDimensions;
        var (bx, by, bz) = BlockDimensions;
        // A GPU refuses the launch with a bare "invalid value"; say which limit and by how much.
        if (DynamicSharedMemory > 0 && StaticSharedMemory + (long)DynamicSharedMemory > _sharedLimit)
            throw new InvalidOperationException($"Kernel '{Name}' asks for {StaticSharedMemory} bytes of static plus {DynamicSharedMemory} of " +
                $"dynamic shared memory per block, over the {_sharedLimit}-byte limit.");
        CudaException.Check(CudaDriver.cuLaunchKernel(Function, gx, gy, gz, bx, by, bz, DynamicSharedMemory, stream.Handle, args, null),
            "cuLaunchKernel", $"kernel '{Name}' grid ({gx},{gy},{gz}) block ({bx},{by},{bz})");
    }
}
