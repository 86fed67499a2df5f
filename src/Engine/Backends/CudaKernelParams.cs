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
internal unsafe struct PyramidParams
{
    public const int MaxLevels = 32;
    public ulong Planar, Out;
    public float Mean, Scale;
    public int Width, Height, Levels;
    public fixed int Offset[MaxLevels + 1];
    public fixed int LevelWidth[MaxLevels];
    public fixed int LevelHeight[MaxLevels];
}

[StructLayout(LayoutKind.Sequential)]
internal struct ConvParams
{
    public ulong In, Weight, Bias, Alpha, Out;
    public int Batch, Cin, H, W, Cout, K;
    public int ConvH, ConvW;
    public int PoolK, PoolS;
    public int OutH, OutW;
    public ulong Live;   // device int*: live batch (≤ Batch), or 0: Batch
}

[StructLayout(LayoutKind.Sequential)]
internal struct PNetHeadsParams
{
    public ulong Features, W41, B41, W42, B42, Out, Count;
    public double Scale;
    public float Threshold;
    public int Height, Width, Channels;
    public int ClipFloat;   // 1: box corners in float32 (EdgeMode.Clip, facenet-pytorch), 0: in double (ZeroPad)
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
    public ulong Live;   // device int*: live crop count (≤ Count), or 0: Count
}

[StructLayout(LayoutKind.Sequential)]
internal struct DenseParams
{
    public ulong In, Weight, Bias, Alpha, Out;
    public int Batch, Inputs, Outputs;
    public ulong Live;   // device int*: live rows (≤ Batch), or 0: Batch
}

[StructLayout(LayoutKind.Sequential)]
internal struct FilterParams
{
    public ulong Logits, Reg, Landmarks, Boxes, Out, Marks, Count;
    public int Batch;
    public float Threshold;
    public int RegressKept;
    public ulong Live;   // device int*: live candidates (≤ Batch), or 0: Batch
}

[StructLayout(LayoutKind.Sequential)]
internal struct TopKParams
{
    public ulong In, Count, Out, OutCount, Threshold;
    public int Capacity, K;
}

[StructLayout(LayoutKind.Sequential)]
internal struct PackFacesParams
{
    public ulong Faces, Count, Marks, Out;
    public int Capacity;
}
