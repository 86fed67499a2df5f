namespace MtcnnCuda.Trainer.Data;

/// <summary>
/// One whole-image detection source for sample generation: its images (paths relative to <see cref="Root"/>) with
/// calibrated face boxes, and whether every face in its images is annotated. Only complete sources give negatives:
/// in an incompletely annotated image an unannotated face would be taught as background.
/// </summary>
public sealed record DetectionSource(string Name, string Root, IReadOnlyList<AnnotatedImage> Images, bool CompleteAnnotation)
{
    /// <summary>The same source with <paramref name="calibration"/> applied to every box.</summary>
    public DetectionSource Calibrated(BoxCalibration calibration) =>
        this with { Images = Images.Select(calibration.Apply).ToArray() };

    public DetectionSource Take(int maxImages) =>
        maxImages > 0 && maxImages < Images.Count ? this with { Images = Images.Take(maxImages).ToArray() } : this;
}
