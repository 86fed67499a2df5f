using System.Text;

namespace MtcnnCuda.Cuda;

/// <summary>
/// Whether the CUDA driver can be used in this process, and why not. Probes once: loads the driver library
/// (see <see cref="CudaDriver.Probe"/>), calls cuInit and counts devices. Never throws.
/// </summary>
public static unsafe class Cuda
{
    private static readonly Lazy<(bool Ok, string? Reason, int Devices, int DriverVersion)> State = new(ProbeNow);

    /// <summary>True when the driver loaded, initialised and reports at least one device.</summary>
    public static bool IsSupported => State.Value.Ok;

    /// <summary>Why <see cref="IsSupported"/> is false (null when it is true).</summary>
    public static string? UnsupportedReason => State.Value.Reason;

    public static int DeviceCount => State.Value.Devices;

    /// <summary>Driver version as 1000·major + 10·minor (e.g. 12040), 0 when unavailable.</summary>
    public static int DriverVersion => State.Value.DriverVersion;

    /// <summary>Throws the exception that explains why CUDA is unusable, or returns when it is usable.</summary>
    public static void EnsureSupported()
    {
        if (IsSupported) return;
        if (!CudaDriver.Probe.IsLoaded) throw CudaDriver.Probe.CreateException();
        throw new NotSupportedException(UnsupportedReason);
    }

    private static (bool, string?, int, int) ProbeNow()
    {
        try
        {
            if (!CudaDriver.Probe.IsLoaded) return (false, CudaDriver.Probe.CreateException().Message, 0, 0);
            var init = CudaDriver.cuInit(0);
            if (init != CuResult.Success)
                return (false, $"The CUDA driver ({CudaDriver.Probe.LoadedFrom}) loaded but cuInit failed with {CuResultInfo.Name(init)}: {CuResultInfo.Meaning(init)}.", 0, 0);
            CudaDriver.cuDriverGetVersion(out int version);
            var count = CudaDriver.cuDeviceGetCount(out int devices);
            if (count != CuResult.Success || devices == 0)
                return (false, $"The CUDA driver ({CudaDriver.Probe.LoadedFrom}) reports no device.", 0, version);
            return (true, null, devices, version);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return (false, $"The CUDA driver could not be used: {e.Message}", 0, 0);
        }
    }

    /// <summary>Name, compute capability and SM count of a device (requires <see cref="IsSupported"/>).</summary>
    public static CudaDeviceInfo GetDevice(int ordinal)
    {
        EnsureSupported();
        if (ordinal < 0 || ordinal >= DeviceCount)
            throw new ArgumentOutOfRangeException(nameof(ordinal), ordinal, $"This machine has {DeviceCount} CUDA device(s).");
        CudaException.Check(CudaDriver.cuDeviceGet(out int device, ordinal), "cuDeviceGet");
        byte* name = stackalloc byte[256];
        CudaException.Check(CudaDriver.cuDeviceGetName(name, 256, device), "cuDeviceGetName");
        CudaException.Check(CudaDriver.cuDeviceTotalMem_v2(out nuint bytes, device), "cuDeviceTotalMem_v2");
        int Attr(CuDeviceAttribute a)
        {
            CudaException.Check(CudaDriver.cuDeviceGetAttribute(out int v, a, device), "cuDeviceGetAttribute", a.ToString());
            return v;
        }
        var text = Encoding.UTF8.GetString(name, new ReadOnlySpan<byte>(name, 256).IndexOf((byte)0) is var n and >= 0 ? n : 256);
        return new CudaDeviceInfo(ordinal, device, text, Attr(CuDeviceAttribute.ComputeCapabilityMajor),
            Attr(CuDeviceAttribute.ComputeCapabilityMinor), Attr(CuDeviceAttribute.MultiprocessorCount),
            Attr(CuDeviceAttribute.MaxThreadsPerBlock), (long)bytes);
    }
}

/// <summary>What the engine needs to know about a device.</summary>
public sealed record CudaDeviceInfo(int Ordinal, int Handle, string Name, int Major, int Minor,
    int MultiprocessorCount, int MaxThreadsPerBlock, long TotalMemory)
{
    /// <summary>The NVRTC architecture option value, e.g. sm_90.</summary>
    public string Architecture => $"sm_{Major}{Minor}";
}
