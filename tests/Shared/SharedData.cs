namespace MtcnnCuda.TestSupport;

/// <summary>
/// Shared by every test project (linked in by tests/Directory.Build.props). Locates ../shared/data (research data that is never committed). Tests that need it call <see cref="Require"/>,
/// which skips with a stated reason when a fresh clone has no such folder.
/// </summary>
public static class SharedData
{
    public static string? Root { get; } = Find();

    private static string? Find()
    {
        // MTCNN_SHARED_DATA, when set, is the only place looked at (set it to a missing path to test the skips).
        var env = Environment.GetEnvironmentVariable("MTCNN_SHARED_DATA");
        if (!string.IsNullOrEmpty(env)) return Directory.Exists(env) ? env : null;
        if (Repository.FindRoot() is not { } root) return null;
        var sibling = Path.Combine(Directory.GetParent(root)?.FullName ?? root, "shared", "data");
        return Directory.Exists(sibling) ? sibling : null;
    }

    public static string Require(string relativePath)
    {
        Assert.SkipWhen(Root is null, "../shared/data is absent (research data is not part of the repository)");
        var path = Path.Combine(Root!, relativePath);
        Assert.SkipUnless(File.Exists(path), $"{relativePath} is absent from ../shared/data");
        return path;
    }

    public static string ReferenceWeights => Require("reference-weights/mtcnn-original.safetensors");
    public static string Multiface => Require("images/multiface.jpg");
}
