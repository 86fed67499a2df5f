using MtcnnCuda.Weights;

namespace MtcnnCuda.Native;

/// <summary>Turns failures into a status code plus the thread-local message; nothing may unwind into C.</summary>
internal static class NativeErrors
{
    public static int Fail(NativeStatus status, string message)
    {
        LastError.Set(message);
        return (int)status;
    }

    public static int Fail(Exception e) => e switch
    {
        WeightsFormatException => Fail(NativeStatus.WeightsFormat, e.Message),
        ObjectDisposedException => Fail(NativeStatus.InvalidHandle, "the detector was freed while in use."),
        ArgumentNullException n => Fail(NativeStatus.NullPointer, $"{n.ParamName} is NULL."),
        ArgumentException => Fail(NativeStatus.InvalidArgument, e.Message),
        NotSupportedException => Fail(NativeStatus.Unsupported, e.Message),
        OutOfMemoryException => Fail(NativeStatus.OutOfMemory, "out of memory: " + e.Message),
        _ => Fail(NativeStatus.Internal, $"internal error ({e.GetType().Name}): {e.Message}"),
    };

    public static int Ok()
    {
        LastError.Clear();
        return (int)NativeStatus.Ok;
    }
}
