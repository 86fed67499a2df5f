using System.Runtime.InteropServices;

namespace MtcnnCuda.Tests.Api;

/// <summary>
/// The input-path API on the CPU backend: pinned images and registrations work there too (ordinary memory, nothing
/// pinned) so host code runs on both backends; device images and CUDA stage times are refused with the reason.
/// </summary>
public sealed unsafe class InputPathTests
{
    private static FaceDetector Cpu() =>
        FaceDetector.Create(SharedData.ReferenceWeights, new DetectorOptions { Backend = Backend.Cpu, MinFaceSize = 24 });

    private static ImageData Photo() => TestImages.LoadRgb(SharedData.Require("images/multiface.jpg"));

    [Fact]
    public void A_pinned_image_on_the_cpu_backend_is_ordinary_memory_with_the_same_faces()
    {
        var photo = Photo();
        using var cpu = Cpu();
        using var image = cpu.AllocatePinnedImage(photo.Width, photo.Height, PixelFormat.Rgb24);
        Assert.False(image.IsPageLocked);
        Assert.Equal(photo.Stride, image.Stride);
        photo.Pixels.Span.CopyTo(image.Pixels);
        var expected = cpu.Detect(photo);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, cpu.Detect(image));
        Assert.Equal(expected, cpu.DetectBatch([image.AsImageData()])[0]);
        image.Dispose();
        Assert.Throws<ObjectDisposedException>(() => image.Pixels.Length);
    }

    [Fact]
    public void Registering_memory_on_the_cpu_backend_is_a_no_op_handle()
    {
        using var cpu = Cpu();
        var memory = NativeMemory.Alloc(256);
        try
        {
            using var registration = cpu.RegisterHostMemory((IntPtr)memory, 256);
            Assert.False(registration.IsPageLocked);
        }
        finally
        {
            NativeMemory.Free(memory);
        }
        Assert.Throws<ArgumentException>(() => cpu.RegisterHostMemory(IntPtr.Zero, 256));
        Assert.Throws<ArgumentException>(() => cpu.RegisterHostMemory(1024, 0));
    }

    [Fact]
    public void Device_images_and_stage_times_need_the_cuda_backend()
    {
        using var cpu = Cpu();
        var device = Assert.Throws<NotSupportedException>(() => cpu.DetectDevice(new DeviceImage(0x1000, 64, 64, 192, PixelFormat.Rgb24)));
        Assert.Contains("cannot read GPU memory", device.Message);
        var timed = Assert.Throws<NotSupportedException>(() => cpu.DetectWithStageTimes(Photo(), out _));
        Assert.Contains("CUDA events", timed.Message);
    }

    [Fact]
    public void Bad_pinned_image_shapes_are_refused()
    {
        using var cpu = Cpu();
        Assert.Contains("Stride 10 is smaller", Assert.Throws<ArgumentException>(() => cpu.AllocatePinnedImage(64, 64, PixelFormat.Rgb24, stride: 10)).Message);
        Assert.Throws<ArgumentException>(() => cpu.AllocatePinnedImage(0, 64, PixelFormat.Rgb24));
    }

    [Fact]
    public void CudaStreams_outside_its_range_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => FaceDetector.Create(SharedData.ReferenceWeights, new DetectorOptions { CudaStreams = 0 }));
        Assert.Contains("CudaStreams", e.Message);
    }
}
