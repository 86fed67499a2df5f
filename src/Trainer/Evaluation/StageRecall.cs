using MtcnnCuda.Cpu;
using MtcnnCuda.Trainer.Data;
using MtcnnCuda.Weights;

namespace MtcnnCuda.Trainer.Evaluation;

/// <summary>Recall and candidate counts after each stage of the cascade over a set of annotated images.</summary>
public sealed record StageRecallResult(int Images, int Faces, int[] Found, long[] Candidates)
{
    public double Recall(int stage) => Faces == 0 ? double.NaN : Found[stage] / (double)Faces;
    public double CandidatesPerImage(int stage) => Images == 0 ? double.NaN : Candidates[stage] / (double)Images;
}

/// <summary>
/// What each stage loses: runs the engine's CPU cascade stage by stage and counts the annotated faces (of at least
/// <see cref="MinFace"/> pixels) that some surviving box still covers with IoU ≥ <see cref="MatchIoU"/> after PNet,
/// after RNet and after ONet. Compare weights on the same images and boxes (calibrated to the original weights'
/// convention), so the weakest stage shows.
/// </summary>
public sealed class StageRecall(MtcnnWeights weights, DetectorOptions options)
{
    public float MatchIoU { get; init; } = 0.5f;
    public float MinFace { get; init; } = 20;

    public StageRecallResult Run(string root, IReadOnlyList<AnnotatedImage> images, DataPreparation.Report? report = null)
    {
        using var backend = new CpuBackend(weights, options);
        var found = new int[3];
        var candidates = new long[3];
        int faces = 0, done = 0;
        foreach (var image in images)
        {
            var planar = ImageLoader.Load(Path.Combine(root, image.Path));
            var counted = image.Faces.Where(f => MathF.Max(f.W, f.H) >= MinFace).ToArray();
            faces += counted.Length;
            var afterP = backend.RunPNetStage(planar.Data, planar.Width, planar.Height);
            var afterR = afterP.Length == 0 ? afterP : backend.RunRNetStage(planar.Data, planar.Width, planar.Height, afterP);
            var afterO = afterR.Length == 0 ? [] : backend.RunONetStage(planar.Data, planar.Width, planar.Height, afterR);
            var stages = new[]
            {
                afterP.Select(c => new FaceBox(c.X1, c.Y1, c.X2 - c.X1, c.Y2 - c.Y1)).ToArray(),
                afterR.Select(c => new FaceBox(c.X1, c.Y1, c.X2 - c.X1, c.Y2 - c.Y1)).ToArray(),
                afterO.Select(f => new FaceBox(f.Box.X1, f.Box.Y1, f.Box.Width, f.Box.Height)).ToArray(),
            };
            for (int s = 0; s < 3; s++)
            {
                candidates[s] += stages[s].Length;
                found[s] += counted.Count(face => face.MaxIoU(stages[s]) >= MatchIoU);
            }
            report?.Invoke("stage recall", ++done, images.Count);
        }
        return new StageRecallResult(images.Count, faces, found, candidates);
    }
}
