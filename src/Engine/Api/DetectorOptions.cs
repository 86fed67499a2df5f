namespace MtcnnCuda;

/// <summary>How RNet/ONet crops that reach past the image edge are filled.</summary>
public enum EdgeMode
{
    /// <summary>Pixels outside the image are zero before normalisation (original MATLAB release).</summary>
    ZeroPad,
    /// <summary>The crop is clipped to the image and stretched (facenet-pytorch).</summary>
    Clip,
}

/// <summary>Cascade settings. Defaults are those of the paper and its reference implementations.</summary>
public sealed record DetectorOptions
{
    /// <summary>Smallest face side, in pixels, that the pyramid looks for (≥ 12).</summary>
    public float MinFaceSize { get; init; } = 20f;

    /// <summary>Pyramid scale step (0 &lt; f &lt; 1).</summary>
    public float ScaleFactor { get; init; } = 0.709f;

    /// <summary>Face-probability thresholds of PNet, RNet, ONet.</summary>
    public float PNetThreshold { get; init; } = 0.6f;
    public float RNetThreshold { get; init; } = 0.7f;
    public float ONetThreshold { get; init; } = 0.7f;

    /// <summary>IoU thresholds: PNet within one scale (Union), PNet across scales (Union), RNet (Union), ONet (Min).</summary>
    public float PNetScaleNms { get; init; } = 0.5f;
    public float PNetCrossScaleNms { get; init; } = 0.7f;
    public float RNetNms { get; init; } = 0.7f;
    public float ONetNms { get; init; } = 0.7f;

    public EdgeMode EdgeMode { get; init; } = EdgeMode.ZeroPad;

    /// <summary>Auto (the default everywhere: API, C ABI, CLI): CUDA when a usable GPU is present, else CPU.</summary>
    public Backend Backend { get; init; } = Backend.Auto;

    /// <summary>Worker threads of the CPU backend; 0 means all processors.</summary>
    public int CpuThreads { get; init; }

    /// <summary>CUDA device ordinal for <see cref="Backend.Cuda"/>.</summary>
    public int CudaDevice { get; init; }

    /// <summary>
    /// Streams (lanes) the CUDA backend may use at once: concurrent <c>Detect</c> calls and <c>DetectBatch</c> run on up
    /// to this many streams, each with its own workspace (created on first need). 1 serialises every call.
    /// </summary>
    public int CudaStreams { get; init; } = 2;

    /// <summary>Arithmetic of the CUDA backend's RNet/ONet convolutions (ignored by the CPU backend).</summary>
    public GpuPrecision GpuPrecision { get; init; } = GpuPrecision.Fp32;

    /// <summary>Candidate caps per stage (<see cref="Cascade.CandidateLimits"/>); internal so tests can lower them.</summary>
    internal Cascade.CandidateCaps Caps { get; init; } = Cascade.CandidateCaps.Default;

    public static DetectorOptions Default { get; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (!(MinFaceSize >= 12f) || !float.IsFinite(MinFaceSize))
            throw new ArgumentException($"MinFaceSize must be a finite number ≥ 12 (PNet's receptive field); got {MinFaceSize}.");
        if (!(ScaleFactor > 0.1f && ScaleFactor < 0.99f))
            throw new ArgumentException($"ScaleFactor must lie in (0.1, 0.99); got {ScaleFactor}.");
        CheckUnit(PNetThreshold, nameof(PNetThreshold));
        CheckUnit(RNetThreshold, nameof(RNetThreshold));
        CheckUnit(ONetThreshold, nameof(ONetThreshold));
        CheckUnit(PNetScaleNms, nameof(PNetScaleNms));
        CheckUnit(PNetCrossScaleNms, nameof(PNetCrossScaleNms));
        CheckUnit(RNetNms, nameof(RNetNms));
        CheckUnit(ONetNms, nameof(ONetNms));
        if (!Enum.IsDefined(EdgeMode)) throw new ArgumentException($"Unknown EdgeMode {(int)EdgeMode}.");
        if (!Enum.IsDefined(Backend)) throw new ArgumentException($"Unknown Backend {(int)Backend}.");
        if (!Enum.IsDefined(GpuPrecision)) throw new ArgumentException($"Unknown GpuPrecision {(int)GpuPrecision}.");
        if (CpuThreads < 0) throw new ArgumentException($"CpuThreads must be ≥ 0; got {CpuThreads}.");
        if (CudaDevice < 0) throw new ArgumentException($"CudaDevice must be ≥ 0; got {CudaDevice}.");
        if (CudaStreams is < 1 or > 16) throw new ArgumentException($"CudaStreams must lie in [1, 16]; got {CudaStreams}.");
        Caps.Validate();
    }

    private static void CheckUnit(float value, string name)
    {
        if (!(value >= 0f && value <= 1f))
            throw new ArgumentException($"{name} must lie in [0, 1]; got {value}.");
    }
}
