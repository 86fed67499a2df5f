using MtcnnCuda.Cascade;

namespace MtcnnCuda.Trainer.Data;

/// <summary>
/// Training-time degradation that makes a sharp crop look like a small face: with probability
/// <see cref="Probability"/> an S×S planar RGB sample is area-downsampled to m×m, m = round(S·u) with u uniform in
/// [<see cref="MinScale"/>, <see cref="MaxScale"/>], and resized back to S×S bilinearly (pixel centres aligned, so box
/// and landmark targets stay valid). Why: most of our positives are large, sharp faces (net-7876), while the faces the
/// cascade loses on FDDB are mostly under 50 px, i.e. upsampled and blurry at RNet's 24 and ONet's 48 px input.
/// Applied to every label alike, so blur alone does not tell a face from a non-face.
/// </summary>
public sealed record LowResolutionAugment(double Probability, float MinScale = 0.4f, float MaxScale = 0.8f)
{
    /// <summary>Degrades <paramref name="planar"/> (3·S·S bytes) in place when the draw says so; returns whether it did.</summary>
    public bool Apply(Span<byte> planar, int size, Random rng)
    {
        if (Probability <= 0 || rng.NextDouble() >= Probability) return false;
        int reduced = Math.Clamp((int)MathF.Round(size * (MinScale + (MaxScale - MinScale) * (float)rng.NextDouble())), 2, size);
        if (reduced == size) return true;
        Degrade(planar, size, reduced);
        return true;
    }

    /// <summary>S×S → m×m (area) → S×S (bilinear, edges clamped), per channel.</summary>
    public static void Degrade(Span<byte> planar, int size, int reduced)
    {
        int plane = size * size;
        var full = new float[3 * plane];
        for (int i = 0; i < full.Length; i++) full[i] = planar[i];
        var small = new float[3 * reduced * reduced];
        AreaResample.Planar(full, 3, size, size, small, reduced, reduced);
        float step = reduced / (float)size;
        for (int c = 0; c < 3; c++)
        {
            var source = small.AsSpan(c * reduced * reduced, reduced * reduced);
            for (int y = 0; y < size; y++)
            {
                // Output pixel centre in the reduced grid's coordinates (centres at k + 0.5).
                float sy = Math.Clamp((y + 0.5f) * step - 0.5f, 0, reduced - 1);
                int y0 = (int)sy, y1 = Math.Min(y0 + 1, reduced - 1);
                float fy = sy - y0;
                for (int x = 0; x < size; x++)
                {
                    float sx = Math.Clamp((x + 0.5f) * step - 0.5f, 0, reduced - 1);
                    int x0 = (int)sx, x1 = Math.Min(x0 + 1, reduced - 1);
                    float fx = sx - x0;
                    float top = source[y0 * reduced + x0] + fx * (source[y0 * reduced + x1] - source[y0 * reduced + x0]);
                    float bottom = source[y1 * reduced + x0] + fx * (source[y1 * reduced + x1] - source[y1 * reduced + x0]);
                    planar[c * plane + y * size + x] = (byte)Math.Clamp(MathF.Round(top + fy * (bottom - top)), 0f, 255f);
                }
            }
        }
    }
}
