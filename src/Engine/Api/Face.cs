namespace MtcnnCuda;

/// <summary>A point in image pixel coordinates (x to the right, y down; pixel centres at integers).</summary>
public readonly record struct PointF(float X, float Y);

/// <summary>An axis-aligned box in image pixel coordinates: left, top, right, bottom.</summary>
public readonly record struct BoundingBox(float X1, float Y1, float X2, float Y2)
{
    public float Width => X2 - X1;
    public float Height => Y2 - Y1;
    public bool Contains(PointF p) => p.X >= X1 && p.X <= X2 && p.Y >= Y1 && p.Y <= Y2;
}

/// <summary>The five MTCNN landmarks; left and right as seen in the image.</summary>
public readonly record struct FaceLandmarks(PointF LeftEye, PointF RightEye, PointF Nose, PointF LeftMouth, PointF RightMouth)
{
    public PointF this[int index] => index switch
    {
        0 => LeftEye,
        1 => RightEye,
        2 => Nose,
        3 => LeftMouth,
        4 => RightMouth,
        _ => throw new ArgumentOutOfRangeException(nameof(index), index, "Landmark index is 0..4."),
    };
}

/// <summary>One detected face: box, face probability from the last stage, and five landmarks.</summary>
public sealed record Face(BoundingBox Box, float Confidence, FaceLandmarks Landmarks);
