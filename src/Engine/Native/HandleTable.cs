namespace MtcnnCuda.Native;

/// <summary>
/// Maps the opaque <c>mtcnn_detector*</c> values handed to C to detectors. Handles are never reused, so a stale,
/// double-freed or made-up pointer is reported as an invalid handle instead of crashing the process (which a
/// raw GCHandle would do).
/// </summary>
internal static class HandleTable
{
    private static readonly Dictionary<nint, FaceDetector> s_detectors = new();
    private static readonly Lock s_lock = new();
    private static long s_next = 0x1000;

    public static nint Add(FaceDetector detector)
    {
        lock (s_lock)
        {
            // Steps of 16 keep handles pointer-aligned, so they look like pointers to C debuggers and sanitizers.
            s_next += 16;
            var handle = (nint)s_next;
            s_detectors.Add(handle, detector);
            return handle;
        }
    }

    public static bool TryGet(nint handle, out FaceDetector detector)
    {
        lock (s_lock) return s_detectors.TryGetValue(handle, out detector!);
    }

    public static bool TryRemove(nint handle, out FaceDetector detector)
    {
        lock (s_lock) return s_detectors.Remove(handle, out detector!);
    }

    public static int Count
    {
        get { lock (s_lock) return s_detectors.Count; }
    }
}
