namespace MtcnnCuda.Tests.Align;

/// <summary>
/// A deliberately plain reference for the aligner, written from the definitions and sharing no code with it:
/// the similarity by solving the 4-parameter least-squares normal equations (Gaussian elimination, double),
/// facenet-pytorch's margin box spelled out, the inverse map by Cramer's rule, bilinear sampling in double.
/// </summary>
internal static class NaiveAligner
{
    /// <summary>[a, b, tx, ty] minimising Σ|(a·x − b·y + tx, b·x + a·y + ty) − q|².</summary>
    public static double[] SimilarityParameters(PointF[] from, PointF[] to)
    {
        var ata = new double[4, 4];
        var atb = new double[4];
        for (int i = 0; i < from.Length; i++)
        {
            double[][] rows = [[from[i].X, -from[i].Y, 1, 0], [from[i].Y, from[i].X, 0, 1]];
            double[] rhs = [to[i].X, to[i].Y];
            for (int r = 0; r < 2; r++)
                for (int j = 0; j < 4; j++)
                {
                    atb[j] += rows[r][j] * rhs[r];
                    for (int k = 0; k < 4; k++) ata[j, k] += rows[r][j] * rows[r][k];
                }
        }
        return Solve(ata, atb);
    }

    /// <summary>Crop pixel (u, v) → image point, for the template or the square crop.</summary>
    public static Func<double, double, (double X, double Y)> CropToImage(Face face, int width, int height, AlignOptions options)
    {
        if (options.Template == AlignTemplate.Square)
        {
            var b = face.Box;
            double m = options.Margin, n = options.Size;
            double mx = m * (b.X2 - b.X1) / (n - m), my = m * (b.Y2 - b.Y1) / (n - m);
            int x1 = (int)Math.Max(b.X1 - mx / 2, 0), y1 = (int)Math.Max(b.Y1 - my / 2, 0);
            int x2 = (int)Math.Min(b.X2 + mx / 2, width), y2 = (int)Math.Min(b.Y2 + my / 2, height);
            return (u, v) => (x1 + (u + 0.5) * (x2 - x1) / n - 0.5, y1 + (v + 0.5) * (y2 - y1) / n - 0.5);
        }
        double[] t112 = [38.2946, 51.6963, 73.5318, 51.5014, 56.0252, 71.7366, 41.5493, 92.3655, 70.7299, 92.2041];
        double shift = options.Template == AlignTemplate.ArcFace96x112 ? 8 : 0, s = options.Size / 112.0;
        var template = Enumerable.Range(0, 5).Select(i => new PointF((float)((t112[2 * i] - shift) * s), (float)(t112[2 * i + 1] * s))).ToArray();
        var landmarks = Enumerable.Range(0, 5).Select(i => face.Landmarks[i]).ToArray();
        var p = SimilarityParameters(landmarks, template);
        double a = p[0], bb = p[1], tx = p[2], ty = p[3], det = a * a + bb * bb;
        // Solve [a −b; b a]·(x, y) = (u − tx, v − ty).
        return (u, v) => ((a * (u - tx) + bb * (v - ty)) / det, (-bb * (u - tx) + a * (v - ty)) / det);
    }

    /// <summary>Interleaved crop in the options' output order (bytes) for one face.</summary>
    public static byte[] Crop(ImageData image, Face face, AlignOptions options, bool bgrOut = false)
    {
        var map = CropToImage(face, image.Width, image.Height, options);
        int ow = options.OutputWidth, oh = options.OutputHeight;
        var crop = new byte[ow * oh * 3];
        for (int v = 0; v < oh; v++)
            for (int u = 0; u < ow; u++)
            {
                var (x, y) = map(u, v);
                for (int c = 0; c < 3; c++)
                {
                    int rgb = bgrOut ? 2 - c : c;
                    crop[(v * ow + u) * 3 + c] = (byte)Math.Clamp(Math.Floor(Bilinear(image, rgb, x, y, options) + 0.5), 0, 255);
                }
            }
        return crop;
    }

    private static double Bilinear(ImageData image, int rgb, double x, double y, AlignOptions options)
    {
        int x0 = (int)Math.Floor(x), y0 = (int)Math.Floor(y);
        double ax = x - x0, ay = y - y0;
        return (1 - ay) * ((1 - ax) * Pixel(image, rgb, x0, y0, options) + ax * Pixel(image, rgb, x0 + 1, y0, options))
            + ay * ((1 - ax) * Pixel(image, rgb, x0, y0 + 1, options) + ax * Pixel(image, rgb, x0 + 1, y0 + 1, options));
    }

    private static double Pixel(ImageData image, int rgb, int x, int y, AlignOptions options)
    {
        bool outside = x < 0 || y < 0 || x >= image.Width || y >= image.Height;
        if (outside && options.Border == AlignBorder.Constant) return options.BorderValue;
        x = Math.Clamp(x, 0, image.Width - 1);
        y = Math.Clamp(y, 0, image.Height - 1);
        int channel = image.Format is PixelFormat.Rgb24 or PixelFormat.Rgba32 ? rgb : 2 - rgb;
        return image.Pixels.Span[y * image.Stride + x * image.Format.BytesPerPixel() + channel];
    }

    private static double[] Solve(double[,] m, double[] rhs)
    {
        int n = rhs.Length;
        var a = (double[,])m.Clone();
        var b = (double[])rhs.Clone();
        for (int col = 0; col < n; col++)
        {
            int pivot = Enumerable.Range(col, n - col).MaxBy(r => Math.Abs(a[r, col]));
            for (int k = 0; k < n; k++) (a[col, k], a[pivot, k]) = (a[pivot, k], a[col, k]);
            (b[col], b[pivot]) = (b[pivot], b[col]);
            for (int r = col + 1; r < n; r++)
            {
                double f = a[r, col] / a[col, col];
                for (int k = col; k < n; k++) a[r, k] -= f * a[col, k];
                b[r] -= f * b[col];
            }
        }
        var x = new double[n];
        for (int r = n - 1; r >= 0; r--)
        {
            double s = b[r];
            for (int k = r + 1; k < n; k++) s -= a[r, k] * x[k];
            x[r] = s / a[r, r];
        }
        return x;
    }
}
