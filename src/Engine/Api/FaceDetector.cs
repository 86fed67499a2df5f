using MtcnnCuda.Cpu;
using MtcnnCuda.Weights;

namespace MtcnnCuda;

/// <summary>
/// The MTCNN face detector: PNet → RNet → ONet over an image pyramid. Create it once (weights are validated and
/// prepared then) and call <see cref="Detect(ImageData)"/> for each image. <c>Detect</c> and <c>DetectBatch</c>
/// may be called from several threads at once; the CUDA backend runs concurrent calls on up to
/// <see cref="DetectorOptions.CudaStreams"/> streams and queues the rest.
/// </summary>
public sealed partial class FaceDetector : IDisposable
{
    private readonly IDetectorBackend _backend;
    private int _disposed;

    private FaceDetector(MtcnnWeights weights, DetectorOptions options)
    {
        options.Validate();
        Weights = weights;
        Options = options;
        _backend = CreateBackend(weights, options);
    }

    public MtcnnWeights Weights { get; }
    public DetectorOptions Options { get; }

    /// <summary>The backend actually running (Auto resolves to Cpu or Cuda).</summary>
    public Backend ActiveBackend => _backend.Kind;

    /// <summary>Loads weights from a safetensors file.</summary>
    /// <exception cref="WeightsFormatException">The file is unreadable, malformed or not MTCNN weights.</exception>
    public static FaceDetector Create(string weightsPath, DetectorOptions? options = null) =>
        new(MtcnnWeights.Load(weightsPath), options ?? DetectorOptions.Default);

    public static FaceDetector Create(Stream weights, DetectorOptions? options = null, string sourceName = "<stream>") =>
        new(MtcnnWeights.Load(weights, sourceName), options ?? DetectorOptions.Default);

    public static FaceDetector Create(MtcnnWeights weights, DetectorOptions? options = null) =>
        new(weights, options ?? DetectorOptions.Default);

    /// <summary>Uses the default model embedded in the engine (<see cref="EmbeddedModels.DefaultName"/>: the original MTCNN weights).</summary>
    /// <exception cref="InvalidOperationException">This build has no embedded default model.</exception>
    public static FaceDetector CreateDefault(DetectorOptions? options = null) =>
        new(MtcnnWeights.LoadEmbeddedDefault(), options ?? DetectorOptions.Default);

    /// <summary>Uses the embedded model called <paramref name="modelName"/>; <see cref="EmbeddedModels.Names"/> lists them.</summary>
    /// <exception cref="ArgumentException">No embedded model has that name (the message lists those that exist).</exception>
    public static FaceDetector CreateEmbedded(string modelName, DetectorOptions? options = null) =>
        new(EmbeddedModels.Load(modelName), options ?? DetectorOptions.Default);

    public IReadOnlyList<Face> Detect(ImageData image)
    {
        ThrowIfDisposed();
        return _backend.Detect(PixelView.From(image));
    }

    /// <summary>The core overload: raw pixels, no image library needed.</summary>
    public IReadOnlyList<Face> Detect(ReadOnlySpan<byte> pixels, int width, int height, int stride, PixelFormat format)
    {
        ThrowIfDisposed();
        return _backend.Detect(new PixelView(pixels, width, height, stride, format));
    }

    /// <summary>
    /// Detects faces in several images in one call. The CPU backend runs images in parallel on its workers; the CUDA
    /// backend runs them on up to <see cref="DetectorOptions.CudaStreams"/> streams at once, so one image's upload and
    /// kernels overlap another's (each image still runs its own launches).
    /// </summary>
    public IReadOnlyList<IReadOnlyList<Face>> DetectBatch(IReadOnlyList<ImageData> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        ThrowIfDisposed();
        foreach (var image in images) image.Validate();
        return _backend.DetectBatch(images);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0) _backend.Dispose();
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

    private static IDetectorBackend CreateBackend(MtcnnWeights weights, DetectorOptions options) => options.Backend switch
    {
        Backend.Cpu => new CpuBackend(weights, options),
        Backend.Cuda => new Backends.CudaBackend(weights, options),
        Backend.Auto => Backends.CudaBackend.IsAvailable ? new Backends.CudaBackend(weights, options) : new CpuBackend(weights, options),
        _ => throw new ArgumentOutOfRangeException(nameof(options), options.Backend, "Unknown backend."),
    };
}
