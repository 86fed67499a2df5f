using MtcnnCuda.Cascade;

namespace MtcnnCuda.Tests.Cascade;

public class ResampleAndCropTests
{
    [Fact]
    public void Area_resample_of_same_size_is_identity()
    {
        var r = new Random(1);
        var src = Enumerable.Range(0, 3 * 7 * 5).Select(_ => r.NextSingle() * 255).ToArray();
        var dst = new float[src.Length];
        AreaResample.Planar(src, 3, 7, 5, dst, 7, 5);
        Assert.Equal(src, dst);
    }

    [Fact]
    public void Area_resample_halving_averages_2x2_blocks()
    {
        float[] src = [1, 3, 5, 7, 2, 4, 6, 8, 10, 10, 0, 0, 20, 20, 4, 4];
        var dst = new float[4];
        AreaResample.Planar(src, 1, 4, 4, dst, 2, 2);
        Assert.Equal([2.5f, 6.5f, 15f, 2f], dst);
    }

    [Fact]
    public void Area_resample_matches_adaptive_pool_windows_for_odd_ratios()
    {
        // 5 → 3: windows [0,2), [1,4), [3,5) as PyTorch's adaptive_avg_pool computes them.
        Assert.Equal((0, 2), (AreaResample.Start(0, 5, 3), AreaResample.End(0, 5, 3)));
        Assert.Equal((1, 4), (AreaResample.Start(1, 5, 3), AreaResample.End(1, 5, 3)));
        Assert.Equal((3, 5), (AreaResample.Start(2, 5, 3), AreaResample.End(2, 5, 3)));
        float[] src = [1, 2, 3, 4, 5];
        var dst = new float[3];
        AreaResample.Planar(src, 1, 1, 5, dst, 1, 3);
        Assert.Equal([1.5f, 3f, 4.5f], dst);
    }

    [Fact]
    public void Constant_image_stays_constant_at_any_size()
    {
        var src = Enumerable.Repeat(42f, 3 * 31 * 17).ToArray();
        foreach (var (h, w) in new[] { (12, 12), (5, 9), (40, 33) })
        {
            var dst = new float[3 * h * w];
            AreaResample.Planar(src, 3, 31, 17, dst, h, w);
            Assert.All(dst, v => Assert.Equal(42f, v, 4));
        }
    }

    [Fact]
    public void Crop_outside_the_image_is_zero_before_normalisation()
    {
        // 4×4 image of 255s; a 8×8 window starting at (-4, -4) covers the image in its bottom-right quarter.
        var image = Enumerable.Repeat(255f, 3 * 16).ToArray();
        var output = new float[3 * 2 * 2];
        CropSampler.Sample(image, 4, 4, new CropWindow(-4, -4, 4, 4), 2, 127.5f, 1f / 128, output);
        float zero = -127.5f / 128, full = 127.5f / 128;
        for (int c = 0; c < 3; c++)
            Assert.Equal([zero, zero, zero, full], output[(4 * c)..(4 * c + 4)]);
    }

    [Fact]
    public void Pyramid_scales_follow_min_face_and_factor()
    {
        var scales = Pyramid.Scales(640, 480, 40, 0.709f);
        Assert.Equal(0.3, scales[0], 6);
        for (int i = 1; i < scales.Length; i++) Assert.Equal(scales[i - 1] * 0.709f, scales[i], 6);
        // The smallest level still holds a 12-pixel PNet window; one more step would not.
        Assert.True(480 * scales[^1] >= 12);
        Assert.True(480 * scales[^1] * 0.709f < 12);
        Assert.Equal((193, 145), Pyramid.LevelSize(640, 480, 0.3));
        Assert.Empty(Pyramid.Scales(11, 500, 12, 0.709f));
    }
}
