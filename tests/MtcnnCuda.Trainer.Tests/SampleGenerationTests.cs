using MtcnnCuda.Trainer.Data;
using MtcnnCuda.Weights;

namespace MtcnnCuda.Trainer.Tests;

public class SampleGenerationTests
{
    private static float Mean(byte[] pixels, int size, float fx, float fy, int radius = 0)
    {
        int cx = (int)(fx * size), cy = (int)(fy * size), n = 0;
        float sum = 0;
        for (int c = 0; c < 3; c++)
            for (int y = Math.Max(0, cy - radius); y <= Math.Min(size - 1, cy + radius); y++)
                for (int x = Math.Max(0, cx - radius); x <= Math.Min(size - 1, cx + radius); x++) { sum += pixels[(c * size + y) * size + x]; n++; }
        return sum / n;
    }

    [Fact]
    public void PNet_detection_samples_have_consistent_labels_and_offsets()
    {
        using var data = new SyntheticFaces(images: 4, landmarkFaces: 0);
        var generator = new DetectionSampleGenerator(12);
        var rng = new Random(1);
        var samples = new List<(Sample Sample, AnnotatedImage Image)>();
        foreach (var annotated in data.Images)
        {
            var image = ImageLoader.Load(Path.Combine(data.Root, annotated.Path));
            generator.Generate(image, annotated.Faces, rng, s => samples.Add((s, annotated)));
        }
        Assert.Contains(samples, s => s.Sample.Label == SampleLabel.Negative);
        Assert.Contains(samples, s => s.Sample.Label == SampleLabel.Positive);
        Assert.Contains(samples, s => s.Sample.Label == SampleLabel.Part);
        foreach (var (sample, _) in samples)
        {
            Assert.Equal(3 * 12 * 12, sample.Pixels.Length);
            if (sample.Label == SampleLabel.Positive)
            {
                // A positive crop overlaps its face by IoU ≥ 0.65, so each normalised offset is small.
                Assert.All(sample.Box, v => Assert.InRange(v, -0.5f, 0.5f));
            }
        }
    }

    [Fact]
    public void Box_offsets_reconstruct_the_face_box()
    {
        var face = new FaceBox(30, 40, 50, 60);
        var offsets = Sample.BoxOffsets(face, 25, 45, 55);
        Assert.Equal(face.X, 25 + offsets[0] * 55, 4);
        Assert.Equal(face.Y, 45 + offsets[1] * 55, 4);
        Assert.Equal(face.X2, 25 + 55 + offsets[2] * 55, 4);
        Assert.Equal(face.Y2, 45 + 55 + offsets[3] * 55, 4);
    }

    [Fact]
    public void Landmark_samples_put_the_points_on_the_drawn_features_after_shift_rotation_and_mirror()
    {
        using var data = new SyntheticFaces(images: 0, landmarkFaces: 3);
        var generator = new LandmarkSampleGenerator(48) { SamplesPerFace = 12, MaxRotationDegrees = 15 };
        var faces = LandmarkListReader.Read(data.LandmarkList, _ => (48, 48)).ToList();
        var rng = new Random(5);
        int checkedSamples = 0;
        foreach (var face in faces)
        {
            var image = ImageLoader.Load(Path.Combine(data.Root, face.Path));
            generator.Generate(image, face, rng, sample =>
            {
                Assert.Equal(SampleLabel.Landmark, sample.Label);
                var m = sample.Landmarks;
                // Eyes are dark dots wherever the augmentation moved them; the left eye stays left after a mirror.
                Assert.True(Mean(sample.Pixels, 48, m[0], m[5]) < 90, $"left eye at ({m[0]:F2}, {m[5]:F2}) is not dark");
                Assert.True(Mean(sample.Pixels, 48, m[1], m[6]) < 90, $"right eye at ({m[1]:F2}, {m[6]:F2}) is not dark");
                Assert.True(m[0] < m[1], "left eye is left of the right eye");
                Assert.True(m[3] < m[4], "left mouth corner is left of the right one");
                checkedSamples++;
            });
        }
        Assert.Equal(36, checkedSamples);
    }

    [Fact]
    public void Mirrored_landmark_crop_is_the_mirror_image()
    {
        using var data = new SyntheticFaces(images: 0, landmarkFaces: 1);
        var image = ImageLoader.Load(Path.Combine(data.Root, "images/face000.png"));
        var plain = Cropper.CropRotated(image, 24, 24, 48, 0, mirror: false, 24);
        var mirrored = Cropper.CropRotated(image, 24, 24, 48, 0, mirror: true, 24);
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < 24; y++)
                for (int x = 0; x < 24; x++)
                    Assert.Equal(plain[(c * 24 + y) * 24 + x], mirrored[(c * 24 + y) * 24 + 23 - x]);
    }

    [Fact]
    public void Shards_round_trip_and_reject_truncation()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"mtcnn-shards-{Guid.NewGuid():N}");
        try
        {
            var rng = new Random(2);
            var written = new List<Sample>();
            using (var writer = new ShardWriter(dir, "rnet", 24, 1, "test", samplesPerShard: 7))
            {
                for (int i = 0; i < 20; i++)
                {
                    var pixels = new byte[3 * 24 * 24];
                    rng.NextBytes(pixels);
                    var sample = new Sample
                    {
                        Label = (SampleLabel)(sbyte)(i % 4 - 2), Pixels = pixels,
                        Box = [i, -i, 0.5f, 0.25f], Landmarks = Enumerable.Range(0, 10).Select(k => k * 0.1f + i).ToArray(),
                    };
                    writer.Add(sample);
                    written.Add(sample);
                }
            }
            using (var set = new ShardSet(dir))
            {
                Assert.Equal(20, set.Count);
                Assert.Equal(3, set.Index.Shards.Count);
                Assert.Equal(5, set.Index.Counts["landmark"]);
                int[] indices = [19, 0, 7, 13];
                var pixels = new float[4 * 3 * 24 * 24];
                var labels = new float[4];
                var boxes = new float[16];
                var marks = new float[40];
                set.FillBatch(indices, pixels, labels, boxes, marks);
                for (int n = 0; n < 4; n++)
                {
                    var s = written[indices[n]];
                    Assert.Equal((float)(sbyte)s.Label, labels[n]);
                    Assert.Equal(s.Box, boxes.AsSpan(4 * n, 4).ToArray());
                    Assert.Equal(s.Landmarks, marks.AsSpan(10 * n, 10).ToArray());
                    Assert.Equal((s.Pixels[100] - 127.5f) * 0.0078125f, pixels[n * 3 * 24 * 24 + 100]);
                    Assert.Equal(s.Pixels, set.Pixels(indices[n]));
                }
            }
            string shard = Path.Combine(dir, "shard-0001.bin");
            File.WriteAllBytes(shard, File.ReadAllBytes(shard)[..^10]);
            var e = Assert.Throws<InvalidDataException>(() => new ShardSet(dir));
            Assert.Contains("shard-0001.bin", e.Message);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Hard_examples_mined_with_the_reference_nets_label_a_face_of_multiface()
    {
        var weights = MtcnnWeights.Load(SharedData.ReferenceWeights);
        var image = ImageLoader.Load(SharedData.Require("images/multiface.jpg"));
        // One annotated face (shared/data/README.md); the others count as unannotated, i.e. they end up negative.
        var face = new FaceBox(855, 430, 105, 110);
        var miner = new HardExampleMiner(weights, NetKind.ONet, DetectorOptions.Default with { MinFaceSize = 60 });
        var found = new List<Sample>();
        miner.Generate(image, [face], found.Add);
        var positives = found.Where(s => s.Label == SampleLabel.Positive).ToList();
        Assert.NotEmpty(positives);
        Assert.Contains(found, s => s.Label == SampleLabel.Negative);
        Assert.All(found, s => Assert.Equal(3 * 48 * 48, s.Pixels.Length));
        // IoU ≥ 0.65 with the face bounds every offset of a positive.
        Assert.All(positives, p => Assert.All(p.Box, v => Assert.InRange(v, -0.5f, 0.5f)));
    }
}
