namespace MtcnnCuda.Trainer.Data;

/// <summary>An annotated face: 0-based top-left corner and size in pixels (the box covers [X, X+W) × [Y, Y+H)).</summary>
public readonly record struct FaceBox(float X, float Y, float W, float H)
{
    public float X2 => X + W;
    public float Y2 => Y + H;

    /// <summary>Intersection over union of two boxes (no "+1": continuous pixel extents).</summary>
    public float IoU(in FaceBox other)
    {
        float iw = MathF.Min(X2, other.X2) - MathF.Max(X, other.X);
        float ih = MathF.Min(Y2, other.Y2) - MathF.Max(Y, other.Y);
        if (iw <= 0 || ih <= 0) return 0;
        float inter = iw * ih;
        return inter / (W * H + other.W * other.H - inter);
    }

    /// <summary>The largest IoU of this box with any of <paramref name="boxes"/> (0 when there are none).</summary>
    public float MaxIoU(IReadOnlyList<FaceBox> boxes)
    {
        float best = 0;
        foreach (var b in boxes) best = MathF.Max(best, IoU(b));
        return best;
    }
}

/// <summary>One image of a detection set and its face boxes (the path is relative to the image root).</summary>
public sealed record AnnotatedImage(string Path, FaceBox[] Faces);

/// <summary>One face of a landmark set: image path, face box and five points (left eye, right eye, nose, left/right mouth).</summary>
public sealed record LandmarkFace(string Path, FaceBox Box, float[] PointsX, float[] PointsY);
