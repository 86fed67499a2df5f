namespace MtcnnCuda.Tests;

public class MultifaceTests
{
    [Fact]
    public void Reference_weights_find_the_frontal_faces_of_multiface()
    {
        var image = TestImages.LoadRgb(SharedData.Require("images/multiface.jpg"));
        using var detector = FaceDetector.Create(SharedData.ReferenceWeights);
        var faces = detector.Detect(image);
        foreach (var f in faces)
            TestContext.Current.TestOutputHelper?.WriteLine($"{f.Box} {f.Confidence} {f.Landmarks}");
        Assert.NotEmpty(faces);
        foreach (var f in faces)
            for (int k = 0; k < 5; k++) Assert.True(f.Box.Contains(f.Landmarks[k]), $"landmark {k} of {f.Box} lies outside it");
    }
}
