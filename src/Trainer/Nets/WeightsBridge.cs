using System.Globalization;
using MtcnnCuda.Weights;
using static TorchSharp.torch;
using WTensor = MtcnnCuda.Weights.Tensor;

namespace MtcnnCuda.Trainer.Nets;

/// <summary>
/// Moves parameters between TorchSharp nets and the engine's <see cref="MtcnnWeights"/>. Names are the same on both
/// sides ("conv1.weight", "prelu1.weight", …; the file prefixes them with the net). The nets flatten in the "nwhc"
/// order of the original weights; files in "nchw" order have their first dense layer re-ordered on load.
/// </summary>
public static class WeightsBridge
{
    /// <summary>A net of this kind with the parameters of <paramref name="weights"/> (landmark head when the file has it).</summary>
    public static MtcnnNet CreateNet(MtcnnWeights weights, NetKind kind)
    {
        bool landmarks = kind switch
        {
            NetKind.PNet => weights.HasPNetLandmarks,
            NetKind.RNet => weights.HasRNetLandmarks,
            _ => true,
        };
        var net = MtcnnNet.Create(kind, landmarks);
        Load(net, weights);
        return net;
    }

    /// <summary>Copies every parameter of <paramref name="net"/> from the file; a parameter the file lacks is an error.</summary>
    public static void Load(MtcnnNet net, MtcnnWeights weights) => Load(net, weights.Tensors, weights.Flatten, weights.Source);

    /// <summary>
    /// Copies every parameter of <paramref name="net"/> from tensors named like the weights file ("rnet.conv1.weight");
    /// <paramref name="flatten"/> is the order the first dense layer's columns are stored in.
    /// </summary>
    public static void Load(MtcnnNet net, IReadOnlyDictionary<string, WTensor> tensors, FlattenOrder flatten, string source)
    {
        using var noGrad = no_grad();
        foreach (var (name, parameter) in net.named_parameters())
        {
            string fullName = $"{NetArchitecture.Prefix(net.Kind)}.{name}";
            if (!tensors.TryGetValue(fullName, out var stored))
                throw new WeightsFormatException(source, "is needed by the net but absent from the file.", fullName);
            float[] data = stored.Data;
            if (flatten == FlattenOrder.Nchw && IsFirstDense(net.Kind, name)) data = NchwToNwhc(net.Kind, data);
            long[] shape = Array.ConvertAll(stored.Shape, d => (long)d);
            if (!shape.SequenceEqual(parameter.shape))
                throw new WeightsFormatException(source,
                    $"shape [{string.Join(", ", shape)}] does not fit the net's [{string.Join(", ", parameter.shape)}].", fullName);
            using var value = tensor(data, shape, dtype: float32);
            parameter.copy_(value);
        }
    }

    /// <summary>The tensors of the three nets under their file names ("pnet.conv1.weight", …).</summary>
    public static Dictionary<string, WTensor> Parameters(params MtcnnNet[] nets)
    {
        var result = new Dictionary<string, WTensor>(StringComparer.Ordinal);
        foreach (var net in nets)
        {
            foreach (var (name, parameter) in net.named_parameters())
            {
                using var cpu = parameter.detach().cpu().contiguous();
                int[] shape = Array.ConvertAll(cpu.shape, d => checked((int)d));
                result[$"{NetArchitecture.Prefix(net.Kind)}.{name}"] = new WTensor(shape, cpu.data<float>().ToArray());
            }
        }
        return result;
    }

    /// <summary>
    /// The engine's weights object for trained nets, with the project's conventions written as metadata
    /// (RGB, (x − 127.5) × 0.0078125, nwhc flatten) and where the weights came from.
    /// </summary>
    public static MtcnnWeights Export(PNet pnet, RNet rnet, ONet onet, string provenance, string trainingData)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [WeightsMetadata.Format] = WeightsMetadata.FormatValue,
            [WeightsMetadata.FormatVersion] = WeightsMetadata.FormatVersionValue,
            [WeightsMetadata.ChannelOrder] = "RGB",
            [WeightsMetadata.PixelMean] = Normalisation.Mean.ToString("R", CultureInfo.InvariantCulture),
            [WeightsMetadata.PixelScale] = Normalisation.Scale.ToString("R", CultureInfo.InvariantCulture),
            [WeightsMetadata.Flatten] = "nwhc",
            [WeightsMetadata.Provenance] = provenance,
            [WeightsMetadata.TrainingData] = trainingData,
        };
        return new MtcnnWeights(Parameters(pnet, rnet, onet), metadata, "<trainer export>");
    }

    private static bool IsFirstDense(NetKind kind, string name) =>
        (kind == NetKind.RNet && name == "dense4.weight") || (kind == NetKind.ONet && name == "dense5.weight");

    /// <summary>Re-orders first-dense columns from a plain C×H×W flatten to the nets' W×H×C flatten.</summary>
    private static float[] NchwToNwhc(NetKind kind, float[] data)
    {
        var (c, h, w) = kind == NetKind.RNet ? (64, 3, 3) : (128, 3, 3);
        int inputs = c * h * w, outputs = data.Length / inputs;
        var result = new float[data.Length];
        for (int o = 0; o < outputs; o++)
            for (int ci = 0; ci < c; ci++)
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++)
                        result[o * inputs + (x * h + y) * c + ci] = data[o * inputs + (ci * h + y) * w + x];
        return result;
    }
}
