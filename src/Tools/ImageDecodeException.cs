namespace MtcnnCuda.Tools;

/// <summary>An input file that is missing, unreadable, or not a decodable image; the message says which.</summary>
internal sealed class ImageDecodeException(string message) : Exception(message);
