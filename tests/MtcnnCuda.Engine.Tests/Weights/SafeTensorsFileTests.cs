using System.Buffers.Binary;
using System.Text;
using MtcnnCuda.Weights;

namespace MtcnnCuda.Tests.WeightsFile;

public class SafeTensorsFileTests
{
    private static byte[] Serialize(Dictionary<string, Tensor> tensors, Dictionary<string, string> metadata)
    {
        using var ms = new MemoryStream();
        SafeTensorsFile.Write(ms, tensors, metadata);
        return ms.ToArray();
    }

    private static byte[] RawFile(string headerJson, int dataBytes)
    {
        var header = Encoding.UTF8.GetBytes(headerJson);
        var bytes = new byte[8 + header.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
        header.CopyTo(bytes, 8);
        return bytes;
    }

    private static WeightsFormatException ReadFails(byte[] bytes) =>
        Assert.Throws<WeightsFormatException>(() => SafeTensorsFile.Read(new MemoryStream(bytes), "test.safetensors"));

    [Fact]
    public void Round_trip_keeps_names_shapes_values_and_metadata()
    {
        var tensors = new Dictionary<string, Tensor>
        {
            ["a.weight"] = new([2, 3], [1, 2, 3, 4, 5, float.Epsilon]),
            ["b"] = new([1], [-0.5f]),
        };
        var meta = new Dictionary<string, string> { ["k"] = "v ü" };
        var back = SafeTensorsFile.Read(new MemoryStream(Serialize(tensors, meta)), "mem");
        Assert.Equal(meta, back.Metadata);
        Assert.Equal(2, back.Tensors.Count);
        Assert.Equal([2, 3], back.Tensors["a.weight"].Shape);
        Assert.Equal(tensors["a.weight"].Data, back.Tensors["a.weight"].Data);
        Assert.Equal(tensors["b"].Data, back.Tensors["b"].Data);
    }

    [Fact]
    public void Data_section_is_8_byte_aligned()
    {
        var bytes = Serialize(new() { ["x"] = new([1], [1f]) }, new() { ["m"] = "1" });
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0UL, (8 + headerLength) % 8);
    }

    [Fact]
    public void Empty_or_short_file_is_rejected()
    {
        Assert.Contains("shorter than", ReadFails([]).Message);
        Assert.Contains("shorter than", ReadFails([1, 2, 3]).Message);
    }

    [Fact]
    public void Implausible_header_length_is_rejected()
    {
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, ulong.MaxValue);
        Assert.Contains("not plausible", ReadFails(bytes).Message);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, SafeTensorsFile.MaxHeaderBytes + 1UL);
        Assert.Contains("not plausible", ReadFails(bytes).Message);
    }

    [Fact]
    public void Truncated_header_and_data_are_rejected()
    {
        var full = Serialize(new() { ["x"] = new([4], [1, 2, 3, 4]) }, new());
        Assert.Contains("inside the", ReadFails(full[..12]).Message);
        var e = ReadFails(full[..^3]);
        Assert.Contains("truncated", e.Message);
        Assert.Contains("test.safetensors", e.Message);
    }

    [Fact]
    public void Malformed_json_is_rejected() =>
        Assert.Contains("malformed", ReadFails(RawFile("{\"x\": [", 0)).Message);

    [Theory]
    [InlineData("{\"x\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[0,2]}}", "not supported")]
    [InlineData("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", "needs 8")]
    [InlineData("{\"x\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", "invalid dimension")]
    [InlineData("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,4]}}", "invalid")]
    [InlineData("{\"x\":{\"dtype\":\"F32\",\"shape\":[1]}}", "missing data_offsets")]
    [InlineData("{\"x\":{\"shape\":[1],\"data_offsets\":[0,4]}}", "missing dtype")]
    [InlineData("{\"x\":{\"dtype\":\"F32\",\"shape\":[10000,10000],\"data_offsets\":[0,400000000]}}", "limit")]
    [InlineData("{\"__metadata__\":{\"a\":1}}", "not a string")]
    [InlineData("[1,2]", "not an object")]
    public void Invalid_entries_are_rejected_with_the_tensor_named(string header, string expected)
    {
        var e = ReadFails(RawFile(header, 8));
        Assert.Contains(expected, e.Message);
        if (header.Contains("\"x\"")) Assert.Equal("x", e.Tensor);
    }

    [Fact]
    public void Missing_file_gives_a_weights_error_naming_the_path()
    {
        var e = Assert.Throws<WeightsFormatException>(() => SafeTensorsFile.Read("/nonexistent/w.safetensors"));
        Assert.Contains("/nonexistent/w.safetensors", e.Message);
    }

    [Fact]
    public void Write_to_path_replaces_atomically()
    {
        var path = Path.Combine(Path.GetTempPath(), $"st-{Guid.NewGuid():N}.safetensors");
        try
        {
            SafeTensorsFile.Write(path, new Dictionary<string, Tensor> { ["x"] = new([1], [3f]) }, new Dictionary<string, string>());
            Assert.Equal(3f, SafeTensorsFile.Read(path).Tensors["x"].Data[0]);
            Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, Path.GetFileName(path) + ".tmp-*"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
