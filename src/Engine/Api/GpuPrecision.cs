namespace MtcnnCuda;

/// <summary>Arithmetic of the CUDA backend's RNet/ONet convolutions (the CPU backend always computes in FP32).</summary>
public enum GpuPrecision
{
    /// <summary>FP32 throughout: matches the CPU backend within float rounding.</summary>
    Fp32,
    /// <summary>
    /// TF32 tensor cores (mma.sync, 10-bit mantissa inputs, FP32 accumulation) for the RNet/ONet convolutions; needs
    /// a GPU of compute capability 8.0 or newer. Faster; scores may differ from FP32 in the third decimal.
    /// </summary>
    Tf32,
}
