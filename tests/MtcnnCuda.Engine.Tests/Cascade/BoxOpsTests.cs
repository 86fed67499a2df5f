using MtcnnCuda.Cascade;

namespace MtcnnCuda.Tests.Cascade;

public class BoxOpsTests
{
    [Fact]
    public void Square_keeps_the_centre_and_takes_the_longer_side()
    {
        var r = new Random(3);
        for (int i = 0; i < 200; i++)
        {
            float x = r.NextSingle() * 500 - 100, y = r.NextSingle() * 500 - 100;
            var c = new Candidate(x, y, x + 1 + r.NextSingle() * 200, y + 1 + r.NextSingle() * 200, 0.5f);
            var s = BoxOps.Square(c);
            Assert.Equal(s.Width, s.Height, 1e-3f);
            Assert.Equal(MathF.Max(c.Width, c.Height), s.Width, 1e-3f);
            Assert.Equal((c.X1 + c.X2) / 2, (s.X1 + s.X2) / 2, 1e-3f);
            Assert.Equal((c.Y1 + c.Y2) / 2, (s.Y1 + s.Y2) / 2, 1e-3f);
            Assert.Equal(c.Score, s.Score);
        }
    }

    [Theory]
    [InlineData(false, 10f)]
    [InlineData(true, 11f)]
    public void Regress_moves_corners_by_offsets_times_size(bool plusOne, float size)
    {
        var c = new Candidate(10, 20, 20, 30, 0.9f) { Dx1 = 0.1f, Dy1 = -0.2f, Dx2 = 0.5f, Dy2 = 0f };
        var r = BoxOps.Regress(c, plusOne);
        Assert.Equal(10 + 0.1f * size, r.X1, 5);
        Assert.Equal(20 - 0.2f * size, r.Y1, 5);
        Assert.Equal(20 + 0.5f * size, r.X2, 5);
        Assert.Equal(30f, r.Y2, 5);
        Assert.Equal(0.9f, r.Score);
        var zero = new Candidate(10, 20, 20, 30, 0.9f);
        Assert.Equal((zero.X1, zero.Y1, zero.X2, zero.Y2), (BoxOps.Regress(zero, plusOne).X1, BoxOps.Regress(zero, plusOne).Y1, BoxOps.Regress(zero, plusOne).X2, BoxOps.Regress(zero, plusOne).Y2));
    }

    [Fact]
    public void PNet_cells_map_to_image_boxes_with_the_reference_formula()
    {
        // 2×3 map; cells (row 1, col 2) and (row 0, col 0) pass the threshold.
        float[] prob = [0.9f, 0.1f, 0.2f, 0.3f, 0.4f, 0.6f];
        var reg = new float[4 * 6];
        reg[5] = 0.1f; reg[6 + 5] = 0.2f; reg[12 + 5] = 0.3f; reg[18 + 5] = 0.4f;
        var found = BoxOps.FromPNet(prob, reg, 2, 3, 0.5, 0.6f);
        Assert.Equal(2, found.Count);
        var first = found[0];
        Assert.Equal((2f, 2f, 24f, 24f, 0.9f), (first.X1, first.Y1, first.X2, first.Y2, first.Score));
        var c = found[1];
        // x = 2, y = 1, scale 0.5: ⌊(4 + 1)/0.5⌋ = 10, ⌊(2 + 1)/0.5⌋ = 6, ⌊(4 + 12)/0.5⌋ = 32, ⌊(2 + 12)/0.5⌋ = 28.
        Assert.Equal((10f, 6f, 32f, 28f, 0.6f), (c.X1, c.Y1, c.X2, c.Y2, c.Score));
        Assert.Equal((0.1f, 0.2f, 0.3f, 0.4f), (c.Dx1, c.Dy1, c.Dx2, c.Dy2));
    }

    [Fact]
    public void Window_zero_pad_keeps_outside_parts_and_clip_cuts_them()
    {
        var c = new Candidate(-5.7f, 3.2f, 30.9f, 39.5f, 1);
        var pad = BoxOps.Window(c, 20, 25, EdgeMode.ZeroPad);
        // Truncation toward zero, 1-based inclusive corners → 0-based half-open window.
        Assert.Equal(new CropWindow(-6, 2, 30, 39), pad);
        Assert.Equal(36, pad.Width);
        var clip = BoxOps.Window(c, 20, 25, EdgeMode.Clip);
        Assert.Equal(new CropWindow(0, 2, 20, 25), clip);
        Assert.True(BoxOps.Window(new Candidate(30, 30, 40, 40, 1), 20, 20, EdgeMode.Clip).IsEmpty);
    }
}
