using MtcnnCuda.Trainer.Data;

namespace MtcnnCuda.Trainer.Tests;

public class AugmentationTests
{
    [Fact]
    public void Mirrored_detection_sample_carries_the_offsets_of_the_mirrored_face()
    {
        const int size = 12;
        var face = new FaceBox(2, 1, 7, 9);
        var pixels = new byte[3 * size * size];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = (byte)(i * 7);
        var sample = new Sample { Label = SampleLabel.Positive, Pixels = pixels, Box = Sample.BoxOffsets(face, 0, 0, size) };
        var mirrorOnly = new SampleAugmenter { MirrorProbability = 1, ColourProbability = 0, BlurProbability = 0 };
        var mirrored = mirrorOnly.Apply(sample, size, new Random(1));
        var expected = Sample.BoxOffsets(new FaceBox(size - face.X2, face.Y, face.W, face.H), 0, 0, size);
        for (int k = 0; k < 4; k++) Assert.Equal(expected[k], mirrored.Box[k], 5);
        Assert.Equal(pixels[size - 1], mirrored.Pixels[0]);
        // The input sample is untouched; mirroring twice gives it back.
        Assert.Equal((byte)0, pixels[0]);
        Assert.Equal(pixels, mirrorOnly.Apply(mirrored, size, new Random(1)).Pixels);
    }

    [Fact]
    public void Landmark_samples_are_not_mirrored_again_and_None_changes_nothing()
    {
        var sample = new Sample { Label = SampleLabel.Landmark, Pixels = new byte[3 * 4 * 4], Landmarks = [0.1f, 0.9f, 0.5f, 0.2f, 0.8f, 0.3f, 0.3f, 0.5f, 0.7f, 0.7f] };
        Assert.Same(sample, new SampleAugmenter { ColourProbability = 0, BlurProbability = 0, MirrorProbability = 1 }.Apply(sample, 4, new Random(2)));
        Assert.Same(sample, SampleAugmenter.None.Apply(sample, 4, new Random(2)));
    }

    [Fact]
    public void Colour_jitter_and_blur_keep_flat_grey_grey_and_stay_in_range()
    {
        const int size = 6;
        var flat = Enumerable.Repeat((byte)100, 3 * size * size).ToArray();
        SampleAugmenter.Blur(flat, size);
        Assert.All(flat, v => Assert.Equal(100, v));
        var pixels = Enumerable.Range(0, 3 * size * size).Select(i => (byte)(i * 37)).ToArray();
        SampleAugmenter.Colour(pixels, size, contrast: 3, brightness: 200, saturation: 2);
        Assert.Contains(pixels, v => v == 255);
        SampleAugmenter.Colour(flat, size, contrast: 1, brightness: 0, saturation: 0.3f);
        Assert.All(flat, v => Assert.Equal(100, v));
    }
}
