namespace MtcnnCuda.Trainer.Data;

/// <summary>
/// Landmark samples from a face with five points: the face box jittered in size and position (kept when IoU ≥ 0.65
/// with the face box), optionally rotated by a small angle and mirrored (left/right points swapped), the points
/// expressed relative to the crop (x1..x5 then y1..y5, 0..1 inside it).
/// </summary>
public sealed class LandmarkSampleGenerator(int outputSize)
{
    public int SamplesPerFace { get; init; } = 4;
    public float MaxRotationDegrees { get; init; } = 15;

    /// <summary>Point indices after a left-right mirror: the eyes and the mouth corners swap.</summary>
    private static readonly int[] MirrorOrder = [1, 0, 2, 4, 3];

    public void Generate(PlanarRgb image, LandmarkFace face, Random rng, Action<Sample> sink)
    {
        var box = face.Box;
        for (int made = 0, tries = 0; made < SamplesPerFace && tries < SamplesPerFace * 10; tries++)
        {
            // The first sample is the face box itself; the others are jittered.
            bool plain = made == 0 && tries == 0;
            int size = plain ? (int)MathF.Round(MathF.Max(box.W, box.H))
                : rng.Next((int)(MathF.Min(box.W, box.H) * 0.8f), (int)MathF.Ceiling(1.25f * MathF.Max(box.W, box.H)) + 1);
            if (size < outputSize / 2) continue;
            float dx = plain ? 0 : (float)(rng.NextDouble() * 0.2 - 0.1) * box.W;
            float dy = plain ? 0 : (float)(rng.NextDouble() * 0.2 - 0.1) * box.H;
            float cx = box.X + box.W / 2 + dx, cy = box.Y + box.H / 2 + dy;
            if (new FaceBox(cx - size / 2f, cy - size / 2f, size, size).IoU(box) < 0.65f) continue;
            bool mirror = !plain && rng.Next(2) == 1;
            float degrees = plain || rng.Next(2) == 0 ? 0 : (float)(rng.NextDouble() * 2 - 1) * MaxRotationDegrees;

            float rad = degrees * MathF.PI / 180f, cos = MathF.Cos(rad), sin = MathF.Sin(rad);
            var marks = new float[10];
            bool inside = true;
            for (int k = 0; k < 5; k++)
            {
                // Inverse of the sampling map: crop offset (u, v) = R(−θ)(p − c).
                float px = face.PointsX[k] - cx, py = face.PointsY[k] - cy;
                float u = cos * px + sin * py, v = -sin * px + cos * py;
                float rx = (u + size / 2f) / size, ry = (v + size / 2f) / size;
                if (mirror) rx = 1 - rx;
                int slot = mirror ? MirrorOrder[k] : k;
                marks[slot] = rx;
                marks[5 + slot] = ry;
                inside &= rx is >= 0 and <= 1 && ry is >= 0 and <= 1;
            }
            if (!inside) continue;
            sink(new Sample
            {
                Label = SampleLabel.Landmark,
                Pixels = Cropper.CropRotated(image, cx, cy, size, degrees, mirror, outputSize),
                Landmarks = marks,
            });
            made++;
        }
    }
}
