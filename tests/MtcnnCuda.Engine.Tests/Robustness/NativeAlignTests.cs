using System.Runtime.InteropServices;
using MtcnnCuda.Native;
using MtcnnCuda.Tests.Align;

namespace MtcnnCuda.Tests.Robustness;

/// <summary>mtcnn_align through unmanaged function pointers, as C calls it: results equal the managed aligner; errors are statuses.</summary>
public sealed unsafe class NativeAlignTests
{
    private static int Align(nint detector, NativeImage* image, NativeFace* faces, int count, NativeAlignOptions* options, byte* output, nuint size)
    {
        delegate* unmanaged<nint, NativeImage*, NativeFace*, int, NativeAlignOptions*, byte*, nuint, int> f = &NativeAlignExports.Align;
        return f(detector, image, faces, count, options, output, size);
    }

    private static NativeAlignOptions Defaults()
    {
        delegate* unmanaged<NativeAlignOptions*, int> f = &NativeAlignExports.OptionsInit;
        NativeAlignOptions o;
        Assert.Equal(0, f(&o));
        return o;
    }

    [Fact]
    public void Layout_and_defaults_match_the_header()
    {
        Assert.Equal(36, sizeof(NativeAlignOptions));
        var o = Defaults();
        Assert.Equal((36u, 0, 112, 0, 0, 0, 127.5f, 1 / 128f), (o.StructSize, o.Kind, o.Size, o.Margin, o.Border, o.Output, o.Mean, o.Scale));
    }

    [Theory]
    [InlineData(0, 112, 0, 0)]
    [InlineData(2, 96, 12, 3)]
    public void Crops_equal_the_managed_aligner(int kind, int size, int margin, int output)
    {
        var image = AlignTestData.Image(160, 120, PixelFormat.Bgra32, padding: 8, seed: 21);
        var faces = AlignTestData.SeveralFaces(160, 120);
        var o = Defaults();
        (o.Kind, o.Size, o.Margin, o.Output) = (kind, size, margin, output);
        var expected = FaceAligner.Align(image, faces, o.ToOptions());
        var native = faces.Select(NativeFace.From).ToArray();
        var actual = new byte[expected.Data.Length];
        var weights = SaveWeights();
        Assert.Equal(0, NativeApi.CreateFromBuffer(weights, null, out var detector));
        try
        {
            fixed (byte* px = image.Pixels.Span)
            fixed (NativeFace* f = native)
            fixed (byte* outp = actual)
            {
                var img = new NativeImage { Pixels = px, Size = (nuint)image.Pixels.Length, Width = 160, Height = 120, Stride = image.Stride, Format = (int)image.Format };
                Assert.Equal(0, Align(detector, &img, f, faces.Length, &o, outp, (nuint)actual.Length));
                Assert.Equal(expected.Data, actual);

                Assert.Equal((int)NativeStatus.BufferTooSmall, Align(detector, &img, f, faces.Length, &o, outp, (nuint)actual.Length - 1));
                Assert.Contains("need", NativeApi.LastError());
                var bad = o;
                bad.StructSize = 4;
                Assert.Equal((int)NativeStatus.InvalidArgument, Align(detector, &img, f, faces.Length, &bad, outp, (nuint)actual.Length));
                Assert.Contains("struct_size", NativeApi.LastError());
                Assert.Equal((int)NativeStatus.NullPointer, Align(detector, null, f, faces.Length, &o, outp, (nuint)actual.Length));
                Assert.Equal((int)NativeStatus.InvalidHandle, Align(12345, &img, f, faces.Length, &o, outp, (nuint)actual.Length));
            }
        }
        finally
        {
            Assert.Equal(0, NativeApi.Free(detector));
        }
    }

    private static byte[] SaveWeights()
    {
        var path = Path.GetTempFileName();
        try
        {
            TestWeights.Random(3).Save(path);
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
