using System.Collections.Concurrent;
using System.Reflection;

namespace MtcnnCuda.Cuda;

/// <summary>
/// The CUDA C sources embedded in the engine (kernels/*.cu, *.cuh as resources MtcnnCuda.Kernels.&lt;file&gt;) and a
/// per-process cache of their compiled images keyed by (file, target), so each architecture compiles once.
/// </summary>
public static class KernelSources
{
    private const string Prefix = "MtcnnCuda.Kernels.";
    private static readonly Assembly Engine = typeof(KernelSources).Assembly;
    private static readonly ConcurrentDictionary<(string File, string Target), Lazy<CompiledKernel>> Cache = new();
    private static readonly Lazy<IReadOnlyDictionary<string, string>> HeaderMap = new(() =>
        Engine.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(".cuh", StringComparison.Ordinal))
            .ToDictionary(n => n[Prefix.Length..], Read));

    /// <summary>File names (e.g. pnet_fused.cu) of every embedded kernel source.</summary>
    public static IReadOnlyList<string> KernelFiles { get; } = Engine.GetManifestResourceNames()
        .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(".cu", StringComparison.Ordinal))
        .Select(n => n[Prefix.Length..]).Order(StringComparer.Ordinal).ToArray();

    /// <summary>The shared headers (*.cuh) by include name.</summary>
    public static IReadOnlyDictionary<string, string> Headers => HeaderMap.Value;

    public static string Source(string file)
    {
        using var stream = Engine.GetManifestResourceStream(Prefix + file)
            ?? throw new ArgumentException($"No embedded kernel source named '{file}'.", nameof(file));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static string Read(string resource)
    {
        using var stream = Engine.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Compiles a kernel file for a target, once per process.</summary>
    public static CompiledKernel Compiled(string file, string target) =>
        Cache.GetOrAdd((file, target), key => new Lazy<CompiledKernel>(
            () => RuntimeCompiler.Compile(Source(key.File), key.File, key.Target, Headers))).Value;
}
