namespace MtcnnCuda.Perf.Eval;

public enum Difficulty { Easy, Medium, Hard }

/// <summary>
/// Which faces count in the easy / medium / hard settings. The official split comes from per-face lists in
/// wider_easy_val.mat etc. (faces grouped by how well EdgeBox proposals found them); those files are not available
/// here, so this documented approximation from the annotations is used instead. A face never counts when it is
/// marked invalid or has an empty box. Otherwise, with h the box height in pixels:
///   easy:   h ≥ 50, blur ≠ heavy (2), occlusion ≠ heavy (2)
///   medium: h ≥ 30, occlusion ≠ heavy (2)
///   hard:   h ≥ 10
/// Faces that do not count are ignored, as in the official tool: a detection matching one is neither a true nor a
/// false positive. Numbers from this rule are not comparable digit for digit with published WIDER FACE tables.
/// </summary>
public static class WiderSubsets
{
    public static bool Counts(GtFace face, Difficulty difficulty)
    {
        if (face.Invalid || face.Box.W <= 0 || face.Box.H <= 0) return false;
        double h = face.Box.H;
        return difficulty switch
        {
            Difficulty.Easy => h >= 50 && face.Blur != 2 && face.Occlusion != 2,
            Difficulty.Medium => h >= 30 && face.Occlusion != 2,
            Difficulty.Hard => h >= 10,
            _ => throw new ArgumentOutOfRangeException(nameof(difficulty)),
        };
    }

    /// <summary>Faces count when valid; used for data sets without WIDER attributes (FDDB, single-face crops).</summary>
    public static bool CountsWhenValid(GtFace face) => !face.Invalid && face.Box.W > 0 && face.Box.H > 0;
}
