namespace MtcnnCuda;

/// <summary>A cascade implementation behind <see cref="FaceDetector"/>; created with fixed weights and options.</summary>
internal interface IDetectorBackend : IDisposable
{
    Backend Kind { get; }

    /// <summary>Detects faces; must be safe to call from several threads at once (a backend may serialise internally).</summary>
    Face[] Detect(PixelView image);

    /// <summary>Detects faces in several images; result i belongs to image i.</summary>
    Face[][] DetectBatch(IReadOnlyList<ImageData> images);
}
