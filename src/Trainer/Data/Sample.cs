namespace MtcnnCuda.Trainer.Data;

/// <summary>What a training sample teaches: the labels of the seeds' pipeline.</summary>
public enum SampleLabel : sbyte
{
    /// <summary>IoU &lt; 0.3 with every face: classification (label 0) only.</summary>
    Negative = 0,
    /// <summary>IoU ≥ 0.65: classification (label 1) and box regression.</summary>
    Positive = 1,
    /// <summary>IoU in [0.4, 0.65): box regression only.</summary>
    Part = -1,
    /// <summary>A face with five points: landmark regression only.</summary>
    Landmark = -2,
}

/// <summary>
/// One training crop: 8-bit planar RGB pixels (3×S×S), its label, the box offsets ((gx1 − cx)/s, (gy1 − cy)/s,
/// (gx2 − (cx + s))/s, (gy2 − (cy + s))/s for a crop at (cx, cy) of side s) and the landmarks relative to the crop
/// (x1..x5 then y1..y5, in units of the crop side) — the conventions the engine applies at inference.
/// </summary>
public sealed class Sample
{
    public required SampleLabel Label { get; init; }
    public required byte[] Pixels { get; init; }
    public float[] Box { get; init; } = new float[4];
    public float[] Landmarks { get; init; } = new float[10];

    public static float[] BoxOffsets(FaceBox face, float cx, float cy, float size) => BoxOffsets(face, cx, cy, size, size);

    /// <summary>Offsets of <paramref name="face"/> relative to a crop at (cx, cy) of width w and height h.</summary>
    public static float[] BoxOffsets(FaceBox face, float cx, float cy, float w, float h) =>
    [
        (face.X - cx) / w, (face.Y - cy) / h, (face.X2 - (cx + w)) / w, (face.Y2 - (cy + h)) / h,
    ];
}
