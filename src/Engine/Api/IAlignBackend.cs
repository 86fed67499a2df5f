namespace MtcnnCuda;

/// <summary>A backend that aligns crops itself (the CUDA one); others use the CPU <see cref="FaceAligner"/>.</summary>
internal interface IAlignBackend
{
    void Align(PixelView image, IReadOnlyList<Face> faces, AlignOptions options, Span<byte> output);

    /// <summary>Detects, then aligns the faces found from the pixels the detection already holds.</summary>
    Face[] DetectAndAlign(PixelView image, AlignOptions options, out byte[] crops);
}
