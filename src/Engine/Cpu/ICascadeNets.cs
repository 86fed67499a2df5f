namespace MtcnnCuda.Cpu;

/// <summary>
/// The three forward passes the host-side cascade needs. <see cref="CpuNets"/> is the engine's implementation;
/// a peer (e.g. libtorch through TorchSharp in the trainer) plugs in here to run exactly the same cascade.
/// </summary>
internal interface ICascadeNets
{
    /// <summary>
    /// True when pyramid levels may run concurrently (each then runs its layers serially). The CPU backend now runs
    /// levels one after another and lets each use the workers (<see cref="RunPNet"/> with parallel = true).
    /// </summary>
    bool ConcurrentLevels { get; }

    /// <summary>PNet on a 3×h×w normalised planar level; <paramref name="parallel"/> allows intra-level threads.</summary>
    PNetOutput RunPNet(float[] input, int h, int w, bool parallel);

    /// <summary>RNet on N normalised 3×24×24 planar crops laid out one after another.</summary>
    StageOutput RunRNet(float[] batch, int count);

    /// <summary>ONet on N normalised 3×48×48 planar crops laid out one after another.</summary>
    StageOutput RunONet(float[] batch, int count);
}
