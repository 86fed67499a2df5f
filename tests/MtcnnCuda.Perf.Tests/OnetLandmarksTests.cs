using MtcnnCuda.Perf.Common;
using MtcnnCuda.Perf.Eval;
using MtcnnCuda.Weights;

namespace MtcnnCuda.Perf.Tests;

public class OnetLandmarksTests
{
    [Fact]
    public void Onet_on_the_first_AFLW_crop_matches_the_data_README_sanity_figures()
    {
        var weights = MtcnnWeights.Load(SharedData.ReferenceWeights);
        var image = RgbImage.Load(SharedData.Require("landmarks-5pt/AFLW/0001-image20056.jpg"));
        var (points, prob) = new OnetLandmarks(weights).Run(image);
        TestContext.Current.TestOutputHelper?.WriteLine(string.Join(" ", points.Select(p => $"({p.X / image.Width:0.000},{p.Y / image.Height:0.000})")));
        Assert.True(prob > 0.99f, $"face probability {prob}");
        // shared/data/README.md (bilinear 48×48 crop): x ≈ (0.36, 0.68, 0.50, 0.22, 0.52), y ≈ (0.27, 0.41, 0.50, 0.61, 0.73).
        // We resample with area interpolation, so allow a few hundredths.
        double[] x = [0.36, 0.68, 0.50, 0.22, 0.52], y = [0.27, 0.41, 0.50, 0.61, 0.73];
        for (int k = 0; k < 5; k++)
        {
            Assert.InRange(points[k].X / image.Width, x[k] - 0.04, x[k] + 0.04);
            Assert.InRange(points[k].Y / image.Height, y[k] - 0.04, y[k] + 0.04);
        }
    }
}
