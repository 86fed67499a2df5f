namespace MtcnnCuda.Tools.Align;

/// <summary>Where and how <c>mtcnn align</c> / <c>mtcnn detect --align</c> write face crops.</summary>
internal sealed record AlignSettings(string OutputDirectory, AlignOptions Options, string TemplateName)
{
    public static readonly string[] TemplateNames = ["arcface112", "arcface96x112", "square"];

    /// <summary>Checks raw values; null (with <paramref name="errors"/> filled) when any is invalid.</summary>
    public static AlignSettings? Create(string? directory, string directoryOption, string? template, int? size, int margin, string optionPrefix, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(directory)) errors.Add($"{directoryOption} needs a directory.");
        else if (File.Exists(directory)) errors.Add($"'{directory}' is a file; the crops need a directory.");
        template ??= "arcface112";
        var kind = template switch
        {
            "arcface112" => AlignTemplate.ArcFace112,
            "arcface96x112" => AlignTemplate.ArcFace96x112,
            "square" => AlignTemplate.Square,
            _ => (AlignTemplate?)null,
        };
        if (kind is null) errors.Add($"--{optionPrefix}template must be one of {string.Join(", ", TemplateNames)}; got '{template}'.");
        var options = new AlignOptions
        {
            Template = kind ?? AlignTemplate.ArcFace112,
            Size = size ?? (kind == AlignTemplate.Square ? 160 : 112),
            Margin = margin,
            // A square crop is a resize of the (clamped) box: edge replication, as a resize of a cut-out reads.
            Border = kind == AlignTemplate.Square ? AlignBorder.Replicate : AlignBorder.Constant,
        };
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            errors.Add($"--{optionPrefix}size/--{optionPrefix}margin: {e.Message}");
        }
        return errors.Count > 0 ? null : new AlignSettings(directory!, options, template);
    }
}
