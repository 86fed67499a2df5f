using System.Runtime.InteropServices;
using static MtcnnCuda.Native.NativeErrors;

namespace MtcnnCuda.Native;

/// <summary>
/// The alignment part of the C ABI (mtcnn_align_options_init, mtcnn_align_crop_size, mtcnn_align): crops of
/// caller-given faces into a caller-owned buffer, on the detector's backend. Same rules as <see cref="NativeExports"/>.
/// </summary>
internal static unsafe class NativeAlignExports
{
    [UnmanagedCallersOnly(EntryPoint = "mtcnn_align_options_init")]
    public static int OptionsInit(NativeAlignOptions* options)
    {
        try
        {
            if (options == null) return Fail(NativeStatus.NullPointer, "options is NULL.");
            *options = NativeAlignOptions.From(AlignOptions.ArcFace);
            return Ok();
        }
        catch (Exception e)
        {
            return Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "mtcnn_align_crop_size")]
    public static int CropSize(NativeAlignOptions* options, nuint* bytes, int* width, int* height)
    {
        try
        {
            if (bytes != null) *bytes = 0;
            if (width != null) *width = 0;
            if (height != null) *height = 0;
            if (options == null || bytes == null) return Fail(NativeStatus.NullPointer, "options or bytes is NULL.");
            var o = options->ToOptions();
            *bytes = (nuint)o.BytesPerFace;
            if (width != null) *width = o.OutputWidth;
            if (height != null) *height = o.OutputHeight;
            return Ok();
        }
        catch (Exception e)
        {
            return Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "mtcnn_align")]
    public static int Align(nint detector, NativeImage* image, NativeFace* faces, int count, NativeAlignOptions* options, byte* output, nuint outputSize)
    {
        try
        {
            if (count < 0) return Fail(NativeStatus.InvalidArgument, $"count {count} is negative.");
            if (count > 0 && faces == null) return Fail(NativeStatus.NullPointer, "faces is NULL but count is positive.");
            if (options == null) return Fail(NativeStatus.NullPointer, "options is NULL (fill one with mtcnn_align_options_init).");
            if (!HandleTable.TryGet(detector, out var d))
                return Fail(NativeStatus.InvalidHandle, detector == 0 ? "detector is NULL." : $"0x{detector:x} is not a live detector (freed, or never created).");
            var o = options->ToOptions();
            long needed = o.BytesPerFace * count;
            if (count > 0 && output == null) return Fail(NativeStatus.NullPointer, "output is NULL but count is positive.");
            if ((ulong)outputSize < (ulong)needed)
                return Fail(NativeStatus.BufferTooSmall, $"output holds {outputSize} bytes; {count} crops of {o.OutputWidth}×{o.OutputHeight} {o.Output} need {needed}.");
            if (needed > int.MaxValue) return Fail(NativeStatus.InvalidArgument, $"{needed} bytes of crops in one call exceed the {int.MaxValue}-byte limit; align fewer faces per call.");
            var pixels = NativeExports.Pixels(image, -1);
            var list = new Face[count];
            for (int i = 0; i < count; i++) list[i] = ToFace(faces[i]);
            var memory = new UnmanagedMemory(image->Pixels, pixels.Length).Memory;
            var crops = d.Align(new ImageData(memory, image->Width, image->Height, image->Stride, (PixelFormat)image->Format), list, o);
            crops.Data.AsSpan().CopyTo(new Span<byte>(output, (int)needed));
            return Ok();
        }
        catch (Exception e)
        {
            return Fail(e);
        }
    }

    private static Face ToFace(in NativeFace f)
    {
        var p = new PointF[5];
        for (int k = 0; k < 5; k++) p[k] = new PointF(f.Landmarks[2 * k], f.Landmarks[2 * k + 1]);
        return new Face(new BoundingBox(f.X1, f.Y1, f.X2, f.Y2), f.Confidence, new FaceLandmarks(p[0], p[1], p[2], p[3], p[4]));
    }
}
