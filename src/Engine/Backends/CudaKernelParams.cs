using System.Runtime.InteropServices;

namespace MtcnnCuda.Backends;

// C# mirrors of the by-value params structs in kernels/*.cu. Sequential layout gives the same field offsets as
// the CUDA C structs (pointers are 64-bit CUdeviceptr values); CudaKernelParamsTests checks the sizes.

/// <summary>kernels/common.cuh Candidate.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct GpuCandidate
{
    public float X1, Y1, X2, Y2, Score;
    public float Dx1, Dy1, Dx2, Dy2;
    public int Key;
}

[StructLayout(LayoutKind.Sequential)]
internal struct ToPlanarParams
{
    public ulong Pixels, Planar;
    public int Width, Height, Stride, Bpp, C0, C1, C2;
}

[StructLayout(LayoutKind.Sequential)]
internal struct ConvParams
{
    public ulong In, Weight, Bias, Alpha, Out;
    public int Batch, Cin, H, W, Cout, K;
    public int ConvH, ConvW;
    public int PoolK, PoolS;
    public int OutH, OutW;
}

[StructLayout(LayoutKind.Sequential)]
internal struct RowSumsParams
{
    public ulong Pixels, Sums;
    public int Width, Height, Stride, Bpp, C0, C1, C2;
}

/// <summary>kernels/pnet_fused.cu: the level/tile table and PNet's weights (see <see cref="PNetLevelTable"/>).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct PNetFusedParams
{
    public const int MaxLevels = 32;
    public ulong Sums;
    public ulong W1, B1, A1, W2, B2, A2, W3, B3, A3, W41, B41, W42, B42;
    public ulong Out, Counts;
    public fixed double Scales[MaxLevels];
    public float Mean, Scale, Threshold;
    public int Width, Height;
    public int ClipFloat;   // 1: box corners in float32 (EdgeMode.Clip, facenet-pytorch), 0: in double (ZeroPad)
    public int Levels;
    public fixed int Widths[MaxLevels];
    public fixed int Heights[MaxLevels];
    public fixed int TilesX[MaxLevels];
    public fixed int TileStart[MaxLevels + 1];
    public fixed int CellOffset[MaxLevels];
}

[StructLayout(LayoutKind.Sequential)]
internal struct NmsSortParams
{
    public ulong In, Out, Count;
    public int Capacity;
}

[StructLayout(LayoutKind.Sequential)]
internal struct NmsMaskParams
{
    public ulong Boxes, Mask, Count;
    public int Capacity, Words;
    public float Threshold;
    public int MinMode, PlusOne;
}

[StructLayout(LayoutKind.Sequential)]
internal struct NmsReduceParams
{
    public ulong Sorted, Mask, Count, Out, OutCount;
    public int Capacity, Words;
    public int PostOp, Rekey;
}

[StructLayout(LayoutKind.Sequential)]
internal struct CropParams
{
    public ulong Planar, Boxes, Out;
    public int Count, Width, Height, Size, Clip;
    public float Mean, Scale;
}

[StructLayout(LayoutKind.Sequential)]
internal struct DenseParams
{
    public ulong In, Weight, Bias, Alpha, Out;
    public int Batch, Inputs, Outputs;
}

[StructLayout(LayoutKind.Sequential)]
internal struct FilterParams
{
    public ulong Logits, Reg, Landmarks, Boxes, Out, Marks, Count;
    public int Batch;
    public float Threshold;
    public int RegressKept;
}

[StructLayout(LayoutKind.Sequential)]
internal struct TopKParams
{
    public ulong In, Count, Out, OutCount, Threshold;
    public int Capacity, K;
}
