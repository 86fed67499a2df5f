namespace MtcnnCuda.Cuda;

/// <summary>A native CUDA library (driver or NVRTC) could not be loaded; the message lists every name tried.</summary>
public sealed class NativeLibraryNotFoundException : DllNotFoundException
{
    public NativeLibraryNotFoundException(string library, string overrideVariable, IReadOnlyList<string> tried, string? detail)
        : base(BuildMessage(library, overrideVariable, tried, detail))
    {
        Library = library;
        Tried = tried;
    }

    public string Library { get; }
    public IReadOnlyList<string> Tried { get; }

    private static string BuildMessage(string library, string variable, IReadOnlyList<string> tried, string? detail)
    {
        var message = $"The {library} library could not be loaded. Tried: {string.Join(", ", tried)}. " +
            $"Install it, or set {variable} to its full path.";
        return detail is null ? message : message + " " + detail;
    }
}
