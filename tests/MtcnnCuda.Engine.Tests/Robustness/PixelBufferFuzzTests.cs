using System.Runtime.InteropServices;
using MtcnnCuda.Native;

namespace MtcnnCuda.Tests.Robustness;

/// <summary>
/// Random image descriptors (sizes, strides, formats, buffer sizes, NULLs) against the C entry point and the managed
/// core overload. An independent oracle decides validity; the library must agree: valid → faces, invalid →
/// the documented status / ArgumentException, and never a read outside the buffer it was told about (buffers are
/// allocated at exactly the claimed size, so the claim is never larger than what exists unless the descriptor
/// is invalid for another reason the library must notice first).
/// </summary>
public unsafe class PixelBufferFuzzTests
{
    private static readonly int[] Sides = [-1, 0, 1, 11, 12, 13, 24, 47, 64, 32769, 40000, int.MaxValue, int.MinValue];
    private const long MaxAllocated = 1 << 20;

    private static int Bpp(int format) => format is 0 or 1 ? 3 : 4;

    /// <summary>Bytes the descriptor covers, or −1 when the library must refuse it (independent of ImageData).</summary>
    private static long Needed(int width, int height, int stride, int format)
    {
        if (format is < 0 or > 3 || width <= 0 || height <= 0 || width > 32768 || height > 32768 || (long)width * height > 1L << 28) return -1;
        long row = (long)width * Bpp(format);
        if (stride < row) return -1;
        return (long)stride * (height - 1) + row;
    }

    private record struct Descriptor(int Width, int Height, int Stride, int Format, ulong Size, bool NullPixels);

    private static Descriptor Random(Random r)
    {
        int width = r.Next(3) == 0 ? Sides[r.Next(Sides.Length)] : r.Next(1, 65);
        int height = r.Next(3) == 0 ? Sides[r.Next(Sides.Length)] : r.Next(1, 65);
        int format = r.Next(10) == 0 ? new[] { -1, 4, 255, int.MinValue }[r.Next(4)] : r.Next(4);
        long row = (long)width * Bpp(format);
        long stride = r.Next(6) switch
        {
            0 => row - 1,
            1 => row + r.Next(1, 17),
            2 => new long[] { 0, -1, -row, 1 << 20, 1 << 30, int.MaxValue }[r.Next(6)],
            _ => row,
        };
        int s = (int)Math.Clamp(stride, int.MinValue, int.MaxValue);
        long needed = Needed(width, height, s, format);
        ulong size;
        if (needed >= 0 && needed <= MaxAllocated)
            size = (ulong)Math.Max(0, needed + r.Next(4) switch { 0 => -1, 1 => r.Next(1, 9), _ => 0 });
        else if (needed > int.MaxValue)
            size = r.Next(2) == 0 ? ulong.MaxValue : (ulong)needed; // must be refused without reading
        else if (needed > MaxAllocated)
            size = (ulong)(needed - 1); // too big to allocate here: only ever claim less than needed
        else
            size = (ulong)r.Next(0, 4096);
        return new Descriptor(width, height, s, format, size, r.Next(40) == 0);
    }

    [Fact]
    public void C_entry_point_agrees_with_the_oracle_on_random_descriptors()
    {
        var options = NativeApi.DefaultOptions();
        options.MinFaceSize = 12f;
        Assert.Equal(0, NativeApi.CreateFromBuffer(RandomWeights.CreateFile(3), &options, out nint detector));
        var r = new Random(Budget.Seed);
        int valid = 0, iterations = Budget.Scale(1500);
        var faces = stackalloc NativeFace[4];
        try
        {
            for (int i = 0; i < iterations; i++)
            {
                var d = Random(r);
                long needed = Needed(d.Width, d.Height, d.Stride, d.Format);
                bool expectValid = !d.NullPixels && needed >= 0 && (ulong)needed <= d.Size && needed <= int.MaxValue;
                nuint allocated = (nuint)Math.Min(d.Size, (ulong)MaxAllocated);
                var pixels = (byte*)NativeMemory.Alloc(Math.Max(allocated, 1));
                new Span<byte>(pixels, (int)allocated).Fill((byte)i);
                var image = new NativeImage
                {
                    Pixels = d.NullPixels ? null : pixels, Size = (nuint)d.Size, Width = d.Width, Height = d.Height, Stride = d.Stride, Format = d.Format,
                };
                int count = -1;
                int capacity = r.Next(5);
                int status = NativeApi.Detect(detector, &image, faces, capacity, &count);
                NativeMemory.Free(pixels);
                string context = $"#{i} (seed {Budget.Seed}) {d}: status {status}, {NativeApi.LastError()}";
                if (expectValid)
                {
                    valid++;
                    Assert.True(status == (int)NativeStatus.Ok || (status == (int)NativeStatus.BufferTooSmall && count > capacity), context);
                    Assert.True(count >= 0, context);
                    for (int k = 0; k < Math.Min(count, capacity); k++) Assert.True(float.IsFinite(faces[k].Confidence), context);
                }
                else
                {
                    var expected = d.NullPixels ? NativeStatus.NullPointer : NativeStatus.InvalidArgument;
                    Assert.True(status == (int)expected, context);
                    Assert.Equal(0, count);
                    Assert.NotEqual("", NativeApi.LastError());
                }
            }
        }
        finally
        {
            NativeApi.Free(detector);
        }
        TestContext.Current.TestOutputHelper?.WriteLine($"{iterations} descriptors, {valid} valid");
        Assert.InRange(valid, iterations / 10, iterations - iterations / 10);
    }

    [Fact]
    public void Managed_core_overload_throws_only_ArgumentException_on_random_descriptors()
    {
        using var detector = FaceDetector.Create(RandomWeights.Create(3), DetectorOptions.Default with { MinFaceSize = 12f });
        var r = new Random(Budget.Seed + 1);
        int iterations = Budget.Scale(800), valid = 0;
        for (int i = 0; i < iterations; i++)
        {
            var d = Random(r);
            long needed = Needed(d.Width, d.Height, d.Stride, d.Format);
            var buffer = new byte[Math.Min(d.Size, (ulong)MaxAllocated)];
            bool expectValid = needed >= 0 && needed <= buffer.Length;
            try
            {
                detector.Detect(buffer, d.Width, d.Height, d.Stride, (PixelFormat)d.Format);
                Assert.True(expectValid, $"#{i} {d}: accepted an invalid descriptor");
                valid++;
            }
            catch (ArgumentException e)
            {
                Assert.False(expectValid, $"#{i} {d}: refused a valid descriptor: {e.Message}");
            }
        }
        TestContext.Current.TestOutputHelper?.WriteLine($"{iterations} descriptors, {valid} valid");
    }
}
