using System.Reflection;

namespace MtcnnCuda;

/// <summary>
/// The project's version ("major.minor.patch", set once as &lt;Version&gt; in Directory.Build.props), as the engine
/// assembly carries it: what `mtcnn --version` and the C library's mtcnn_version() report.
/// </summary>
public static class LibraryVersion
{
    public static string Text { get; } = Read();

    private static string Read()
    {
        var informational = typeof(LibraryVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (string.IsNullOrEmpty(informational)) return typeof(LibraryVersion).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        int plus = informational.IndexOf('+');
        return plus < 0 ? informational : informational[..plus]; // drop the "+<commit>" source-revision suffix
    }
}
