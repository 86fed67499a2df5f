using System.Runtime.InteropServices;

namespace MtcnnCuda.Native;

// Blittable mirrors of the structs in include/mtcnn.h; field order and sizes must match it exactly.

/// <summary>mtcnn_options: the C view of <see cref="DetectorOptions"/>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeOptions
{
    public uint StructSize;
    public float MinFaceSize;
    public float ScaleFactor;
    public float PNetThreshold;
    public float RNetThreshold;
    public float ONetThreshold;
    public int Backend;
    public int CpuThreads;
    public int CudaDevice;
}

/// <summary>mtcnn_image: a caller-owned pixel buffer.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NativeImage
{
    public byte* Pixels;
    public nuint Size;
    public int Width;
    public int Height;
    public int Stride;
    public int Format;
}

/// <summary>mtcnn_face: box, confidence and five landmarks as (x, y) pairs.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NativeFace
{
    public float X1, Y1, X2, Y2;
    public float Confidence;
    public fixed float Landmarks[10];

    public static NativeFace From(Face face)
    {
        var f = new NativeFace
        {
            X1 = face.Box.X1, Y1 = face.Box.Y1, X2 = face.Box.X2, Y2 = face.Box.Y2, Confidence = face.Confidence,
        };
        for (int k = 0; k < 5; k++)
        {
            f.Landmarks[2 * k] = face.Landmarks[k].X;
            f.Landmarks[2 * k + 1] = face.Landmarks[k].Y;
        }
        return f;
    }
}
