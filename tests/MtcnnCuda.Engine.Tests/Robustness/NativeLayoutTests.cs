using System.Runtime.InteropServices;
using MtcnnCuda.Native;

namespace MtcnnCuda.Tests.Robustness;

/// <summary>The C# mirrors of mtcnn.h's structs have the sizes and offsets the C side asserts (tests/native/test_api.c).</summary>
public unsafe class NativeLayoutTests
{
    [Fact]
    public void Struct_layouts_match_the_header()
    {
        Assert.Equal(36, sizeof(NativeOptions));
        Assert.Equal(60, sizeof(NativeFace));
        Assert.Equal(32, sizeof(NativeImage));
        Assert.Equal(16, (int)Marshal.OffsetOf<NativeImage>(nameof(NativeImage.Width)));
        Assert.Equal(20, (int)Marshal.OffsetOf<NativeFace>("Landmarks"));
    }

    [Fact]
    public void Options_init_gives_the_managed_defaults()
    {
        var o = NativeApi.DefaultOptions();
        var d = DetectorOptions.Default;
        Assert.Equal((uint)sizeof(NativeOptions), o.StructSize);
        Assert.Equal((d.MinFaceSize, d.ScaleFactor, d.PNetThreshold, d.RNetThreshold, d.ONetThreshold, (int)d.Backend),
            (o.MinFaceSize, o.ScaleFactor, o.PNetThreshold, o.RNetThreshold, o.ONetThreshold, o.Backend));
    }
}
