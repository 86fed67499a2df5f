namespace MtcnnCuda.Trainer.Data;

/// <summary>
/// Random crops of a detection image labelled by their IoU with the annotated faces, as the seeds' gen_12net_data
/// does: negatives anywhere (IoU &lt; 0.3) and near each face, positives (IoU ≥ 0.65) and part faces (0.4 ≤ IoU &lt; 0.65)
/// from jittered copies of each face box. Faces smaller than <see cref="MinFace"/> pixels only count as "not negative".
/// </summary>
public sealed class DetectionSampleGenerator(int outputSize)
{
    public int RandomNegatives { get; init; } = 50;
    public int NegativesPerFace { get; init; } = 5;
    public int JittersPerFace { get; init; } = 20;
    public float MinFace { get; init; } = 20;

    public void Generate(PlanarRgb image, IReadOnlyList<FaceBox> faces, Random rng, Action<Sample> sink)
    {
        int w = image.Width, h = image.Height;
        int maxSide = Math.Min(w, h) / 2;
        if (maxSide > outputSize)
        {
            for (int tries = 0, made = 0; made < RandomNegatives && tries < RandomNegatives * 5; tries++)
            {
                int size = rng.Next(outputSize, maxSide + 1);
                int x = rng.Next(0, w - size + 1), y = rng.Next(0, h - size + 1);
                if (new FaceBox(x, y, size, size).MaxIoU(faces) >= 0.3f) continue;
                sink(new Sample { Label = SampleLabel.Negative, Pixels = Cropper.Crop(image, x, y, size, outputSize) });
                made++;
            }
        }
        foreach (var face in faces)
        {
            if (MathF.Max(face.W, face.H) < MinFace || face.X < 0 || face.Y < 0) continue;
            // Negatives that overlap the face a little: the hard ones for a 12×12 window.
            for (int i = 0; i < NegativesPerFace && maxSide > outputSize; i++)
            {
                int size = rng.Next(outputSize, maxSide + 1);
                int x = (int)face.X + rng.Next(-size, (int)face.W + 1), y = (int)face.Y + rng.Next(-size, (int)face.H + 1);
                if (x < 0 || y < 0 || x + size > w || y + size > h) continue;
                if (new FaceBox(x, y, size, size).MaxIoU(faces) >= 0.3f) continue;
                sink(new Sample { Label = SampleLabel.Negative, Pixels = Cropper.Crop(image, x, y, size, outputSize) });
            }
            for (int i = 0; i < JittersPerFace; i++)
            {
                int size = rng.Next((int)(MathF.Min(face.W, face.H) * 0.8f), (int)MathF.Ceiling(1.25f * MathF.Max(face.W, face.H)) + 1);
                if (size < outputSize / 2) continue;
                float dx = (float)(rng.NextDouble() * 0.4 - 0.2) * face.W, dy = (float)(rng.NextDouble() * 0.4 - 0.2) * face.H;
                int x = (int)MathF.Round(face.X + face.W / 2 + dx - size / 2f), y = (int)MathF.Round(face.Y + face.H / 2 + dy - size / 2f);
                if (x < 0 || y < 0 || x + size > w || y + size > h) continue;
                var crop = new FaceBox(x, y, size, size);
                float iou = crop.IoU(face);
                var label = iou >= 0.65f ? SampleLabel.Positive : iou >= 0.4f ? SampleLabel.Part : (SampleLabel?)null;
                if (label is null) continue;
                sink(new Sample { Label = label.Value, Pixels = Cropper.Crop(image, x, y, size, outputSize), Box = Sample.BoxOffsets(face, x, y, size) });
            }
        }
    }
}
