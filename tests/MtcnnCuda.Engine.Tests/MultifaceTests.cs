namespace MtcnnCuda.Tests;

/// <summary>The CPU cascade with the original weights on the group photo of ../shared/data/images.</summary>
public class MultifaceTests
{
    /// <summary>Centres of the six frontal faces in multiface.jpg, annotated by hand (pixels).</summary>
    private static readonly (float X, float Y)[] FaceCentres =
        [(265, 303), (461, 186), (593, 101), (658, 247), (760, 518), (906, 497)];

    [Theory]
    [InlineData(EdgeMode.ZeroPad)]
    [InlineData(EdgeMode.Clip)]
    public void Every_frontal_face_is_found_once_and_nothing_else(EdgeMode edgeMode)
    {
        var image = TestImages.LoadRgb(SharedData.Require("images/multiface.jpg"));
        using var detector = FaceDetector.Create(SharedData.ReferenceWeights, new DetectorOptions { EdgeMode = edgeMode });
        var faces = detector.Detect(image);
        Assert.Equal(FaceCentres.Length, faces.Count);
        foreach (var (x, y) in FaceCentres)
        {
            var hits = faces.Where(f => f.Box.Contains(new PointF(x, y))).ToList();
            var face = Assert.Single(hits);
            Assert.InRange(face.Box.Width, 60, 140);
            Assert.InRange(face.Box.Height, 60, 140);
            Assert.True(face.Confidence > 0.99f, $"confidence {face.Confidence}");
            for (int k = 0; k < 5; k++) Assert.True(face.Box.Contains(face.Landmarks[k]), $"landmark {k} outside {face.Box}");
            var l = face.Landmarks;
            Assert.True(l.LeftEye.X < l.RightEye.X && l.LeftMouth.X < l.RightMouth.X, "left/right swapped");
            Assert.True(l.LeftEye.Y < l.Nose.Y && l.Nose.Y < l.LeftMouth.Y, "eyes, nose and mouth out of order");
        }
        for (int i = 1; i < faces.Count; i++) Assert.True(faces[i - 1].Confidence >= faces[i].Confidence);
    }

    [Fact]
    public void Bgr_input_gives_the_same_faces_as_rgb()
    {
        var rgb = TestImages.LoadRgb(SharedData.Require("images/multiface.jpg"));
        var bgr = rgb.Pixels.ToArray();
        for (int i = 0; i < bgr.Length; i += 3) (bgr[i], bgr[i + 2]) = (bgr[i + 2], bgr[i]);
        using var detector = FaceDetector.Create(SharedData.ReferenceWeights);
        var expected = detector.Detect(rgb);
        var actual = detector.Detect(new ImageData(bgr, rgb.Width, rgb.Height, PixelFormat.Bgr24));
        Assert.Equal(expected, actual);
    }
}
