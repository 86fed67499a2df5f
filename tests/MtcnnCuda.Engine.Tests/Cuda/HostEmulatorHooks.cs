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
        var inject = (delegate* unmanaged<int, int, void>)Export("fakecuda_inject_fault");
        inject(launches, code);
    }

    /// <summary>The emulator's host-side call counts so far (process-wide); subtract two snapshots to count one call's.</summary>
    public static DriverCounts Counts()
    {
        var read = (delegate* unmanaged<long*, int, void>)Export("fakecuda_counters");
        long* c = stackalloc long[6];
        read(c, 6);
        return new DriverCounts(c[0], c[1], c[2], c[3], c[4], c[5]);
    }

    private static IntPtr Export(string name)
    {
        string path = Environment.GetEnvironmentVariable("MTCNN_CUDA_PATH")
            ?? throw new InvalidOperationException("MTCNN_CUDA_PATH does not name the host emulator.");
        return NativeLibrary.GetExport(NativeLibrary.Load(path), name);
    }
}

/// <summary>
/// Host-side driver calls counted by the emulator: synchronisations (stream, event, context), graph launches,
/// kernel launches outside a capture, stream captures, device + pinned allocations, async copies and memsets
/// outside a capture.
/// </summary>
internal readonly record struct DriverCounts(long Syncs, long GraphLaunches, long EagerLaunches, long Captures, long Allocations, long EagerCopies)
{
    public static DriverCounts operator -(DriverCounts a, DriverCounts b) => new(a.Syncs - b.Syncs, a.GraphLaunches - b.GraphLaunches,
        a.EagerLaunches - b.EagerLaunches, a.Captures - b.Captures, a.Allocations - b.Allocations, a.EagerCopies - b.EagerCopies);
}
