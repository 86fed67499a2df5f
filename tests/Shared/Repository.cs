namespace MtcnnCuda.TestSupport;

/// <summary>The checkout the tests run from: the first folder above the test binaries that holds MtcnnCuda.sln.</summary>
public static class Repository
{
    /// <summary>The repository root, or null when the binaries do not lie inside a checkout.</summary>
    public static string? FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MtcnnCuda.sln"))) return dir.FullName;
        return null;
    }

    public static string Root => FindRoot() ?? throw new InvalidOperationException("MtcnnCuda.sln not found above " + AppContext.BaseDirectory);

    /// <summary>A path inside the repository, e.g. PathOf("models", "own", "onet.safetensors").</summary>
    public static string PathOf(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);
}
