using System.Buffers.Binary;
using System.Text;
using MtcnnCuda.TestSupport;
using MtcnnCuda.Weights;

namespace MtcnnCuda.Tests.WeightsFile;

/// <summary>Per-tensor SHA-256 in the metadata: written by the writer, checked by the reader.</summary>
public class VerifiedWeightsTests
{
    private static byte[] Saved(MtcnnWeights weights)
    {
        using var ms = new MemoryStream();
        SafeTensorsFile.Write(ms, weights.Tensors, weights.CompleteMetadata());
        return ms.ToArray();
    }

    private static (int DataStart, string Header) Layout(byte[] file)
    {
        int headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(file);
        return (8 + headerLength, Encoding.UTF8.GetString(file, 8, headerLength));
    }

    /// <summary>The byte offset, inside the data section, of a tensor's first byte (from its data_offsets).</summary>
    private static int DataOffset(byte[] file, string tensor)
    {
        var (_, header) = Layout(file);
        using var doc = System.Text.Json.JsonDocument.Parse(header);
        return doc.RootElement.GetProperty(tensor).GetProperty("data_offsets")[0].GetInt32();
    }

    [Fact]
    public void Written_file_records_a_hash_per_tensor_and_loads_verified()
    {
        var weights = TestWeights.Random(3);
        var file = Saved(weights);
        Assert.Equal(weights.Tensors.Count, Layout(file).Header.Split("\"sha256:").Length - 1);
        var back = MtcnnWeights.Load(new MemoryStream(file), "w.safetensors");
        Assert.True(back.Verified);
        Assert.Equal(weights.Tensors.Count, back.Sha256.Count);
        Assert.DoesNotContain(back.Metadata.Keys, TensorHashes.IsHashKey);
        // The hash is that of the stored little-endian bytes (an independent computation).
        var bytes = new byte[weights["rnet.conv2.weight"].Data.Length * 4];
        for (int i = 0; i < weights["rnet.conv2.weight"].Data.Length; i++)
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), weights["rnet.conv2.weight"].Data[i]);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), back.Sha256["rnet.conv2.weight"]);
    }

    [Fact]
    public void One_flipped_byte_in_a_tensor_is_rejected_naming_file_and_tensor()
    {
        var file = Saved(TestWeights.Random(4));
        int at = Layout(file).DataStart + DataOffset(file, "onet.conv3.weight") + 101;
        file[at] ^= 0x01; // a tiny change of one weight: still finite, still the right shape
        var e = Assert.Throws<WeightsFormatException>(() => MtcnnWeights.Load(new MemoryStream(file), "flipped.safetensors"));
        Assert.Equal("onet.conv3.weight", e.Tensor);
        Assert.Contains("flipped.safetensors", e.Message);
        Assert.Contains("SHA-256", e.Message);
    }

    [Fact]
    public void One_flipped_hash_digit_is_rejected()
    {
        var file = Saved(TestWeights.Random(5));
        var (_, header) = Layout(file);
        string key = "\"sha256:pnet.conv2.bias\":\"";
        int at = 8 + Encoding.UTF8.GetByteCount(header[..(header.IndexOf(key, StringComparison.Ordinal) + key.Length)]);
        file[at] = file[at] == (byte)'0' ? (byte)'1' : (byte)'0';
        var e = Assert.Throws<WeightsFormatException>(() => MtcnnWeights.Load(new MemoryStream(file), "w.safetensors"));
        Assert.Equal("pnet.conv2.bias", e.Tensor);
    }

    [Fact]
    public void File_without_hashes_loads_unverified()
    {
        var weights = TestWeights.Random(6);
        using var ms = new MemoryStream();
        SafeTensorsFile.Write(ms, weights.Tensors, weights.CompleteMetadata());
        var stripped = StripHashes(ms.ToArray());
        var back = MtcnnWeights.Load(new MemoryStream(stripped), "old.safetensors");
        Assert.False(back.Verified);
        Assert.Empty(back.Sha256);
        Assert.Equal(weights["onet.dense5.weight"].Data, back["onet.dense5.weight"].Data);
    }

    [Fact]
    public void A_hash_missing_for_one_tensor_or_naming_an_absent_tensor_is_rejected()
    {
        var tensors = new Dictionary<string, Tensor> { ["a"] = new([1], [1f]), ["b"] = new([1], [2f]) };
        var hashA = TensorHashes.Compute(BitConverter.GetBytes(1f));
        var onlyA = Raw(tensors, new() { ["sha256:a"] = hashA });
        Assert.Equal("b", Assert.Throws<WeightsFormatException>(() => SafeTensorsFile.Read(new MemoryStream(onlyA), "m")).Tensor);
        var extra = Raw(new() { ["a"] = tensors["a"] }, new() { ["sha256:a"] = hashA, ["sha256:zz"] = hashA });
        Assert.Equal("zz", Assert.Throws<WeightsFormatException>(() => SafeTensorsFile.Read(new MemoryStream(extra), "m")).Tensor);
    }

    [Fact]
    public void Original_release_loads_unverified()
    {
        var weights = MtcnnWeights.Load(SharedData.ReferenceWeights);
        Assert.False(weights.Verified);
    }

    /// <summary>A safetensors file written by hand (no hashes added), with the given metadata.</summary>
    private static byte[] Raw(Dictionary<string, Tensor> tensors, Dictionary<string, string> metadata)
    {
        var header = new StringBuilder("{\"__metadata__\":{");
        header.AppendJoin(',', metadata.Select(kv => $"\"{kv.Key}\":\"{kv.Value}\""));
        header.Append('}');
        long offset = 0;
        foreach (var (name, t) in tensors)
        {
            header.Append($",\"{name}\":{{\"dtype\":\"F32\",\"shape\":[{string.Join(',', t.Shape)}],\"data_offsets\":[{offset},{offset + t.Data.Length * 4}]}}");
            offset += t.Data.Length * 4;
        }
        header.Append('}');
        var headerBytes = Encoding.UTF8.GetBytes(header.ToString());
        using var ms = new MemoryStream();
        var length = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)headerBytes.Length);
        ms.Write(length);
        ms.Write(headerBytes);
        foreach (var t in tensors.Values) foreach (float f in t.Data) ms.Write(BitConverter.GetBytes(f));
        return ms.ToArray();
    }

    /// <summary>Rewrites a file's header without its "sha256:" metadata entries, keeping the data section as is.</summary>
    private static byte[] StripHashes(byte[] file)
    {
        var (dataStart, header) = Layout(file);
        var root = System.Text.Json.Nodes.JsonNode.Parse(header)!.AsObject();
        var meta = root["__metadata__"]!.AsObject();
        foreach (var key in meta.Select(kv => kv.Key).Where(TensorHashes.IsHashKey).ToList()) meta.Remove(key);
        var newHeader = Encoding.UTF8.GetBytes(root.ToJsonString());
        var result = new byte[8 + newHeader.Length + file.Length - dataStart];
        BinaryPrimitives.WriteUInt64LittleEndian(result, (ulong)newHeader.Length);
        newHeader.CopyTo(result, 8);
        file.AsSpan(dataStart).CopyTo(result.AsSpan(8 + newHeader.Length));
        return result;
    }
}
