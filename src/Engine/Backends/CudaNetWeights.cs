using MtcnnCuda.Cuda;
using MtcnnCuda.Weights;

namespace MtcnnCuda.Backends;

/// <summary>
/// Device copies of every parameter the cascade uses, uploaded once. The first dense layers are uploaded with
/// columns in plain C×H×W order (<see cref="MtcnnWeights.FirstDenseWeightNchw"/>) so the conv output flattens as is.
/// </summary>
internal sealed class CudaNetWeights : IDisposable
{
    private readonly Dictionary<string, DeviceBuffer<float>> _buffers = new(StringComparer.Ordinal);

    public CudaNetWeights(CudaContext context, MtcnnWeights weights)
    {
        try
        {
            foreach (var (name, spec) in NetArchitecture.AllParameters())
            {
                if (!weights.Tensors.TryGetValue(name, out var tensor)) continue; // optional heads
                float[] data = name switch
                {
                    "rnet.dense4.weight" => weights.FirstDenseWeightNchw(NetKind.RNet),
                    "onet.dense5.weight" => weights.FirstDenseWeightNchw(NetKind.ONet),
                    _ => tensor.Data,
                };
                var buffer = new DeviceBuffer<float>(context, data.Length);
                _buffers[name] = buffer;
                buffer.CopyFrom(data);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Device pointer of a parameter by full name ("onet.conv2.weight").</summary>
    public ulong this[string fullName] => _buffers.TryGetValue(fullName, out var b)
        ? b.Pointer
        : throw new KeyNotFoundException($"No device copy of '{fullName}'.");

    public void Dispose()
    {
        foreach (var b in _buffers.Values) b.Dispose();
        _buffers.Clear();
    }
}
