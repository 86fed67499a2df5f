using System.Reflection;
using System.Runtime.InteropServices;

namespace MtcnnCuda.Cuda;

/// <summary>
/// Finds a native library by trying an explicit override path (environment variable) first, then versioned
/// sonames (newest first), then the unversioned name. Unlike probing only <c>libcuda.so</c> (a dev-package
/// symlink, often absent at run time), this finds what drivers and runtime packages actually install.
/// The outcome is computed once per process; failure keeps the list of every name tried for the error.
/// </summary>
internal sealed class NativeLibraryProbe
{
    private readonly Lazy<IntPtr> _handle;
    private readonly List<string> _tried = [];
    private string? _failure;

    public NativeLibraryProbe(string displayName, string overrideVariable, IReadOnlyList<string> candidates)
    {
        DisplayName = displayName;
        OverrideVariable = overrideVariable;
        Candidates = candidates;
        _handle = new Lazy<IntPtr>(Load, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string DisplayName { get; }
    public string OverrideVariable { get; }
    public IReadOnlyList<string> Candidates { get; }

    /// <summary>The path or name that loaded, or null when nothing did.</summary>
    public string? LoadedFrom { get; private set; }

    public IntPtr Handle => _handle.Value;
    public bool IsLoaded => Handle != IntPtr.Zero;

    /// <summary>Every name tried, in order, with the loader's reason for the override path.</summary>
    public IReadOnlyList<string> Tried { get { _ = Handle; return _tried; } }

    public NativeLibraryNotFoundException CreateException() =>
        new(DisplayName, OverrideVariable, Tried, _failure);

    /// <summary>Throws <see cref="NativeLibraryNotFoundException"/> unless the library loaded.</summary>
    public IntPtr Require() => IsLoaded ? Handle : throw CreateException();

    private IntPtr Load()
    {
        var overridePath = Environment.GetEnvironmentVariable(OverrideVariable);
        if (!string.IsNullOrWhiteSpace(overridePath))
        {
            // An explicit override is authoritative: if it fails we report it instead of silently loading another copy.
            _tried.Add(overridePath);
            try
            {
                var h = NativeLibrary.Load(overridePath);
                LoadedFrom = overridePath;
                return h;
            }
            catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
            {
                _failure = $"{OverrideVariable}={overridePath} could not be loaded: {e.Message}";
                return IntPtr.Zero;
            }
        }
        foreach (var name in Candidates)
        {
            _tried.Add(name);
            if (NativeLibrary.TryLoad(name, out var h))
            {
                LoadedFrom = name;
                return h;
            }
        }
        return IntPtr.Zero;
    }
}

/// <summary>Routes the logical library names of the project's [LibraryImport]s to the probed handles.</summary>
internal static class NativeLibraryResolver
{
    private static int _installed;

    public static void EnsureInstalled()
    {
        if (Interlocked.Exchange(ref _installed, 1) != 0) return;
        NativeLibrary.SetDllImportResolver(typeof(NativeLibraryResolver).Assembly, Resolve);
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path) => name switch
    {
        CudaDriver.LibraryName => CudaDriver.Probe.Require(),
        NvrtcNative.LibraryName => NvrtcNative.Probe.Require(),
        _ => IntPtr.Zero,
    };
}
