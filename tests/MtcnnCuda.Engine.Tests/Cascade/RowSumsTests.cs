using MtcnnCuda.Cascade;

namespace MtcnnCuda.Tests.Cascade;

/// <summary>Resampling from row prefix sums must be bit-identical to the float reference (AreaResample, CropSampler on planar floats).</summary>
public class RowSumsTests
{
    /// <summary>Bright random pixels, so that wide windows' sums pass 65535 and the modular prefix sums wrap.</summary>
    private static float[] Pixels(int w, int h, int seed)
    {
        var r = new Random(seed);
        return Enumerable.Range(0, 3 * w * h).Select(_ => (float)r.Next(128, 256)).ToArray();
    }

    [Theory]
    [InlineData(97, 61, 58, 37)]
    [InlineData(640, 480, 193, 145)]
    [InlineData(50, 40, 12, 12)]
    [InlineData(1400, 30, 4, 12)]   // windows of 350 pixels: wider than one exact modular difference
    public void Level_loader_equals_area_resample_then_normalise(int w, int h, int lw, int lh)
    {
        var planar = Pixels(w, h, w + h);
        var expected = new float[3 * lw * lh];
        AreaResample.Planar(planar, 3, h, w, expected, lh, lw);
        var sums = RowSums.FromPlanar(planar, w, h, new ushort[RowSums.Length(w, h)]);
        var windows = new int[2 * lw];
        var divisors = new float[lw];
        LevelLoader.ColumnWindows(w, lw, windows, divisors);
        var level = new float[3 * lw * lh];
        var scratch = new float[LevelLoader.RowScratchLength(lw)];
        // Two row ranges, as the backend's workers load them.
        LevelLoader.Rows(sums, windows, divisors, lh, lw, 127.5f, 0.0078125f, 0, lh / 2, level, scratch);
        LevelLoader.Rows(sums, windows, divisors, lh, lw, 127.5f, 0.0078125f, lh / 2, lh, level, scratch);
        int plane = lw * lh;
        for (int i = 0; i < plane; i++)
            for (int c = 0; c < 3; c++)
                Assert.Equal((expected[c * plane + i] - 127.5f) * 0.0078125f, level[3 * i + c]);
    }

    [Theory]
    [InlineData(10, 12, 40, 40, 24)]      // inside
    [InlineData(-30, -7, 80, 50, 24)]     // past the top-left corner
    [InlineData(70, 50, 140, 120, 48)]    // past the bottom-right corner
    [InlineData(800, 5, 860, 60, 24)]     // entirely right of the image
    [InlineData(-5, -5, 3, 3, 48)]        // smaller than the output
    [InlineData(-100, 10, 1100, 80, 24)]  // 1200-pixel window: 50-pixel columns, wider than 257 only in total
    [InlineData(-10, 0, 610, 60, 2)]      // 310-pixel column windows (wider than one exact modular difference)
    public void Crop_from_row_sums_equals_crop_from_planar_floats(int x0, int y0, int x1, int y1, int size)
    {
        int w = 700, h = 90;
        var planar = Pixels(w, h, 3);
        var sums = RowSums.FromPlanar(planar, w, h, new ushort[RowSums.Length(w, h)]);
        var window = new CropWindow(x0, y0, x1, y1);
        var expected = new float[3 * size * size];
        CropSampler.Sample(planar, h, w, window, size, 127.5f, 0.0078125f, expected);
        var actual = new float[3 * size * size];
        CropSampler.Sample(sums, window, size, 127.5f, 0.0078125f, actual, new float[CropSampler.RowBufferLength(h, window, size)]);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Pixels_and_planar_floats_give_the_same_sums()
    {
        int w = 13, h = 7;
        var rgb = new byte[w * h * 3];
        new Random(9).NextBytes(rgb);
        var planar = new float[3 * w * h];
        for (int i = 0; i < w * h; i++)
            for (int c = 0; c < 3; c++) planar[c * w * h + i] = rgb[3 * i + c];
        var fromPixels = RowSums.FromPixels(new PixelView(rgb, w, h, 3 * w, PixelFormat.Rgb24), rgbOrder: true, new ushort[RowSums.Length(w, h)]);
        var fromPlanar = RowSums.FromPlanar(planar, w, h, new ushort[RowSums.Length(w, h)]);
        Assert.Equal(fromPlanar.Data, fromPixels.Data);
        Assert.Equal((ushort)(rgb[3 * (2 * w + 4) + 1] + fromPixels.Row(1, 2)[4]), fromPixels.Row(1, 2)[5]);
    }

    [Fact]
    public void Planar_values_that_are_not_whole_bytes_are_rejected()
    {
        var planar = new float[3 * 4 * 4];
        planar[17] = 0.5f;
        var ex = Assert.Throws<ArgumentException>(() => RowSums.FromPlanar(planar, 4, 4, new ushort[RowSums.Length(4, 4)]));
        Assert.Contains("whole number", ex.Message);
    }
}
