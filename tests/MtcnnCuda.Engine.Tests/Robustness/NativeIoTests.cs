using System.Runtime.InteropServices;
using MtcnnCuda.Native;

namespace MtcnnCuda.Tests.Robustness;

/// <summary>
/// The input-path entry points of the C ABI (mtcnn_register_host, mtcnn_unregister_host, mtcnn_detect_device) on
/// the CPU backend, called through unmanaged function pointers as C calls them: statuses, messages, handle rules.
/// </summary>
public sealed unsafe class NativeIoTests
{
    private static int Register(nint detector, void* pointer, nuint size, nint* registration)
    {
        delegate* unmanaged<nint, void*, nuint, nint*, int> f = &NativeExports.RegisterHost;
        return f(detector, pointer, size, registration);
    }

    private static int Unregister(nint registration)
    {
        delegate* unmanaged<nint, int> f = &NativeExports.UnregisterHost;
        return f(registration);
    }

    private static int DetectDevice(nint detector, NativeDeviceImage* image, NativeFace** faces, int* count)
    {
        delegate* unmanaged<nint, NativeDeviceImage*, NativeFace**, int*, int> f = &NativeExports.DetectDevice;
        return f(detector, image, faces, count);
    }

    private static nint CpuDetector()
    {
        var options = NativeApi.DefaultOptions();
        options.Backend = (int)Backend.Cpu;
        Assert.Equal(0, NativeApi.CreateFromBuffer(File.ReadAllBytes(SharedData.ReferenceWeights), &options, out var detector));
        return detector;
    }

    [Fact]
    public void Device_image_layout_matches_the_header() => Assert.Equal(32, sizeof(NativeDeviceImage));

    [Fact]
    public void Registration_handles_follow_the_handle_rules()
    {
        var detector = CpuDetector();
        var memory = NativeMemory.Alloc(4096);
        try
        {
            nint registration = 123;
            Assert.Equal((int)NativeStatus.NullPointer, Register(detector, null, 4096, &registration));
            Assert.Equal(0, registration);
            Assert.Equal((int)NativeStatus.InvalidArgument, Register(detector, memory, 0, &registration));
            Assert.Equal((int)NativeStatus.InvalidHandle, Register(0, memory, 4096, &registration));
            Assert.Equal((int)NativeStatus.NullPointer, Register(detector, memory, 4096, null));
            Assert.Equal(0, Register(detector, memory, 4096, &registration));
            Assert.NotEqual(0, registration);
            Assert.Equal(0, Unregister(registration));
            Assert.Equal((int)NativeStatus.InvalidHandle, Unregister(registration));
            Assert.Contains("not a live registration", NativeApi.LastError());
            Assert.Equal(0, Unregister(0));
        }
        finally
        {
            NativeMemory.Free(memory);
            NativeApi.Free(detector);
        }
    }

    [Fact]
    public void Device_images_on_the_cpu_backend_are_unsupported_with_the_reason()
    {
        var detector = CpuDetector();
        try
        {
            var image = new NativeDeviceImage { Pointer = 0x10000, Width = 64, Height = 64, Stride = 192, Format = 0 };
            NativeFace* faces = (NativeFace*)1;
            int count = -1;
            Assert.Equal((int)NativeStatus.Unsupported, DetectDevice(detector, &image, &faces, &count));
            Assert.True(faces == null && count == 0, "outputs are reset before the failure");
            Assert.Contains("cannot read GPU memory", NativeApi.LastError());
            Assert.Equal((int)NativeStatus.NullPointer, DetectDevice(detector, null, &faces, &count));
            Assert.Equal((int)NativeStatus.InvalidHandle, DetectDevice(0, &image, &faces, &count));
        }
        finally
        {
            NativeApi.Free(detector);
        }
    }
}
