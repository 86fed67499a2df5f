using MtcnnCuda.Imaging;

namespace MtcnnCuda.Tests;

/// <summary>Test images as tightly packed RGB24 buffers, decoded by the project's one decoder (EXIF applied).</summary>
public static class TestImages
{
    public static ImageData LoadRgb(string path) => ImageDecoder.Decode(path).ToRgb24();
}
