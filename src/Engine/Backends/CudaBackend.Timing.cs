using MtcnnCuda.Cuda;

namespace MtcnnCuda.Backends;

/// <summary>
/// Per-stage CUDA-event timing, on request only: <see cref="DetectWithStageTimes"/> arms the hooks for one call;
/// in every other call <see cref="BeginStage"/> and <see cref="EndStage"/> see no recorder and do nothing.
/// </summary>
internal sealed partial class CudaBackend
{
    private StageEvents? _stageEvents;
    private bool _timing;

    /// <summary>True once a timed call created this lane's events (the default path never does).</summary>
    internal bool HasStageEvents => _stageEvents is not null;

    /// <summary>Detects like <see cref="Detect"/> and reads the stage times from events recorded around each stage.</summary>
    public Face[] DetectWithStageTimes(PixelView image, out GpuStageTimes times)
    {
        lock (_gate)
        {
            using var current = EnterDevice();
            try
            {
                var events = _stageEvents ??= new StageEvents(_context);
                events.Reset();
                _timing = true;
                Face[] faces;
                try
                {
                    faces = DetectLocked(image);
                }
                finally
                {
                    _timing = false;
                }
                _stream.Synchronize(); // an early return may leave the last records queued
                times = events.Read();
                return faces;
            }
            catch (CudaException e) when (e.IsSticky)
            {
                MarkBroken(e);
                throw;
            }
        }
    }

    /// <summary>Hook in the cascade: records the stage's begin event when timing was asked for.</summary>
    private void BeginStage(CudaStage stage)
    {
        if (_timing) _stageEvents!.Begin(stage, _stream);
    }

    /// <summary>Hook in the cascade: records the stage's end event when timing was asked for.</summary>
    private void EndStage(CudaStage stage)
    {
        if (_timing) _stageEvents!.End(stage, _stream);
    }
}
