using System.CommandLine;

namespace MtcnnCuda.Tools.Align;

/// <summary>
/// The crop options shared by <c>mtcnn align</c> (--out, --template, --size, --margin) and <c>mtcnn detect</c>
/// (the same with an "align-" prefix, and --align DIR for the directory).
/// </summary>
internal sealed class AlignCliOptions
{
    private readonly string _prefix;

    public AlignCliOptions(string prefix, string directoryOption)
    {
        _prefix = prefix;
        Directory = new Option<string?>(directoryOption)
        {
            HelpName = "DIR",
            Description = "Write one PNG per face (aligned crop) and index.json into DIR (created if needed).",
        };
        Template = new Option<string?>($"--{prefix}template")
        {
            HelpName = "NAME",
            Description = "arcface112 (five-point similarity onto the ArcFace template, default), arcface96x112, " +
                "or square (facenet-pytorch's box crop with margin, no rotation).",
        };
        Size = new Option<int?>($"--{prefix}size")
        {
            HelpName = "N",
            Description = "Crop height in pixels (default 112; 160 for square). ArcFace templates scale by N/112.",
        };
        Margin = new Option<int>($"--{prefix}margin")
        {
            HelpName = "M",
            Description = "square only: margin in output pixels around the box, as facenet-pytorch's margin.",
        };
    }

    public Option<string?> Directory { get; }
    public Option<string?> Template { get; }
    public Option<int?> Size { get; }
    public Option<int> Margin { get; }

    public IEnumerable<Option> All => [Directory, Template, Size, Margin];

    /// <summary>The validated settings, or null when no directory was given (then the other options must be absent).</summary>
    public AlignSettings? Bind(ParseResult parse, List<string> errors)
    {
        var directory = parse.GetValue(Directory);
        if (parse.GetResult(Directory) is null)
        {
            if (parse.GetResult(Template) is not null || parse.GetResult(Size) is not null || parse.GetResult(Margin) is not null)
                errors.Add($"--{_prefix}template/--{_prefix}size/--{_prefix}margin need {Directory.Name} DIR.");
            return null;
        }
        return AlignSettings.Create(directory, Directory.Name, parse.GetValue(Template), parse.GetValue(Size), parse.GetValue(Margin), _prefix, errors);
    }
}
