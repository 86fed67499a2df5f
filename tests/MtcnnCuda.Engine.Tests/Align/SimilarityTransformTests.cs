namespace MtcnnCuda.Tests.Align;

public sealed class SimilarityTransformTests
{
    [Theory]
    [InlineData(AlignTemplate.ArcFace112, 112, 1.0, 0.0)]
    [InlineData(AlignTemplate.ArcFace112, 224, 0.7, 25.0)]
    [InlineData(AlignTemplate.ArcFace96x112, 112, 2.3, -40.0)]
    [InlineData(AlignTemplate.ArcFace96x112, 56, 1.6, 170.0)]
    public void Exact_landmarks_map_onto_the_template_within_1e_3(AlignTemplate template, int size, double scale, double degrees)
    {
        var face = AlignTestData.ExactFace(scale, degrees, 300, 200);
        var options = new AlignOptions { Template = template, Size = size };
        var map = FaceAligner.ImageToCrop(face, 640, 480, options);
        var expected = AlignTemplates.For(options);
        for (int i = 0; i < 5; i++)
        {
            var p = map.Apply(face.Landmarks[i]);
            Assert.InRange(Math.Abs(p.X - expected[i].X), 0, 1e-3);
            Assert.InRange(Math.Abs(p.Y - expected[i].Y), 0, 1e-3);
        }
        Assert.Equal(size / 112.0 / scale, map.ScaleFactor, 1e-4);
    }

    [Fact]
    public void Noisy_points_give_the_least_squares_solution_of_the_naive_normal_equations()
    {
        var random = new Random(3);
        var from = Enumerable.Range(0, 5).Select(_ => new PointF(random.NextSingle() * 200, random.NextSingle() * 200)).ToArray();
        var to = AlignTemplates.ArcFace112.ToArray();
        var m = SimilarityTransform.Estimate(from, to);
        var p = NaiveAligner.SimilarityParameters(from, to);
        Assert.Equal(p[0], m.A, 1e-9);
        Assert.Equal(-p[1], m.B, 1e-9);
        Assert.Equal(p[2], m.C, 1e-6);
        Assert.Equal(p[1], m.D, 1e-9);
        Assert.Equal(p[0], m.E, 1e-9);
        Assert.Equal(p[3], m.F, 1e-6);
    }

    [Fact]
    public void Mirrored_points_give_a_rotation_never_a_reflection()
    {
        var from = AlignTemplates.ArcFace112.Select(p => new PointF(200 - p.X, p.Y)).ToArray();
        var m = SimilarityTransform.Estimate(from, AlignTemplates.ArcFace112.ToArray());
        Assert.True(m.A * m.E - m.B * m.D > 0, $"determinant of {m} must be positive");
    }

    [Fact]
    public void Coincident_points_are_rejected_with_a_clear_error()
    {
        var p = new PointF(50, 60);
        var face = new Face(new BoundingBox(10, 10, 90, 90), 0.9f, new FaceLandmarks(p, p, p, p, p));
        var e = Assert.Throws<ArgumentException>(() => FaceAligner.ImageToCrop(face, 100, 100, AlignOptions.ArcFace));
        Assert.Contains("coincide", e.Message);
        var image = AlignTestData.Image(100, 100, PixelFormat.Rgb24);
        var batch = Assert.Throws<ArgumentException>(() => FaceAligner.Align(image, [AlignTestData.ExactFace(0.5, 0, 50, 50), face]));
        Assert.Contains("Face 1", batch.Message);
    }

    [Fact]
    public void Non_finite_points_are_rejected()
    {
        var nan = new PointF(float.NaN, 1);
        var e = Assert.Throws<ArgumentException>(() => SimilarityTransform.Estimate([nan, new(1, 2)], [new(0, 0), new(1, 1)]));
        Assert.Contains("not finite", e.Message);
    }
}
