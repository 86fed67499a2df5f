namespace MtcnnCuda;

/// <summary>
/// Device time of each stage of one CUDA detection, in milliseconds, measured with CUDA events recorded around the
/// stage's work on the detector's stream; a timed call runs the cascade eagerly (not as the graph) so the events
/// fall between the stages, and <see cref="TotalMs"/> covers the whole call. The device-resident cascade runs
/// every stage, even on zero candidates; a stage a backend does not time is null. Asked for with
/// <see cref="FaceDetector.DetectWithStageTimes"/>; the default path records no events.
/// </summary>
/// <param name="UploadMs">Pixels to the device (the host copy into staging, for pageable pixels, comes before it).</param>
/// <param name="PNetMs">Planar conversion, pyramid and PNet on every level, up to the per-level counts.</param>
/// <param name="NmsMs">PNet's NMS: per level, then across levels (with regression and squaring).</param>
/// <param name="RNetMs">RNet crops, network, threshold and its NMS.</param>
/// <param name="ONetMs">ONet crops, network, threshold, landmarks and its NMS.</param>
/// <param name="DownloadMs">The final faces back to the host.</param>
/// <param name="TotalMs">From the first event to the last, host gaps included.</param>
public sealed record GpuStageTimes(double? UploadMs, double? PNetMs, double? NmsMs, double? RNetMs, double? ONetMs, double? DownloadMs, double TotalMs);
