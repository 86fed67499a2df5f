namespace MtcnnCuda.Cascade;

/// <summary>Box arithmetic of the cascade, following the reference implementation's pixel conventions.</summary>
internal static class BoxOps
{
    public const int PNetStride = 2;
    public const int PNetCell = 12;

    /// <summary>
    /// Candidates from one PNet output map: every cell with prob ≥ threshold becomes the image box of
    /// <see cref="PNetBox"/> carrying its score and box offsets.
    /// </summary>
    public static List<Candidate> FromPNet(ReadOnlySpan<float> prob, ReadOnlySpan<float> reg, int height, int width, double scale, float threshold,
        EdgeMode mode = EdgeMode.ZeroPad)
    {
        var result = new List<Candidate>();
        int plane = height * width;
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int i = y * width + x;
                float p = prob[i];
                if (!(p >= threshold)) continue;
                result.Add(PNetBox(x, y, scale, p, reg[i], reg[plane + i], reg[2 * plane + i], reg[3 * plane + i], mode));
            }
        }
        return result;
    }

    /// <summary>
    /// The image box of PNet cell (x, y) on the level of scale s: (⌊(2x + 1)/s⌋, ⌊(2y + 1)/s⌋, ⌊(2x + 12)/s⌋, ⌊(2y + 12)/s⌋).
    /// ZeroPad does the division in double like the MATLAB original; Clip in float32 like facenet-pytorch
    /// (a float32 tensor divided by the scale), which floors differently when a quotient lies within float
    /// rounding of an integer.
    /// </summary>
    public static Candidate PNetBox(int x, int y, double scale, float score, float dx1, float dy1, float dx2, float dy2, EdgeMode mode)
    {
        float x1, y1, x2, y2;
        if (mode == EdgeMode.Clip)
        {
            float s = (float)scale;
            x1 = MathF.Floor((PNetStride * x + 1) / s);
            y1 = MathF.Floor((PNetStride * y + 1) / s);
            x2 = MathF.Floor((PNetStride * x + PNetCell) / s);
            y2 = MathF.Floor((PNetStride * y + PNetCell) / s);
        }
        else
        {
            x1 = (float)Math.Floor((PNetStride * x + 1) / scale);
            y1 = (float)Math.Floor((PNetStride * y + 1) / scale);
            x2 = (float)Math.Floor((PNetStride * x + PNetCell) / scale);
            y2 = (float)Math.Floor((PNetStride * y + PNetCell) / scale);
        }
        return new Candidate(x1, y1, x2, y2, score) { Dx1 = dx1, Dy1 = dy1, Dx2 = dx2, Dy2 = dy2 };
    }

    /// <summary>
    /// Applies the stored offsets: x1 += dx1·w, y1 += dy1·h, x2 += dx2·w, y2 += dy2·h with w = x2 − x1 (+1 when
    /// <paramref name="plusOne"/>, the convention of the RNet/ONet stages).
    /// </summary>
    public static Candidate Regress(in Candidate c, bool plusOne)
    {
        float one = plusOne ? 1f : 0f;
        float w = c.X2 - c.X1 + one, h = c.Y2 - c.Y1 + one;
        return new Candidate(c.X1 + c.Dx1 * w, c.Y1 + c.Dy1 * h, c.X2 + c.Dx2 * w, c.Y2 + c.Dy2 * h, c.Score);
    }

    /// <summary>Grows the shorter side around the centre so the box is square with side max(w, h).</summary>
    public static Candidate Square(in Candidate c)
    {
        float w = c.X2 - c.X1, h = c.Y2 - c.Y1, l = MathF.Max(w, h);
        float x1 = c.X1 + w * 0.5f - l * 0.5f, y1 = c.Y1 + h * 0.5f - l * 0.5f;
        return new Candidate(x1, y1, x1 + l, y1 + l, c.Score) { Dx1 = c.Dx1, Dy1 = c.Dy1, Dx2 = c.Dx2, Dy2 = c.Dy2 };
    }

    /// <summary>
    /// The integer pixel window a stage crops for a candidate: columns [X0, X1) and rows [Y0, Y1), 0-based.
    /// Box corners are truncated (1-based, inclusive, as in the reference). ZeroPad keeps the window as is
    /// (pixels outside the image read as zero); Clip intersects it with the image.
    /// </summary>
    public static CropWindow Window(in Candidate c, int imageWidth, int imageHeight, EdgeMode mode)
    {
        int x = Coordinate(c.X1), y = Coordinate(c.Y1);
        int ex = Coordinate(c.X2), ey = Coordinate(c.Y2);
        if (mode == EdgeMode.Clip)
        {
            x = Math.Max(x, 1); y = Math.Max(y, 1);
            ex = Math.Min(ex, imageWidth); ey = Math.Min(ey, imageHeight);
        }
        return new CropWindow(x - 1, y - 1, ex, ey);
    }

    /// <summary>Far beyond any accepted image; keeps window arithmetic (x − 1, x2 − x1) free of int overflow.</summary>
    public const float MaxCoordinate = 1 << 29;

    /// <summary>Truncates a box corner; NaN becomes 0 and huge values are clamped to ±<see cref="MaxCoordinate"/>.</summary>
    private static int Coordinate(float v) => float.IsNaN(v) ? 0 : (int)MathF.Truncate(Math.Clamp(v, -MaxCoordinate, MaxCoordinate));
}

/// <summary>A crop window in 0-based pixel coordinates: columns [X0, X1), rows [Y0, Y1); may reach outside the image.</summary>
internal readonly record struct CropWindow(int X0, int Y0, int X1, int Y1)
{
    public int Width => X1 - X0;
    public int Height => Y1 - Y0;
    public bool IsEmpty => Width <= 0 || Height <= 0;
}
