namespace MtcnnCuda.Trainer.Tests;

/// <summary>
/// Locates ../shared/data (research data that is never committed). Tests that need it call
/// <see cref="Require"/>, which skips with a stated reason when a fresh clone has no such folder.
/// </summary>
public static class SharedData
{
    public static string? Root { get; } = Find();

    private static string? Find()
    {
        var env = Environment.GetEnvironmentVariable("MTCNN_SHARED_DATA");
        if (!string.IsNullOrEmpty(env) && Directory.Exists(env)) return env;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data");
            if (dir.GetFiles("MtcnnCuda.sln").Length > 0)
            {
                var sibling = Path.Combine(dir.Parent?.FullName ?? dir.FullName, "shared", "data");
                return Directory.Exists(sibling) ? sibling : null;
            }
            if (Directory.Exists(candidate) && File.Exists(Path.Combine(candidate, "README.md"))) return candidate;
        }
        return null;
    }

    /// <summary>Full path of a file under shared/data; skips the test when it is absent.</summary>
    public static string Require(string relativePath)
    {
        Assert.SkipWhen(Root is null, "../shared/data is absent (research data is not part of the repository)");
        var path = Path.Combine(Root!, relativePath);
        Assert.SkipUnless(File.Exists(path), $"{relativePath} is absent from ../shared/data");
        return path;
    }

    public static string ReferenceWeights => Require("reference-weights/mtcnn-original.safetensors");
}
