using System.Runtime.InteropServices;
using MtcnnCuda.Native;

namespace MtcnnCuda.Tests.Robustness;

/// <summary>
/// Calls the C ABI entry points (<see cref="NativeExports"/>) through unmanaged function pointers, exactly as C
/// does, without needing the NativeAOT build: the same code runs under the JIT in these tests.
/// </summary>
internal static unsafe class NativeApi
{
    public static int CreateFromBuffer(byte[] weights, NativeOptions* options, out nint detector)
    {
        delegate* unmanaged<byte*, nuint, NativeOptions*, nint*, int> f = &NativeExports.CreateFromBuffer;
        nint d;
        int status;
        fixed (byte* p = weights) status = f(p, (nuint)weights.Length, options, &d);
        detector = d;
        return status;
    }

    public static NativeOptions DefaultOptions()
    {
        delegate* unmanaged<NativeOptions*, int> f = &NativeExports.OptionsInit;
        NativeOptions o;
        Assert.Equal(0, f(&o));
        return o;
    }

    public static int Detect(nint detector, NativeImage* image, NativeFace* faces, int capacity, int* count)
    {
        delegate* unmanaged<nint, NativeImage*, NativeFace*, int, int*, int> f = &NativeExports.Detect;
        return f(detector, image, faces, capacity, count);
    }

    public static int DetectAlloc(nint detector, NativeImage* image, NativeFace** faces, int* count)
    {
        delegate* unmanaged<nint, NativeImage*, NativeFace**, int*, int> f = &NativeExports.DetectAlloc;
        return f(detector, image, faces, count);
    }

    public static void FacesFree(NativeFace* faces)
    {
        delegate* unmanaged<NativeFace*, void> f = &NativeExports.FacesFree;
        f(faces);
    }

    public static int Free(nint detector)
    {
        delegate* unmanaged<nint, int> f = &NativeExports.DetectorFree;
        return f(detector);
    }

    public static string LastError()
    {
        delegate* unmanaged<byte*> f = &NativeExports.MtcnnLastError;
        return Marshal.PtrToStringUTF8((nint)f())!;
    }
}
