namespace MtcnnCuda.Tests.Align;

public sealed class FaceAlignerTests
{
    public static TheoryData<AlignTemplate, int, int, AlignBorder> Layouts() => new()
    {
        { AlignTemplate.ArcFace112, 112, 0, AlignBorder.Constant },
        { AlignTemplate.ArcFace112, 160, 0, AlignBorder.Replicate },
        { AlignTemplate.ArcFace96x112, 112, 0, AlignBorder.Constant },
        { AlignTemplate.Square, 160, 0, AlignBorder.Replicate },
        { AlignTemplate.Square, 160, 32, AlignBorder.Constant },
        { AlignTemplate.Square, 64, 10, AlignBorder.Replicate },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Crops_equal_the_naive_reference_within_one_grey_level(AlignTemplate template, int size, int margin, AlignBorder border)
    {
        var image = AlignTestData.Image(320, 240, PixelFormat.Rgb24);
        var faces = AlignTestData.SeveralFaces(320, 240);
        var options = new AlignOptions { Template = template, Size = size, Margin = margin, Border = border, BorderValue = 7 };
        var crops = FaceAligner.Align(image, faces, options);
        Assert.Equal(faces.Length, crops.Count);
        for (int i = 0; i < faces.Length; i++) AssertClose(NaiveAligner.Crop(image, faces[i], options), crops.Crop(i), $"face {i}");
    }

    [Theory]
    [InlineData(PixelFormat.Rgb24, 0, AlignOutput.Rgb24)]
    [InlineData(PixelFormat.Bgr24, 5, AlignOutput.Rgb24)]
    [InlineData(PixelFormat.Rgba32, 12, AlignOutput.Bgr24)]
    [InlineData(PixelFormat.Bgra32, 3, AlignOutput.Bgr24)]
    public void Every_input_format_and_stride_gives_the_same_crops(PixelFormat format, int padding, AlignOutput output)
    {
        var image = AlignTestData.Image(200, 150, format, padding, seed: 4);
        var faces = AlignTestData.SeveralFaces(200, 150);
        var options = AlignOptions.ArcFace with { Output = output };
        var crops = FaceAligner.Align(image, faces, options);
        for (int i = 0; i < faces.Length; i++)
            AssertClose(NaiveAligner.Crop(image, faces[i], options, bgrOut: output == AlignOutput.Bgr24), crops.Crop(i), $"face {i}");
    }

    [Theory]
    [InlineData(AlignOutput.FloatRgbChw)]
    [InlineData(AlignOutput.FloatBgrChw)]
    public void Float_output_is_the_normalised_planar_crop(AlignOutput output)
    {
        var image = AlignTestData.Image(200, 150, PixelFormat.Bgr24, seed: 5);
        var faces = AlignTestData.SeveralFaces(200, 150);
        var bytes = FaceAligner.Align(image, faces, AlignOptions.Facenet(96, 8));
        var floats = FaceAligner.Align(image, faces, AlignOptions.Facenet(96, 8) with { Output = output, Mean = 127.5f, Scale = 1 / 128f });
        int plane = 96 * 96;
        for (int n = 0; n < faces.Length; n++)
        {
            var b = bytes.Crop(n);
            var f = floats.CropFloats(n);
            Assert.Equal(3 * plane, f.Length);
            for (int i = 0; i < plane; i++)
                for (int c = 0; c < 3; c++)
                {
                    int rgb = output == AlignOutput.FloatRgbChw ? c : 2 - c;
                    float expected = (b[3 * i + rgb] - 127.5f) / 128f;
                    Assert.True(Math.Abs(f[c * plane + i] - expected) <= 0.5f / 128f + 1e-6f, $"face {n} pixel {i} channel {c}: {f[c * plane + i]} vs {expected}");
                }
        }
    }

    [Fact]
    public void A_batch_equals_faces_aligned_one_at_a_time()
    {
        var image = AlignTestData.Image(320, 240, PixelFormat.Rgb24, seed: 6);
        var faces = AlignTestData.SeveralFaces(320, 240);
        var batch = FaceAligner.Align(image, faces);
        for (int i = 0; i < faces.Length; i++)
            Assert.Equal(FaceAligner.Align(image, [faces[i]]).Crop(0).ToArray(), batch.Crop(i).ToArray());
    }

    [Fact]
    public void A_face_at_the_edge_reads_the_border_value_outside_the_image()
    {
        var image = AlignTestData.Image(100, 100, PixelFormat.Rgb24, seed: 7);
        var corner = AlignTestData.ExactFace(1.0, 0, 10, 10); // the crop extends ~46 px beyond the top-left corner
        var constant = FaceAligner.Align(image, [corner], AlignOptions.ArcFace with { BorderValue = 200 }).Crop(0);
        Assert.Equal([200, 200, 200], constant[..3].ToArray()); // crop (0,0) maps to image (−46, −46)
        var replicate = FaceAligner.Align(image, [corner], AlignOptions.ArcFace with { Border = AlignBorder.Replicate }).Crop(0);
        var px = image.Pixels.Span;
        Assert.Equal(px[..3].ToArray(), replicate[..3].ToArray()); // the corner pixel, replicated
    }

    [Fact]
    public void Square_crop_clamps_the_margin_box_to_the_image_like_facenet_pytorch()
    {
        // Box (10, 20)–(60, 90), margin 20 of 100: 20·50/80 = 12.5 px wider, 20·70/80 = 17.5 px taller in total,
        // so x from max(3.75, 0) → 3, y from max(11.25, 0) → 11, right edge min(66.25, 64) → 64, bottom 98.75 → 98.
        var face = new Face(new BoundingBox(10, 20, 60, 90), 0.9f, AlignTestData.ExactFace(0.5, 0, 35, 55).Landmarks);
        var map = FaceAligner.CropToImage([face], 64, 120, AlignOptions.Facenet(100, 20))[0];
        Assert.Equal(3 + 0.5 * 61 / 100 - 0.5, map.C, 1e-9);
        Assert.Equal(61 / 100.0, map.A, 1e-9);
        Assert.Equal(11 + 0.5 * 87 / 100 - 0.5, map.F, 1e-9);
        Assert.Equal(87 / 100.0, map.E, 1e-9);
    }

    [Fact]
    public void Bad_calls_fail_with_a_clear_reason()
    {
        var image = AlignTestData.Image(64, 64, PixelFormat.Rgb24);
        var face = AlignTestData.ExactFace(0.4, 0, 32, 32);
        var small = new byte[10];
        var e = Assert.Throws<ArgumentException>(() => FaceAligner.Align(image.Pixels.Span, 64, 64, 192, PixelFormat.Rgb24, [face], AlignOptions.ArcFace, small));
        Assert.Contains("Output buffer holds 10 bytes", e.Message);
        Assert.Contains("margin", Assert.Throws<ArgumentException>(() => FaceAligner.Align(image, [face], AlignOptions.ArcFace with { Margin = 4 })).Message);
        Assert.Contains("size", Assert.Throws<ArgumentException>(() => FaceAligner.Align(image, [face], AlignOptions.ArcFace with { Size = 0 })).Message);
        var outside = new Face(new BoundingBox(100, 100, 150, 150), 0.9f, face.Landmarks);
        Assert.Contains("no pixels", Assert.Throws<ArgumentException>(() => FaceAligner.Align(image, [outside], AlignOptions.Facenet())).Message);
        Assert.Equal(0, FaceAligner.Align(image, []).Count);
    }

    internal static void AssertClose(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        int worst = 0, at = -1;
        for (int i = 0; i < expected.Length; i++)
        {
            int d = Math.Abs(expected[i] - actual[i]);
            if (d > worst) (worst, at) = (d, i);
        }
        if (worst > 1) Assert.Fail($"{what}: byte {at} differs by {worst} ({expected[at]} expected, {actual[at]} actual)");
    }
}
