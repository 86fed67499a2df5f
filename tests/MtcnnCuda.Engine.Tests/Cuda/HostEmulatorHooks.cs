using System.Runtime.InteropServices;

namespace MtcnnCuda.Tests.Cuda;

/// <summary>
/// Test hooks the host-emulated driver (HostEmulator/fake_cuda.cpp) exports beyond the CUDA API. Only available
/// when the tests run on the emulator (MTCNN_CUDA_PATH names it); tests that need them skip elsewhere.
/// </summary>
internal static unsafe class HostEmulatorHooks
{
    /// <summary>Makes the launch after <paramref name="launches"/> more launches fail with the sticky error <paramref name="code"/>.</summary>
    public static void InjectFault(int launches, int code)
    {
        string path = Environment.GetEnvironmentVariable("MTCNN_CUDA_PATH")
            ?? throw new InvalidOperationException("MTCNN_CUDA_PATH does not name the host emulator.");
        var inject = (delegate* unmanaged<int, int, void>)NativeLibrary.GetExport(NativeLibrary.Load(path), "fakecuda_inject_fault");
        inject(launches, code);
    }
}
