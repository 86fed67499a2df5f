using System.Runtime.InteropServices;
using static MtcnnCuda.Native.NativeErrors;

namespace MtcnnCuda.Native;

/// <summary>The C layout of <c>mtcnn_device_image</c> (mtcnn.h): an image in GPU memory and the producer's stream.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeDeviceImage
{
    public ulong Pointer;
    public int Width, Height, Stride, Format;
    public nint Stream;
}

/// <summary>
/// The input-path part of the C ABI: host memory registration (mtcnn_register_host / mtcnn_unregister_host) and
/// detection on device images (mtcnn_detect_device). Same rules as the rest of <see cref="NativeExports"/>.
/// </summary>
internal static unsafe partial class NativeExports
{
    private static readonly Dictionary<nint, HostMemoryRegistration> s_registrations = new();
    private static readonly Lock s_registrationsLock = new();
    private static long s_nextRegistration = 0x2000;

    [UnmanagedCallersOnly(EntryPoint = "mtcnn_register_host")]
    public static int RegisterHost(nint detector, void* pointer, nuint size, nint* registration)
    {
        try
        {
            if (registration == null) return Fail(NativeStatus.NullPointer, "registration (the output pointer) is NULL.");
            *registration = 0;
            if (pointer == null) return Fail(NativeStatus.NullPointer, "pointer is NULL.");
            if (size == 0 || size > long.MaxValue) return Fail(NativeStatus.InvalidArgument, $"size {size} is not a positive byte count.");
            if (!HandleTable.TryGet(detector, out var d)) return InvalidHandle(detector);
            var handle = d.RegisterHostMemory((nint)pointer, (long)size);
            lock (s_registrationsLock)
            {
                s_nextRegistration += 16;
                *registration = (nint)s_nextRegistration;
                s_registrations.Add(*registration, handle);
            }
            return Ok();
        }
        catch (Exception e)
        {
            return Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "mtcnn_unregister_host")]
    public static int UnregisterHost(nint registration)
    {
        try
        {
            if (registration == 0) return Ok();
            HostMemoryRegistration? handle;
            lock (s_registrationsLock) s_registrations.Remove(registration, out handle);
            if (handle is null)
                return Fail(NativeStatus.InvalidHandle, $"0x{registration:x} is not a live registration (unregistered twice, or never made).");
            handle.Dispose();
            return Ok();
        }
        catch (Exception e)
        {
            return Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "mtcnn_detect_device")]
    public static int DetectDevice(nint detector, NativeDeviceImage* image, NativeFace** faces, int* count)
    {
        try
        {
            if (faces == null) return Fail(NativeStatus.NullPointer, "faces (the output pointer) is NULL.");
            *faces = null;
            if (count == null) return Fail(NativeStatus.NullPointer, "count is NULL.");
            *count = 0;
            if (image == null) return Fail(NativeStatus.NullPointer, "image is NULL.");
            if (!HandleTable.TryGet(detector, out var d)) return InvalidHandle(detector);
            var i = *image;
            var found = d.DetectDevice(new DeviceImage(i.Pointer, i.Width, i.Height, i.Stride, (PixelFormat)i.Format) { Stream = i.Stream });
            *faces = Copy([found]);
            *count = found.Count;
            return Ok();
        }
        catch (Exception e)
        {
            return Fail(e);
        }
    }
}
