namespace MtcnnCuda.Imaging;

/// <summary>
/// An input that is missing, unreadable, or not a decodable image. <see cref="Reason"/> says which in words fit for
/// the user; the message adds the file name when the input was a file.
/// </summary>
public sealed class ImageDecodeException(string reason, string? fileName = null)
    : Exception(fileName is null ? reason : $"{fileName}: {reason}")
{
    public string Reason { get; } = reason;

    /// <summary>The file that failed, or null when bytes were decoded.</summary>
    public string? FileName { get; } = fileName;
}
