namespace MtcnnCuda.Trainer.Tests;

/// <summary>Resamples test crops (images are decoded with the trainer's <see cref="Data.ImageLoader"/>).</summary>
public static class TestImages
{
    /// <summary>Bilinear resize (half-pixel centres, like cv2.resize INTER_LINEAR) of a 3×h×w region, normalised.</summary>
    public static float[] BilinearCrop(float[] planar, int width, int height, int x0, int y0, int cw, int ch, int size)
    {
        var output = new float[3 * size * size];
        for (int c = 0; c < 3; c++)
            for (int oy = 0; oy < size; oy++)
                for (int ox = 0; ox < size; ox++)
                {
                    float sy = Math.Clamp((oy + 0.5f) * ch / size - 0.5f, 0, ch - 1);
                    float sx = Math.Clamp((ox + 0.5f) * cw / size - 0.5f, 0, cw - 1);
                    int iy = (int)sy, ix = (int)sx;
                    int iy1 = Math.Min(iy + 1, ch - 1), ix1 = Math.Min(ix + 1, cw - 1);
                    float fy = sy - iy, fx = sx - ix;
                    float Px(int yy, int xx) => planar[(c * height + y0 + yy) * width + x0 + xx];
                    float v = (1 - fy) * ((1 - fx) * Px(iy, ix) + fx * Px(iy, ix1)) + fy * ((1 - fx) * Px(iy1, ix) + fx * Px(iy1, ix1));
                    output[(c * size + oy) * size + ox] = (v - 127.5f) * 0.0078125f;
                }
        return output;
    }
}
