namespace MtcnnCuda.Cuda;

/// <summary>A CUDA driver API call failed; names the call, the cuda.h code name and what it means.</summary>
public sealed class CudaException : Exception
{
    public CudaException(string call, CuResult code, string? context = null)
        : base($"{call} failed with {CuResultInfo.Name(code)} ({(int)code}): {CuResultInfo.Meaning(code)}." +
               (context is null ? "" : " " + context))
    {
        Call = call;
        Code = code;
    }

    public string Call { get; }
    public CuResult Code { get; }

    /// <summary>
    /// True for the errors that leave the context unusable until it is reset (illegal address, launch failure,
    /// …): every later call in that context fails with the same code.
    /// </summary>
    public bool IsSticky => IsStickyCode(Code);

    public static bool IsStickyCode(CuResult code) => code is CuResult.IllegalAddress or CuResult.LaunchTimeout
        or CuResult.HardwareStackError or CuResult.IllegalInstruction or CuResult.MisalignedAddress
        or CuResult.InvalidAddressSpace or CuResult.InvalidPc or CuResult.LaunchFailed or CuResult.Assert;

    /// <summary>Throws unless <paramref name="code"/> is success.</summary>
    public static void Check(CuResult code, string call, string? context = null)
    {
        if (code != CuResult.Success) throw new CudaException(call, code, context);
    }
}

/// <summary>An NVRTC call failed; compile failures carry the program log.</summary>
public sealed class NvrtcException : Exception
{
    public NvrtcException(string call, NvrtcResult code, string? log = null, string? program = null)
        : base($"{call}{(program is null ? "" : $" ({program})")} failed with {NvrtcResultInfo.Name(code)} ({(int)code}): " +
               $"{NvrtcResultInfo.Meaning(code)}." + (string.IsNullOrWhiteSpace(log) ? "" : "\nProgram log:\n" + log.TrimEnd()))
    {
        Call = call;
        Code = code;
        Log = log;
    }

    public string Call { get; }
    public NvrtcResult Code { get; }
    public string? Log { get; }

    public static void Check(NvrtcResult code, string call)
    {
        if (code != NvrtcResult.Success) throw new NvrtcException(call, code);
    }
}
