namespace MtcnnCuda.Weights;

/// <summary>A weights file that is malformed or does not match the MTCNN networks. The message names the file and, where one is at fault, the tensor.</summary>
public sealed class WeightsFormatException : Exception
{
    public WeightsFormatException(string source, string message, string? tensor = null)
        : base(tensor is null ? $"{source}: {message}" : $"{source}: tensor '{tensor}': {message}")
    {
        Source = source;
        Tensor = tensor;
    }

    /// <summary>The file path or stream description the error is about.</summary>
    public new string Source { get; }

    /// <summary>The tensor at fault, when the error is about one.</summary>
    public string? Tensor { get; }
}
