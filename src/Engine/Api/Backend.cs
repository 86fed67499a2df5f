namespace MtcnnCuda;

/// <summary>Where the cascade runs.</summary>
public enum Backend
{
    /// <summary>The CUDA backend when a usable GPU and driver exist, otherwise the CPU backend.</summary>
    Auto,
    /// <summary>Plain C#, vectorised and multithreaded; the oracle for every GPU test.</summary>
    Cpu,
    /// <summary>Hand-written CUDA kernels compiled by NVRTC; fails clearly when no GPU is present.</summary>
    Cuda,
}
