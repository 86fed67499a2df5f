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

/// <summary>kernels/crop_net_conv.cu: one RNet/ONet conv layer (the first one with the fused crop loader).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct CropConvParams
{
    public ulong In, Pixels, Boxes, Weight, Bias, Alpha, Out, Live;
    public int Count, Cin, H, W, Cout, K;
    public int PoolK, PoolS, OutH, OutW;
    public int CoTile, KPad;
    public int Width, Height, Stride, Bpp, C0, C1, C2, Clip;
    public float Mean, Scale;
    public int Tf32;
    public int ChunksPerBlock;
}

/// <summary>kernels/crop_net_dense.cu: the first dense layer as one GEMM over the crops.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct CropDenseParams
{
    public ulong In, Weight, Bias, Alpha, Out, Live;
    public int Batch, Inputs, Outputs;
}

/// <summary>kernels/crop_net_heads.cu: heads + threshold + compaction.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct CropHeadsParams
{
    public ulong Features, ClsWeight, ClsBias, BoxWeight, BoxBias, MarksWeight, MarksBias, Boxes, Out, Marks, Count, Live;
    public int Batch, FeaturesPerCrop;
    public float Threshold;
    public int RegressKept;
}

/// <summary>kernels/common.cuh NmsParams: one NMS (or candidate cut) over up to <see cref="MaxSegments"/> box lists.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NmsParams
{
    public const int MaxSegments = 32;
    public fixed ulong In[MaxSegments];
    public fixed ulong Count[MaxSegments];
    public fixed int Capacity[MaxSegments];
    public fixed int First[MaxSegments];
    public fixed long MaskFirst[MaxSegments];
    public ulong Capped, CappedCount, Kth, Keys, Positions, Sorted, Mask, Keep, KeptCount, Base, Out, OutCount;
    public float Threshold;
    public int MinMode, PlusOne, PostOp, Rekey;
    public int Segments, K;
    public int AlwaysCut;
}

[StructLayout(LayoutKind.Sequential)]
internal struct PackFacesParams
{
    public ulong Faces, Count, Marks, Out;
    public int Capacity;
}
