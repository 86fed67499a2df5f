using MtcnnCuda.Cuda;

namespace MtcnnCuda.Backends;

/// <summary>The stages <see cref="StageEvents"/> times (the fields of <see cref="GpuStageTimes"/>).</summary>
internal enum CudaStage
{
    Upload,
    PNet,
    Nms,
    RNet,
    ONet,
    Download,
}

/// <summary>
/// A begin and an end event per stage, created once per detector lane and reused; recorded only while a caller
/// asked for stage times (the backend's hooks are no-ops otherwise).
/// </summary>
internal sealed class StageEvents : IDisposable
{
    private static readonly int Stages = Enum.GetValues<CudaStage>().Length;
    private readonly CudaEvent[] _begin, _end;
    private readonly bool[] _recorded;

    public StageEvents(CudaContext context)
    {
        _begin = new CudaEvent[Stages];
        _end = new CudaEvent[Stages];
        _recorded = new bool[Stages];
        for (int i = 0; i < Stages; i++)
        {
            _begin[i] = new CudaEvent(context);
            _end[i] = new CudaEvent(context);
        }
    }

    /// <summary>Forgets the previous call's records.</summary>
    public void Reset() => Array.Clear(_recorded);

    public void Begin(CudaStage stage, CudaStream stream) => _begin[(int)stage].Record(stream);

    public void End(CudaStage stage, CudaStream stream)
    {
        _end[(int)stage].Record(stream);
        _recorded[(int)stage] = true;
    }

    /// <summary>Reads the times; the stream must have been synchronised after the last record.</summary>
    public GpuStageTimes Read()
    {
        double? Ms(CudaStage s) => _recorded[(int)s] ? CudaEvent.ElapsedMilliseconds(_begin[(int)s], _end[(int)s]) : null;
        int first = Array.IndexOf(_recorded, true), last = Array.LastIndexOf(_recorded, true);
        double total = first < 0 ? 0 : CudaEvent.ElapsedMilliseconds(_begin[first], _end[last]);
        return new GpuStageTimes(Ms(CudaStage.Upload), Ms(CudaStage.PNet), Ms(CudaStage.Nms), Ms(CudaStage.RNet), Ms(CudaStage.ONet),
            Ms(CudaStage.Download), total);
    }

    public void Dispose()
    {
        foreach (var e in _begin) e.Dispose();
        foreach (var e in _end) e.Dispose();
    }
}
