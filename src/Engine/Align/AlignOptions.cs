namespace MtcnnCuda;

/// <summary>How <see cref="FaceAligner"/> cuts out faces; defaults give ArcFace 112×112 RGB bytes.</summary>
public sealed record AlignOptions
{
    /// <summary>Largest accepted output side.</summary>
    public const int MaxSize = 4096;

    public AlignTemplate Template { get; init; } = AlignTemplate.ArcFace112;

    /// <summary>Output height in pixels (and width, except ArcFace96x112 whose width is round(96·Size/112)).</summary>
    public int Size { get; init; } = 112;

    /// <summary>Square template only: margin in output pixels, applied as facenet-pytorch's extract_face does.</summary>
    public int Margin { get; init; }

    public AlignBorder Border { get; init; } = AlignBorder.Constant;

    /// <summary>Value (0..255 scale) of samples outside the image with <see cref="AlignBorder.Constant"/>.</summary>
    public float BorderValue { get; init; }

    public AlignOutput Output { get; init; } = AlignOutput.Rgb24;

    /// <summary>Float outputs: (v − Mean) × Scale; the defaults are facenet-pytorch's fixed_image_standardization.</summary>
    public float Mean { get; init; } = 127.5f;

    public float Scale { get; init; } = 1f / 128f;

    /// <summary>ArcFace 112×112 (constant-0 border), what InsightFace recognition models expect.</summary>
    public static AlignOptions ArcFace { get; } = new();

    /// <summary>facenet-pytorch's MTCNN defaults (160×160, margin 0) with edge replication, as a resize of a crop reads.</summary>
    public static AlignOptions Facenet(int size = 160, int margin = 0) =>
        new() { Template = AlignTemplate.Square, Size = size, Margin = margin, Border = AlignBorder.Replicate };

    public int OutputWidth => Template == AlignTemplate.ArcFace96x112 ? (int)MathF.Round(96f * Size / 112f) : Size;

    public int OutputHeight => Size;

    public bool IsFloat => Output is AlignOutput.FloatRgbChw or AlignOutput.FloatBgrChw;

    /// <summary>Bytes one face's crop takes in the output buffer.</summary>
    public long BytesPerFace => (long)OutputWidth * OutputHeight * 3 * (IsFloat ? sizeof(float) : 1);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Template)) throw new ArgumentException($"Unknown align template {(int)Template}.");
        if (!Enum.IsDefined(Border)) throw new ArgumentException($"Unknown align border mode {(int)Border}.");
        if (!Enum.IsDefined(Output)) throw new ArgumentException($"Unknown align output {(int)Output}.");
        if (Size < 8 || Size > MaxSize) throw new ArgumentException($"Align size {Size} is outside 8..{MaxSize}.");
        if (Margin < 0 || Margin >= Size) throw new ArgumentException($"Align margin {Margin} must be in 0..{Size - 1} (less than the size).");
        if (Margin != 0 && Template != AlignTemplate.Square)
            throw new ArgumentException($"Align margin applies to the square template only, not {Template}.");
        if (!float.IsFinite(BorderValue) || !float.IsFinite(Mean) || !float.IsFinite(Scale))
            throw new ArgumentException("Align border value, mean and scale must be finite numbers.");
    }
}
