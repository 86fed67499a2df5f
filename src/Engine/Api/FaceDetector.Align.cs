namespace MtcnnCuda;

public sealed partial class FaceDetector
{
    /// <summary>
    /// Aligned crops of <paramref name="faces"/> (see <see cref="FaceAligner"/>), computed on this detector's
    /// backend: one warp kernel over all faces on CUDA, the CPU aligner otherwise. Same results within rounding.
    /// </summary>
    public AlignedFaces Align(ImageData image, IReadOnlyList<Face> faces, AlignOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(faces);
        ThrowIfDisposed();
        options ??= AlignOptions.ArcFace;
        var view = PixelView.From(image);
        var data = new byte[checked((int)(options.BytesPerFace * faces.Count))];
        if (_backend is IAlignBackend gpu) gpu.Align(view, faces, options, data);
        else FaceAligner.Align(view.Pixels, view.Width, view.Height, view.Stride, view.Format, faces, options, data);
        return new AlignedFaces(data, faces.Count, options);
    }

    /// <summary>Detects and aligns in one call; on CUDA the warp reads the pixels the detection uploaded.</summary>
    public (IReadOnlyList<Face> Faces, AlignedFaces Crops) DetectAndAlign(ImageData image, AlignOptions? options = null)
    {
        ThrowIfDisposed();
        options ??= AlignOptions.ArcFace;
        options.Validate();
        var view = PixelView.From(image);
        if (_backend is IAlignBackend gpu)
        {
            var found = gpu.DetectAndAlign(view, options, out var crops);
            return (found, new AlignedFaces(crops, found.Length, options));
        }
        var faces = _backend.Detect(view);
        return (faces, Align(image, faces, options));
    }
}
