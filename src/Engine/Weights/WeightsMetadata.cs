namespace MtcnnCuda.Weights;

/// <summary>The keys of the "__metadata__" map of an MTCNN weights file and their accepted values.</summary>
public static class WeightsMetadata
{
    public const string Format = "format";
    public const string FormatValue = "mtcnn-cuda-weights";
    public const string FormatVersion = "format_version";
    public const string FormatVersionValue = "1";
    /// <summary>"RGB" or "BGR": the channel order the nets were trained on.</summary>
    public const string ChannelOrder = "channel_order";
    /// <summary>Input normalisation: x' = (x − pixel_mean) × pixel_scale.</summary>
    public const string PixelMean = "pixel_mean";
    public const string PixelScale = "pixel_scale";
    /// <summary>"nwhc" or "nchw", see <see cref="FlattenOrder"/>.</summary>
    public const string Flatten = "flatten";
    /// <summary>Where the weights came from (free text).</summary>
    public const string Provenance = "provenance";
    /// <summary>What the weights were trained on (free text).</summary>
    public const string TrainingData = "training_data";
}
