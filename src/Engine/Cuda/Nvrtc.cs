namespace MtcnnCuda.Cuda;

/// <summary>Whether NVRTC is usable in this process (no GPU needed), its version and supported architectures.</summary>
public static unsafe class Nvrtc
{
    private static readonly Lazy<(bool Ok, string? Reason, Version? Version)> State = new(ProbeNow);
    private static readonly Lazy<int[]> Archs = new(ReadArchs);

    public static bool IsSupported => State.Value.Ok;
    public static string? UnsupportedReason => State.Value.Reason;
    public static Version? Version => State.Value.Version;
    public static string? LoadedFrom => NvrtcNative.Probe.LoadedFrom;

    /// <summary>The sm_XY numbers (e.g. 80, 90) this NVRTC can compile for.</summary>
    public static IReadOnlyList<int> SupportedArchitectures => Archs.Value;

    public static void EnsureSupported()
    {
        if (IsSupported) return;
        if (!NvrtcNative.Probe.IsLoaded) throw NvrtcNative.Probe.CreateException();
        throw new NotSupportedException(UnsupportedReason);
    }

    private static (bool, string?, Version?) ProbeNow()
    {
        try
        {
            if (!NvrtcNative.Probe.IsLoaded) return (false, NvrtcNative.Probe.CreateException().Message, null);
            var r = NvrtcNative.nvrtcVersion(out int major, out int minor);
            if (r != NvrtcResult.Success) return (false, $"nvrtcVersion failed with {NvrtcResultInfo.Name(r)}.", null);
            return (true, null, new Version(major, minor));
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return (false, $"NVRTC could not be used: {e.Message}", null);
        }
    }

    private static int[] ReadArchs()
    {
        EnsureSupported();
        NvrtcException.Check(NvrtcNative.nvrtcGetNumSupportedArchs(out int count), "nvrtcGetNumSupportedArchs");
        var archs = new int[count];
        fixed (int* p = archs) NvrtcException.Check(NvrtcNative.nvrtcGetSupportedArchs(p), "nvrtcGetSupportedArchs");
        return archs;
    }

    /// <summary>
    /// The architecture to compile for on a device of compute capability major.minor: the device's own when
    /// NVRTC knows it (a CUBIN), otherwise the newest NVRTC knows below it, as PTX the driver JIT-compiles.
    /// </summary>
    public static (string Option, bool Cubin) TargetFor(int major, int minor)
    {
        int wanted = major * 10 + minor;
        var archs = SupportedArchitectures;
        if (archs.Contains(wanted)) return ($"sm_{wanted}", true);
        int best = archs.Where(a => a < wanted).DefaultIfEmpty(0).Max();
        if (best == 0) throw new NotSupportedException($"NVRTC {Version} cannot compile for sm_{wanted} or any older architecture.");
        return ($"compute_{best}", false);
    }
}
