using System.Runtime.InteropServices;
using MtcnnCuda.Weights;
using static MtcnnCuda.Native.NativeErrors;

namespace MtcnnCuda.Native;

/// <summary>The C ABI for the models embedded in the library (models/NAME.safetensors, see <see cref="EmbeddedModels"/>).</summary>
internal static unsafe partial class NativeExports
{
    [UnmanagedCallersOnly(EntryPoint = "mtcnn_detector_create_named")]
    public static int CreateNamed(byte* name, NativeOptions* options, nint* detector)
    {
        try
        {
            if (detector == null) return Fail(NativeStatus.NullPointer, "detector (the output pointer) is NULL.");
            *detector = 0;
            if (name == null) return Fail(NativeStatus.NullPointer, "name is NULL.");
            string model = Marshal.PtrToStringUTF8((nint)name)!;
            var opts = ToOptions(options);
            // An unknown name is an ArgumentException listing the embedded models: MTCNN_ERROR_INVALID_ARGUMENT.
            *detector = HandleTable.Add(FaceDetector.Create(EmbeddedModels.Load(model), opts));
            return Ok();
        }
        catch (Exception e)
        {
            return Fail(e);
        }
    }

    /// <summary>The embedded model names, comma-separated, in static storage (the list never changes at run time).</summary>
    [UnmanagedCallersOnly(EntryPoint = "mtcnn_model_names")]
    public static byte* ModelNames() => ModelNamesUtf8;

    private static readonly byte* ModelNamesUtf8 = AllocUtf8(string.Join(",", EmbeddedModels.Names));

    private static byte* AllocUtf8(string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text + "\0");
        var memory = (byte*)NativeMemory.Alloc((nuint)bytes.Length);
        bytes.CopyTo(new Span<byte>(memory, bytes.Length));
        return memory;
    }
}
