namespace MtcnnCuda;

/// <summary>Where <see cref="FaceAligner"/> puts a face in its crop.</summary>
public enum AlignTemplate
{
    /// <summary>
    /// The five points warped (similarity transform) onto the standard ArcFace/InsightFace 112×112 template;
    /// <see cref="AlignOptions.Size"/> other than 112 scales the template by Size/112.
    /// </summary>
    ArcFace112,

    /// <summary>The same template 8 px narrower on each side (96×112, as SphereFace/CosFace crops use).</summary>
    ArcFace96x112,

    /// <summary>
    /// facenet-pytorch's <c>extract_face</c>: the box enlarged by <see cref="AlignOptions.Margin"/> pixels of the
    /// output, clamped to the image, resized to Size×Size; no rotation.
    /// </summary>
    Square,
}

/// <summary>What a sample outside the image reads.</summary>
public enum AlignBorder
{
    /// <summary>A constant (<see cref="AlignOptions.BorderValue"/>, 0 by default), like cv2.warpAffine's default.</summary>
    Constant,

    /// <summary>The nearest edge pixel (clamped coordinates), like cv2.BORDER_REPLICATE.</summary>
    Replicate,
}

/// <summary>The crops' element type and layout (all faces of one call in one buffer, face after face).</summary>
public enum AlignOutput
{
    /// <summary>Bytes, H×W×3 interleaved R, G, B per face.</summary>
    Rgb24,

    /// <summary>Bytes, H×W×3 interleaved B, G, R per face.</summary>
    Bgr24,

    /// <summary>float32, 3×H×W planes R, G, B per face, each value (v − Mean) × Scale.</summary>
    FloatRgbChw,

    /// <summary>float32, 3×H×W planes B, G, R per face, each value (v − Mean) × Scale.</summary>
    FloatBgrChw,
}

/// <summary>The reference landmark positions of the ArcFace templates.</summary>
public static class AlignTemplates
{
    /// <summary>
    /// InsightFace's 112×112 ArcFace destination points (left eye, right eye, nose, left and right mouth corner,
    /// pixel centres at integers), as published with its <c>norm_crop</c>.
    /// </summary>
    public static IReadOnlyList<PointF> ArcFace112 { get; } =
    [
        new(38.2946f, 51.6963f), new(73.5318f, 51.5014f), new(56.0252f, 71.7366f),
        new(41.5493f, 92.3655f), new(70.7299f, 92.2041f),
    ];

    /// <summary>The 96×112 variant: the 112×112 template shifted 8 px left.</summary>
    public static IReadOnlyList<PointF> ArcFace96x112 { get; } = ArcFace112.Select(p => new PointF(p.X - 8f, p.Y)).ToArray();

    /// <summary>The five destination points of a template at the options' size; empty for <see cref="AlignTemplate.Square"/>.</summary>
    public static PointF[] For(AlignOptions options)
    {
        var points = options.Template switch
        {
            AlignTemplate.ArcFace112 => ArcFace112,
            AlignTemplate.ArcFace96x112 => ArcFace96x112,
            _ => [],
        };
        float s = options.Size / 112f;
        return points.Select(p => new PointF(p.X * s, p.Y * s)).ToArray();
    }
}
