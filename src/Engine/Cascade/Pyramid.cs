namespace MtcnnCuda.Cascade;

/// <summary>
/// The image pyramid: scales m·f^k with m = 12 / minFace while min(h, w)·scale ≥ 12, and level sizes
/// (int(h·s + 1), int(w·s + 1)) as the reference implementation computes them (in double precision).
/// </summary>
internal static class Pyramid
{
    public static double[] Scales(int width, int height, float minFace, float factor)
    {
        var scales = new List<double>();
        double m = 12.0 / minFace;
        double minSide = Math.Min(width, height) * m;
        double scale = m;
        while (minSide >= 12.0)
        {
            scales.Add(scale);
            scale *= factor;
            minSide *= factor;
        }
        return scales.ToArray();
    }

    public static (int Width, int Height) LevelSize(int width, int height, double scale) =>
        ((int)(width * scale + 1), (int)(height * scale + 1));
}
