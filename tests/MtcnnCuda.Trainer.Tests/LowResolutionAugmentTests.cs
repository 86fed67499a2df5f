using MtcnnCuda.Trainer.Data;

namespace MtcnnCuda.Trainer.Tests;

/// <summary>The small-face degradation: it removes detail, keeps geometry (targets stay valid) and follows its probability.</summary>
public class LowResolutionAugmentTests
{
    private const int Size = 24;

    private static byte[] Checkerboard()
    {
        var pixels = new byte[3 * Size * Size];
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < Size; y++)
                for (int x = 0; x < Size; x++) pixels[c * Size * Size + y * Size + x] = (byte)(((x + y) & 1) == 0 ? 40 : 220);
        return pixels;
    }

    /// <summary>A bright square off centre on a dark background.</summary>
    private static byte[] Square(int x0, int y0, int side)
    {
        var pixels = new byte[3 * Size * Size];
        for (int c = 0; c < 3; c++)
            for (int y = y0; y < y0 + side; y++)
                for (int x = x0; x < x0 + side; x++) pixels[c * Size * Size + y * Size + x] = 200;
        return pixels;
    }

    private static (double X, double Y) Centroid(byte[] pixels)
    {
        double sum = 0, sx = 0, sy = 0;
        for (int y = 0; y < Size; y++)
            for (int x = 0; x < Size; x++)
            {
                double v = pixels[y * Size + x];
                sum += v; sx += v * (x + 0.5); sy += v * (y + 0.5);
            }
        return (sx / sum, sy / sum);
    }

    [Fact]
    public void Fine_detail_is_averaged_away()
    {
        var pixels = Checkerboard();
        LowResolutionAugment.Degrade(pixels, Size, 10);
        // Every 2×2 block of the checkerboard averages to 130; what is left of the pattern is small.
        Assert.All(pixels, v => Assert.InRange(v, 100, 160));
    }

    [Fact]
    public void A_flat_image_stays_flat_and_geometry_is_kept()
    {
        var flat = Enumerable.Repeat((byte)77, 3 * Size * Size).ToArray();
        LowResolutionAugment.Degrade(flat, Size, 11);
        Assert.All(flat, v => Assert.Equal(77, v));

        // Box and landmark targets are relative to the crop: the content must not move. An off-centre square keeps its
        // centroid within a quarter pixel (1 % of the crop) at every reduced size; the area windows are whole pixels
        // (as the engine's resampler, adaptive-pooling style), which alone shifts it by about 0.1 px at some sizes.
        foreach (int reduced in new[] { 10, 13, 16, 19 })
        {
            var square = Square(5, 9, 8);
            var before = Centroid(square);
            LowResolutionAugment.Degrade(square, Size, reduced);
            var after = Centroid(square);
            Assert.True(Math.Abs(before.X - after.X) < 0.25 && Math.Abs(before.Y - after.Y) < 0.25,
                $"reduced {reduced}: centroid moved from {before} to {after}");
        }
    }

    [Fact]
    public void Probability_decides_how_often_and_the_generator_makes_it_repeatable()
    {
        static int Degraded(LowResolutionAugment augment, int seed)
        {
            var rng = new Random(seed);
            int count = 0;
            for (int i = 0; i < 400; i++)
            {
                var pixels = Checkerboard();
                if (augment.Apply(pixels, Size, rng)) { count++; Assert.NotEqual(Checkerboard(), pixels); }
                else Assert.Equal(Checkerboard(), pixels);
            }
            return count;
        }
        Assert.Equal(0, Degraded(new LowResolutionAugment(0), 1));
        Assert.Equal(400, Degraded(new LowResolutionAugment(1), 1));
        int some = Degraded(new LowResolutionAugment(0.3), 7);
        Assert.InRange(some, 80, 160);
        Assert.Equal(some, Degraded(new LowResolutionAugment(0.3), 7));
    }
}
