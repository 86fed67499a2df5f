using System.Runtime.InteropServices;
using System.Text;

namespace MtcnnCuda.Native;

/// <summary>
/// The thread-local message behind <c>mtcnn_last_error</c>: a NUL-terminated UTF-8 copy in native memory, so the
/// pointer handed to C stays valid (the GC never moves it) until the next call on the same thread replaces it.
/// </summary>
internal static unsafe class LastError
{
    [ThreadStatic] private static byte* t_message;
    [ThreadStatic] private static nuint t_capacity;

    // One process-wide empty string for threads that never failed (never freed, one byte).
    private static readonly byte* s_empty = (byte*)NativeMemory.AllocZeroed(1);

    public static byte* Pointer => t_message != null ? t_message : s_empty;

    public static void Clear()
    {
        if (t_message != null) t_message[0] = 0;
    }

    public static void Set(string message)
    {
        int length = Encoding.UTF8.GetByteCount(message);
        if (t_capacity < (nuint)length + 1)
        {
            var grown = (byte*)NativeMemory.Realloc(t_message, (nuint)length + 1);
            if (grown == null) return; // keep the old buffer; the status code still tells the failure
            t_message = grown;
            t_capacity = (nuint)length + 1;
        }
        int written = Encoding.UTF8.GetBytes(message, new Span<byte>(t_message, length));
        t_message[written] = 0;
    }
}
