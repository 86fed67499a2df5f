using MtcnnCuda.Trainer.Data;
using MtcnnCuda.Trainer.Evaluation;
using MtcnnCuda.Weights;

namespace MtcnnCuda.Trainer.Tests;

public class StageRecallTests
{
    [Fact]
    public void Faces_the_cascade_outputs_are_all_found_after_ONet_and_a_face_nowhere_near_is_not()
    {
        var weights = MtcnnWeights.Load(SharedData.ReferenceWeights);
        string path = SharedData.Multiface;
        var image = ImageLoader.Load(path);
        var options = DetectorOptions.Default with { CpuThreads = 1 };
        using var detector = FaceDetector.Create(weights, options);
        var faces = detector.Detect(CalibrationFitter.ToRgb24(image), image.Width, image.Height, image.Width * 3, PixelFormat.Rgb24)
            .Select(f => new FaceBox(f.Box.X1, f.Box.Y1, f.Box.Width, f.Box.Height)).ToList();
        Assert.Equal(6, faces.Count);
        // A made-up face in the sky: no stage may claim it.
        var annotated = new AnnotatedImage(Path.GetFileName(path), [.. faces, new FaceBox(5, 5, 40, 40)]);
        var result = new StageRecall(weights, options).Run(Path.GetDirectoryName(path)!, [annotated]);
        Assert.Equal(7, result.Faces);
        Assert.Equal(6, result.Found[2]);
        // On this photo PNet's regressed, squared boxes already cover every final face (and never the sky).
        Assert.Equal(6, result.Found[0]);
        Assert.True(result.Candidates[0] >= result.Candidates[1] && result.Candidates[1] >= result.Candidates[2]);
    }
}
