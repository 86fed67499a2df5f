using System.Buffers.Binary;
using System.Text;
using MtcnnCuda.Weights;

namespace MtcnnCuda.Tests.Robustness;

/// <summary>The hostile headers the fuzzer found (or that motivated a fix), as fixed regression cases.</summary>
public class SafeTensorsHostileTests
{
    private static byte[] File(string header, int dataBytes)
    {
        var text = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + text.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)text.Length);
        text.CopyTo(bytes, 8);
        return bytes;
    }

    private static (WeightsFormatException Error, long Allocated) Load(byte[] bytes, bool seekable)
    {
        Stream stream = seekable ? new MemoryStream(bytes) : new BufferedStream(new NonSeekable(bytes), 4096);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<WeightsFormatException>(() => SafeTensorsFile.Read(stream, "hostile"));
        return (e, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_header_claiming_200_MB_in_a_tiny_file_allocates_little(bool seekable)
    {
        const long claimed = 200L << 20;
        var (e, allocated) = Load(File($"{{\"a\":{{\"dtype\":\"F32\",\"shape\":[{claimed / 4096},1024],\"data_offsets\":[0,{claimed}]}}}}", 64), seekable);
        Assert.Contains("truncated", e.Message);
        Assert.True(allocated < 8L << 20, $"allocated {allocated / 1e6:F1} MB");
    }

    [Fact]
    public void Duplicate_names_are_rejected()
    {
        var (e, _) = Load(File("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8), true);
        Assert.Contains("more than once", e.Message);
    }

    [Fact]
    public void Overlapping_ranges_are_rejected()
    {
        // Thousands of aliases of one range would otherwise copy the same bytes thousands of times.
        var entries = Enumerable.Range(0, 2000).Select(i => $"\"t{i}\":{{\"dtype\":\"F32\",\"shape\":[262144],\"data_offsets\":[0,1048576]}}");
        var (e, allocated) = Load(File("{" + string.Join(",", entries) + "}", 1 << 20), true);
        Assert.Contains("overlap", e.Message);
        Assert.True(allocated < 32L << 20, $"allocated {allocated / 1e6:F1} MB");
    }

    [Fact]
    public void Invalid_surrogate_escapes_are_a_format_error()
    {
        Load(File("{\"__metadata__\":{\"k\":\"\\uD800\"}}", 0), true);
        Load(File("{\"\\uDC00x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4), true);
    }

    private sealed class NonSeekable(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    }
}
