using MtcnnCuda.Cascade;
using MtcnnCuda.Cpu;
using MtcnnCuda.Weights;

namespace MtcnnCuda.Perf.Eval;

/// <summary>
/// Runs ONet directly on whole images (face crops): the crop is area-resampled to 48×48 and normalised as the
/// weights require; landmark k is at (w·x_k, h·y_k) of the crop (ONet's outputs are fractions of the box).
/// </summary>
internal sealed class OnetLandmarks(MtcnnWeights weights)
{
    private readonly CpuNets _nets = new(weights);

    public (PointF[] Points, float Probability) Run(ImageData image)
    {
        if (image.Format != PixelFormat.Rgb24) throw new ArgumentException("Expected an Rgb24 image.", nameof(image));
        var planar = PlanarImage.FromPixels(PixelView.From(image), weights.RgbInput);
        const int size = NetArchitecture.ONetInput;
        var batch = new float[3 * size * size];
        CropSampler.Sample(planar, image.Height, image.Width, new CropWindow(0, 0, image.Width, image.Height), size,
            weights.PixelMean, weights.PixelScale, batch);
        var output = _nets.RunONet(batch, 1);
        var l = output.Landmarks ?? throw new InvalidOperationException("These weights have no ONet landmark head.");
        var points = new PointF[5];
        for (int k = 0; k < 5; k++) points[k] = new PointF(image.Width * l[k], image.Height * l[5 + k]);
        return (points, output.Prob[0]);
    }
}
