namespace MtcnnCuda.Tools.Video;

/// <summary>
/// Draws detections straight into a packed RGB24 frame (no image library, no allocation): a 2-pixel green box per
/// face and 5×5 landmark dots in <see cref="FaceDrawer.LandmarkColors"/>' colours.
/// </summary>
internal static class FrameAnnotator
{
    public static void Draw(Span<byte> rgb, int width, int height, IReadOnlyList<Face> faces)
    {
        foreach (var face in faces)
        {
            int x1 = (int)MathF.Round(face.Box.X1), y1 = (int)MathF.Round(face.Box.Y1);
            int x2 = (int)MathF.Round(face.Box.X2), y2 = (int)MathF.Round(face.Box.Y2);
            var box = FaceDrawer.BoxColor;
            Fill(rgb, width, height, x1, y1, x2, y1 + 1, box.Red, box.Green, box.Blue);
            Fill(rgb, width, height, x1, y2 - 1, x2, y2, box.Red, box.Green, box.Blue);
            Fill(rgb, width, height, x1, y1, x1 + 1, y2, box.Red, box.Green, box.Blue);
            Fill(rgb, width, height, x2 - 1, y1, x2, y2, box.Red, box.Green, box.Blue);
            for (int k = 0; k < 5; k++)
            {
                var p = face.Landmarks[k];
                var c = FaceDrawer.LandmarkColors[k];
                int x = (int)MathF.Round(p.X), y = (int)MathF.Round(p.Y);
                Fill(rgb, width, height, x - 2, y - 2, x + 2, y + 2, c.Red, c.Green, c.Blue);
            }
        }
    }

    /// <summary>Fills the inclusive rectangle [x1, x2] × [y1, y2], clipped to the frame.</summary>
    private static void Fill(Span<byte> rgb, int width, int height, int x1, int y1, int x2, int y2, byte r, byte g, byte b)
    {
        x1 = Math.Max(x1, 0); y1 = Math.Max(y1, 0);
        x2 = Math.Min(x2, width - 1); y2 = Math.Min(y2, height - 1);
        for (int y = y1; y <= y2; y++)
            for (int x = x1; x <= x2; x++)
            {
                int o = 3 * (y * width + x);
                rgb[o] = r; rgb[o + 1] = g; rgb[o + 2] = b;
            }
    }
}
