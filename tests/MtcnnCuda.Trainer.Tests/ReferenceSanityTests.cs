using MtcnnCuda.Trainer.Nets;
using MtcnnCuda.Weights;

namespace MtcnnCuda.Trainer.Tests;

/// <summary>
/// The sanity figures of shared/data/README.md (ONet with the reference weights on bilinear 48×48 crops),
/// reproduced through the TorchSharp ONet: they confirm the nets, the nwhc flatten and the RGB convention.
/// </summary>
public class ReferenceSanityTests
{
    private static float[] OnetOn(string imagePath, int x, int y, int w, int h, out float[] landmarks)
    {
        var weights = MtcnnWeights.Load(SharedData.ReferenceWeights);
        var (planar, width, height) = MtcnnCuda.Trainer.Data.ImageLoader.Load(imagePath);
        if (w == 0) { w = width; h = height; }
        var crop = TestImages.BilinearCrop(planar, width, height, x, y, w, h, 48);
        var (prob, _, marks) = NetRunner.Run(WeightsBridge.CreateNet(weights, NetKind.ONet), crop, 1, 48, 48);
        landmarks = marks!;
        return prob;
    }

    [Fact]
    public void ONet_on_AFLW_crop_gives_face_and_the_README_landmarks()
    {
        var prob = OnetOn(SharedData.Require("landmarks-5pt/AFLW/0001-image20056.jpg"), 0, 0, 0, 0, out var marks);
        Assert.True(prob[0] > 0.9995f, $"face probability {prob[0]}");
        float[] expected = [0.36f, 0.68f, 0.50f, 0.22f, 0.52f, 0.27f, 0.41f, 0.50f, 0.61f, 0.73f];
        for (int i = 0; i < 10; i++)
            Assert.True(Math.Abs(marks[i] - expected[i]) < 0.01f, $"landmark value {i}: {marks[i]} vs README {expected[i]}");
    }

    [Fact]
    public void ONet_on_multiface_patches_gives_the_README_probabilities()
    {
        string image = SharedData.Require("images/multiface.jpg");
        var stairs = OnetOn(image, 20, 20, 100, 100, out _);
        // The README's 0.106 depends on the JPEG decoder and the exact bilinear filter of the tool that made it (this
        // non-face patch sits on a slope of the classifier): Skia decoding with half-pixel bilinear gives 0.078,
        // a Pillow-style filter 0.117. What must hold is that it is clearly rejected at the 0.7 threshold.
        Assert.InRange(stairs[0], 0.05f, 0.15f);
        var face = OnetOn(image, 855, 430, 105, 110, out _);
        Assert.True(face[0] > 0.9995f, $"face probability {face[0]}");
    }
}
