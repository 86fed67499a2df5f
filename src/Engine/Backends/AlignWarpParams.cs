using System.Runtime.InteropServices;

namespace MtcnnCuda.Backends;

/// <summary>kernels/align_warp.cu AlignWarpParams (sequential layout = the CUDA C field offsets).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct AlignWarpParams
{
    public ulong Pixels, Transforms, Out;
    public int Count, Width, Height, Stride, Bpp, C0, C1, C2;
    public int OutWidth, OutHeight, IsFloat, Replicate;
    public float Border, Mean, Scale;
}
