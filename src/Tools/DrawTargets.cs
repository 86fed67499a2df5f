namespace MtcnnCuda.Tools;

/// <summary>
/// Where <c>--draw OUT</c> writes each annotated image. One input: OUT is the output file (.png/.jpg/.jpeg),
/// or an existing directory / a path ending in '/'. Several inputs: OUT is a directory (created if needed) and
/// each drawing is named after its input (same extension when it is .png/.jpg/.jpeg, otherwise .png).
/// Nothing is created silently beyond that one directory: a missing parent folder, or an image file name given
/// for several inputs, is a usage error.
/// </summary>
internal sealed class DrawTargets
{
    private readonly Dictionary<string, string> _byInput;

    private DrawTargets(Dictionary<string, string> byInput) => _byInput = byInput;

    public string For(string input) => _byInput[input];

    public static DrawTargets? Create(string output, IReadOnlyList<string> inputs, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(output))
        {
            errors.Add("--draw needs an output file or directory.");
            return null;
        }
        bool endsWithSeparator = output.EndsWith('/') || output.EndsWith(Path.DirectorySeparatorChar);
        bool directoryMode = inputs.Count > 1 || Directory.Exists(output) || endsWithSeparator;
        var map = new Dictionary<string, string>(StringComparer.Ordinal);

        if (inputs.Count > 1 && !Directory.Exists(output) && !endsWithSeparator && FaceDrawer.FormatFor(output) is not null && !File.Exists(output))
        {
            errors.Add($"--draw '{output}' names an image file, but {inputs.Count} images were given: give a directory " +
                $"(e.g. --draw {Path.ChangeExtension(output, null)}/) to draw each image into it.");
            return null;
        }
        string folder = directoryMode ? output.TrimEnd('/', Path.DirectorySeparatorChar) : output;
        string? parent = Path.GetDirectoryName(Path.GetFullPath(folder.Length == 0 ? "/" : folder));
        if ((!directoryMode || !Directory.Exists(output)) && parent is not null && !Directory.Exists(parent))
        {
            errors.Add(File.Exists(parent)
                ? $"--draw: '{parent}' is a file, not a folder."
                : $"--draw: the folder '{parent}' does not exist; create it first (--draw creates no parent folders).");
            return null;
        }

        if (!directoryMode)
        {
            if (FaceDrawer.FormatFor(output) is null)
            {
                errors.Add($"--draw: cannot tell the image format of '{output}'; use a .png, .jpg or .jpeg file name (or a directory).");
                return null;
            }
            map[inputs[0]] = output;
        }
        else
        {
            if (File.Exists(output))
            {
                errors.Add($"--draw: with several images OUT must be a directory, but '{output}' is a file.");
                return null;
            }
            var taken = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var input in inputs.Distinct(StringComparer.Ordinal))
            {
                var ext = FaceDrawer.FormatFor(input) is null ? ".png" : Path.GetExtension(input);
                var target = Path.Combine(output, Path.GetFileNameWithoutExtension(input) + ext);
                if (taken.TryGetValue(target, out var other))
                {
                    errors.Add($"--draw: '{input}' and '{other}' would both be drawn to '{target}'; draw them in separate runs.");
                    return null;
                }
                taken[target] = input;
                map[input] = target;
            }
        }

        foreach (var (input, target) in map)
        {
            if (string.Equals(Path.GetFullPath(input), Path.GetFullPath(target), StringComparison.Ordinal))
            {
                errors.Add($"--draw would overwrite the input '{input}'; choose another output.");
                return null;
            }
        }
        return new DrawTargets(map);
    }

    /// <summary>A plain reason for a failed write (.NET says "Could not find file" when a folder refuses new files).</summary>
    public static string DescribeWriteFailure(Exception e, string target) => e switch
    {
        UnauthorizedAccessException => "permission denied",
        DirectoryNotFoundException => $"the folder '{Path.GetDirectoryName(Path.GetFullPath(target))}' does not exist",
        FileNotFoundException => $"the file cannot be created there (the folder '{Path.GetDirectoryName(Path.GetFullPath(target))}' " +
            "does not accept new files, or a part of the path is not a folder)",
        _ => e.Message,
    };
}
