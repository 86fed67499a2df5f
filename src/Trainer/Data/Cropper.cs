using MtcnnCuda.Cascade;

namespace MtcnnCuda.Trainer.Data;

/// <summary>
/// Cuts square training crops out of planar images and resamples them to the net's input size, as 8-bit planar RGB.
/// Axis-aligned crops use the engine's own sampler (zero outside the image, area resampling), so training sees
/// exactly what the cascade feeds the nets at inference.
/// </summary>
public static class Cropper
{
    public static byte[] Crop(PlanarRgb image, int x0, int y0, int size, int outputSize)
    {
        var output = new float[3 * outputSize * outputSize];
        CropSampler.Sample(image.Data, image.Height, image.Width, new CropWindow(x0, y0, x0 + size, y0 + size), outputSize, 0f, 1f, output);
        return ToBytes(output);
    }

    /// <summary>
    /// A crop of side <paramref name="size"/> centred on (cx, cy), rotated by <paramref name="degrees"/> about its centre
    /// (bilinear at full resolution, then area-resampled) and optionally mirrored left-right.
    /// </summary>
    public static byte[] CropRotated(PlanarRgb image, float cx, float cy, int size, float degrees, bool mirror, int outputSize)
    {
        float rad = degrees * MathF.PI / 180f, cos = MathF.Cos(rad), sin = MathF.Sin(rad);
        var full = new float[3 * size * size];
        int w = image.Width, h = image.Height, plane = w * h;
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                // Output pixel centre relative to the crop centre, rotated back into the image.
                float u = x + 0.5f - size / 2f, v = y + 0.5f - size / 2f;
                float sx = cx + cos * u - sin * v - 0.5f, sy = cy + sin * u + cos * v - 0.5f;
                int ix = (int)MathF.Floor(sx), iy = (int)MathF.Floor(sy);
                float fx = sx - ix, fy = sy - iy;
                int ox = mirror ? size - 1 - x : x;
                for (int c = 0; c < 3; c++)
                {
                    float Px(int yy, int xx) => xx < 0 || yy < 0 || xx >= w || yy >= h ? 0f : image.Data[c * plane + yy * w + xx];
                    full[(c * size + y) * size + ox] =
                        (1 - fy) * ((1 - fx) * Px(iy, ix) + fx * Px(iy, ix + 1)) + fy * ((1 - fx) * Px(iy + 1, ix) + fx * Px(iy + 1, ix + 1));
                }
            }
        }
        var output = new float[3 * outputSize * outputSize];
        AreaResample.Planar(full, 3, size, size, output, outputSize, outputSize);
        return ToBytes(output);
    }

    private static byte[] ToBytes(float[] values)
    {
        var bytes = new byte[values.Length];
        for (int i = 0; i < values.Length; i++) bytes[i] = (byte)Math.Clamp(MathF.Round(values[i]), 0f, 255f);
        return bytes;
    }
}
