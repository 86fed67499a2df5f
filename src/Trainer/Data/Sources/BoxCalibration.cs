using System.Text.Json.Serialization;

namespace MtcnnCuda.Trainer.Data;

/// <summary>
/// Maps one source's annotated boxes onto the box convention of the original MTCNN weights (the boxes those
/// weights' ONet regresses to): centre shifted by (OffsetX·w, OffsetY·h), size scaled by (ScaleX, ScaleY).
/// Identity leaves boxes unchanged.
/// </summary>
public sealed record BoxCalibration
{
    public float ScaleX { get; init; } = 1;
    public float ScaleY { get; init; } = 1;
    public float OffsetX { get; init; }
    public float OffsetY { get; init; }

    public static BoxCalibration Identity { get; } = new();

    [JsonIgnore]
    public bool IsIdentity => ScaleX == 1 && ScaleY == 1 && OffsetX == 0 && OffsetY == 0;

    public FaceBox Apply(FaceBox box)
    {
        float cx = box.X + box.W / 2 + OffsetX * box.W, cy = box.Y + box.H / 2 + OffsetY * box.H;
        float w = box.W * ScaleX, h = box.H * ScaleY;
        return new FaceBox(cx - w / 2, cy - h / 2, w, h);
    }

    public AnnotatedImage Apply(AnnotatedImage image) =>
        IsIdentity ? image : image with { Faces = Array.ConvertAll(image.Faces, Apply) };

    /// <summary>
    /// Least-squares fit on matched (annotation, detection) pairs: scales minimise Σ(s·a − d)² over widths and heights
    /// (s = Σad / Σa²); offsets are the mean centre differences in units of the annotation's size (the least-squares
    /// solution of d_c = a_c + o·a_size for each pair).
    /// </summary>
    public static BoxCalibration Fit(IReadOnlyList<(FaceBox Annotation, FaceBox Detection)> pairs)
    {
        if (pairs.Count == 0) throw new InvalidOperationException("No matched pairs: cannot fit a box calibration.");
        double aw2 = 0, awdw = 0, ah2 = 0, ahdh = 0, ox = 0, oy = 0;
        foreach (var (a, d) in pairs)
        {
            aw2 += a.W * a.W; awdw += a.W * d.W;
            ah2 += a.H * a.H; ahdh += a.H * d.H;
            ox += (d.X + d.W / 2 - (a.X + a.W / 2)) / a.W;
            oy += (d.Y + d.H / 2 - (a.Y + a.H / 2)) / a.H;
        }
        return new BoxCalibration
        {
            ScaleX = (float)(awdw / aw2), ScaleY = (float)(ahdh / ah2),
            OffsetX = (float)(ox / pairs.Count), OffsetY = (float)(oy / pairs.Count),
        };
    }
}
