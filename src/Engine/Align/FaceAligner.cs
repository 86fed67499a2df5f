using System.Runtime.InteropServices;
using MtcnnCuda.Align;

namespace MtcnnCuda;

/// <summary>
/// Cuts detected faces out of an image as aligned crops: five-point similarity warps onto the ArcFace templates or
/// facenet-pytorch's square crop with margin (see <see cref="AlignTemplate"/>), bilinear sampling with the border
/// rule of <see cref="AlignOptions.Border"/>, output bytes or normalised float CHW, all faces of an image in one
/// buffer. This is the CPU implementation; <see cref="FaceDetector.Align(ImageData, IReadOnlyList{Face}, AlignOptions?)"/>
/// runs the same warp on the detector's backend.
/// </summary>
public static class FaceAligner
{
    /// <summary>The map from image pixels to crop pixels for one face.</summary>
    /// <exception cref="ArgumentException">Degenerate landmarks (template) or a box outside the image (square).</exception>
    public static AffineTransform ImageToCrop(Face face, int imageWidth, int imageHeight, AlignOptions options)
    {
        ArgumentNullException.ThrowIfNull(face);
        options.Validate();
        if (options.Template == AlignTemplate.Square) return SquareCropToImage(face.Box, imageWidth, imageHeight, options).Invert();
        Span<PointF> from = stackalloc PointF[5];
        for (int i = 0; i < 5; i++) from[i] = face.Landmarks[i];
        return SimilarityTransform.Estimate(from, AlignTemplates.For(options));
    }

    /// <summary>The map from crop pixels back to image pixels for each face: what the warp evaluates.</summary>
    public static AffineTransform[] CropToImage(IReadOnlyList<Face> faces, int imageWidth, int imageHeight, AlignOptions options)
    {
        ArgumentNullException.ThrowIfNull(faces);
        options.Validate();
        var maps = new AffineTransform[faces.Count];
        for (int i = 0; i < faces.Count; i++)
        {
            try
            {
                maps[i] = options.Template == AlignTemplate.Square
                    ? SquareCropToImage(faces[i].Box, imageWidth, imageHeight, options)
                    : ImageToCrop(faces[i], imageWidth, imageHeight, options).Invert();
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"Face {i} cannot be aligned: {e.Message}", nameof(faces), e);
            }
        }
        return maps;
    }

    /// <summary>Aligns every face into a new buffer.</summary>
    public static AlignedFaces Align(ImageData image, IReadOnlyList<Face> faces, AlignOptions? options = null)
    {
        options ??= AlignOptions.ArcFace;
        image.Validate();
        var data = new byte[checked((int)(options.BytesPerFace * faces.Count))];
        Align(image.Pixels.Span, image.Width, image.Height, image.Stride, image.Format, faces, options, data);
        return new AlignedFaces(data, faces.Count, options);
    }

    /// <summary>
    /// The core overload: raw pixels in, crops into <paramref name="output"/> (at least
    /// faces × <see cref="AlignOptions.BytesPerFace"/> bytes; float outputs are float32 in machine byte order).
    /// </summary>
    public static void Align(ReadOnlySpan<byte> pixels, int width, int height, int stride, PixelFormat format,
        IReadOnlyList<Face> faces, AlignOptions options, Span<byte> output)
    {
        var view = new PixelView(pixels, width, height, stride, format);
        var packed = Prepare(faces, width, height, options, output.Length);
        AffineWarp.Run(view, packed, options, output);
    }

    /// <summary>Validates the call and returns the packed crop→image maps (shared with the CUDA aligner).</summary>
    internal static float[] Prepare(IReadOnlyList<Face> faces, int width, int height, AlignOptions options, long outputBytes)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        long needed = options.BytesPerFace * faces.Count;
        if (outputBytes < needed)
            throw new ArgumentException($"Output buffer holds {outputBytes} bytes; {faces.Count} crops of {options.OutputWidth}×{options.OutputHeight} {options.Output} need {needed}.");
        return AffineWarp.Pack(CropToImage(faces, width, height, options));
    }

    /// <summary>
    /// facenet-pytorch extract_face: margin m of the output becomes m·w/(size − m) image pixels (half on each side),
    /// the box is clamped to the image and truncated to integers, then resized with pixel-centre alignment:
    /// x = x1 + (u + ½)·w/size − ½.
    /// </summary>
    private static AffineTransform SquareCropToImage(BoundingBox box, int width, int height, AlignOptions options)
    {
        double size = options.Size, margin = options.Margin;
        double mx = margin * (box.X2 - box.X1) / (size - margin), my = margin * (box.Y2 - box.Y1) / (size - margin);
        double x1 = Math.Truncate(Math.Max(box.X1 - mx / 2, 0)), y1 = Math.Truncate(Math.Max(box.Y1 - my / 2, 0));
        double x2 = Math.Truncate(Math.Min(box.X2 + mx / 2, width)), y2 = Math.Truncate(Math.Min(box.Y2 + my / 2, height));
        if (!double.IsFinite(x1 + y1 + x2 + y2) || x2 <= x1 || y2 <= y1)
            throw new ArgumentException($"The box {box} with margin leaves no pixels inside the {width}×{height} image.");
        double sx = (x2 - x1) / size, sy = (y2 - y1) / size;
        return new(sx, 0, x1 + 0.5 * sx - 0.5, 0, sy, y1 + 0.5 * sy - 0.5);
    }
}

/// <summary>Crops of one image, face after face, in the layout <see cref="AlignOptions.Output"/> names.</summary>
public sealed class AlignedFaces(byte[] data, int count, AlignOptions options)
{
    public byte[] Data { get; } = data;
    public int Count { get; } = count;
    public AlignOptions Options { get; } = options;
    public int Width => Options.OutputWidth;
    public int Height => Options.OutputHeight;

    /// <summary>The bytes of crop <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> Crop(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return Data.AsSpan((int)(index * Options.BytesPerFace), (int)Options.BytesPerFace);
    }

    /// <summary>Crop <paramref name="index"/> as floats (float outputs only).</summary>
    public ReadOnlySpan<float> CropFloats(int index)
    {
        if (!Options.IsFloat) throw new InvalidOperationException($"The crops are {Options.Output} bytes, not floats.");
        return MemoryMarshal.Cast<byte, float>(Crop(index));
    }
}
