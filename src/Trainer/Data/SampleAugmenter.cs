namespace MtcnnCuda.Trainer.Data;

/// <summary>
/// Photometric and mirror augmentation of finished samples (8-bit planar RGB, S×S): left-right mirror of detection
/// samples (box offsets follow: x1' = −x2, x2' = −x1 in offset units), brightness/contrast/saturation jitter, and a
/// 3×3 box blur. Scale jitter and small rotations happen at crop time (the generators' size ranges and
/// <see cref="LandmarkSampleGenerator.MaxRotationDegrees"/>). All draws come from the caller's generator.
/// </summary>
public sealed record SampleAugmenter
{
    /// <summary>Probability of mirroring a detection sample (landmark samples are mirrored by their generator).</summary>
    public double MirrorProbability { get; init; } = 0.5;
    /// <summary>Largest brightness shift (fraction of 255), contrast and saturation change (fractions of 1).</summary>
    public float Brightness { get; init; } = 0.125f;
    public float Contrast { get; init; } = 0.25f;
    public float Saturation { get; init; } = 0.25f;
    /// <summary>Probability of the colour jitter and of the blur.</summary>
    public double ColourProbability { get; init; } = 0.5;
    public double BlurProbability { get; init; } = 0.1;

    public static SampleAugmenter None { get; } = new() { MirrorProbability = 0, ColourProbability = 0, BlurProbability = 0 };

    public Sample Apply(Sample sample, int size, Random rng)
    {
        var pixels = sample.Pixels;
        var box = sample.Box;
        bool copied = false;
        void Own() { if (!copied) { pixels = (byte[])pixels.Clone(); copied = true; } }
        if (sample.Label != SampleLabel.Landmark && rng.NextDouble() < MirrorProbability)
        {
            Own();
            Mirror(pixels, size);
            if (sample.Label != SampleLabel.Negative) box = [-box[2], box[1], -box[0], box[3]];
        }
        if (rng.NextDouble() < ColourProbability)
        {
            Own();
            Colour(pixels, size, 1 + Contrast * (float)(2 * rng.NextDouble() - 1), 255 * Brightness * (float)(2 * rng.NextDouble() - 1),
                   1 + Saturation * (float)(2 * rng.NextDouble() - 1));
        }
        if (rng.NextDouble() < BlurProbability)
        {
            Own();
            Blur(pixels, size);
        }
        return copied ? new Sample { Label = sample.Label, Pixels = pixels, Box = box, Landmarks = sample.Landmarks } : sample;
    }

    internal static void Mirror(byte[] pixels, int size)
    {
        for (int row = 0; row < 3 * size; row++) Array.Reverse(pixels, row * size, size);
    }

    /// <summary>Saturation about the pixel's luma, then contrast about mid-grey, then a brightness shift.</summary>
    internal static void Colour(byte[] pixels, int size, float contrast, float brightness, float saturation)
    {
        int plane = size * size;
        for (int i = 0; i < plane; i++)
        {
            float r = pixels[i], g = pixels[plane + i], b = pixels[2 * plane + i];
            float grey = 0.299f * r + 0.587f * g + 0.114f * b;
            for (int c = 0; c < 3; c++)
            {
                float v = grey + saturation * (pixels[c * plane + i] - grey);
                v = 127.5f + contrast * (v - 127.5f) + brightness;
                pixels[c * plane + i] = (byte)Math.Clamp(MathF.Round(v), 0f, 255f);
            }
        }
    }

    /// <summary>3×3 box blur per channel, edges clamped.</summary>
    internal static void Blur(byte[] pixels, int size)
    {
        var source = (byte[])pixels.Clone();
        int plane = size * size;
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < size; y++)
                for (int x = 0; x < size; x++)
                {
                    int sum = 0;
                    for (int dy = -1; dy <= 1; dy++)
                        for (int dx = -1; dx <= 1; dx++)
                            sum += source[c * plane + Math.Clamp(y + dy, 0, size - 1) * size + Math.Clamp(x + dx, 0, size - 1)];
                    pixels[c * plane + y * size + x] = (byte)((sum + 4) / 9);
                }
    }
}
