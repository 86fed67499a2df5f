using System.Buffers.Binary;
using System.Text;
using System.Text.RegularExpressions;

namespace MtcnnCuda.Tests.Robustness;

/// <summary>
/// Mutates a safetensors file image the way a hostile or corrupted file would differ: JSON-aware edits of the
/// header (numbers swapped for boundary values, names duplicated, dtypes changed, deep nesting, bad escapes),
/// header-length edits, bit flips, truncation and junk. Each mutation returns a short description so a failure
/// names what broke the reader.
/// </summary>
public sealed partial class SafeTensorsMutator(byte[] original)
{
    private static readonly string[] Numbers =
    [
        "0", "-1", "1", "3", "7", "2147483647", "2147483648", "-2147483648", "4294967296", "16777217", "268435456",
        "9007199254740993", "9223372036854775807", "18446744073709551616", "1e308", "-0", "1.5", "1e-5", "00", "0x10",
    ];

    private static readonly string[] Strings =
    [
        "", "F16", "F64", "I32", "BF16", "__metadata__", "pnet.conv1.weight", "onet.dense6_3.bias", "\\uD800", "\\u0000",
        "x", new string('a', 5000), "nwhc", "nchw", "RGB", "BGR", "mtcnn-cuda", "NaN",
    ];

    private readonly int _headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(original);
    private string Header => Encoding.UTF8.GetString(original, 8, _headerLength);

    public (byte[] Bytes, string Description) Mutate(Random random)
    {
        int kind = random.Next(12);
        return kind switch
        {
            0 or 1 or 2 => ReplaceToken(random, NumberToken(), Numbers, "number"),
            3 or 4 => ReplaceToken(random, StringToken(), Strings, "string"),
            5 => EditHeaderText(random),
            6 => HeaderLength(random),
            7 => FlipBits(random, headerOnly: true),
            8 => FlipBits(random, headerOnly: false),
            9 => Truncate(random),
            10 => DuplicateEntry(random),
            _ => Stack(random),
        };
    }

    private (byte[], string) Stack(Random random)
    {
        var (bytes, d1) = new SafeTensorsMutator(original).Mutate(random);
        if (bytes.Length < 8 || BinaryPrimitives.ReadUInt64LittleEndian(bytes) > (ulong)(bytes.Length - 8)) return (bytes, d1);
        try
        {
            var (b2, d2) = new SafeTensorsMutator(bytes).Mutate(random);
            return (b2, d1 + " + " + d2);
        }
        catch (ArgumentException)
        {
            return (bytes, d1); // the first mutation left a header that is not UTF-8 text; use it alone
        }
    }

    /// <summary>Replaces one regex match in the header with a value from the list, fixing the header length.</summary>
    private (byte[], string) ReplaceToken(Random random, Regex token, string[] values, string what)
    {
        string header = Header;
        var matches = token.Matches(header);
        if (matches.Count == 0) return FlipBits(random, headerOnly: true);
        var m = matches[random.Next(matches.Count)];
        string value = values[random.Next(values.Length)];
        string replacement = what == "string" ? $"\"{value}\"" : value;
        return (WithHeader(header[..m.Index] + replacement + header[(m.Index + m.Length)..], random),
            $"{what} {m.Value[..Math.Min(m.Value.Length, 40)]} at {m.Index} → {replacement[..Math.Min(replacement.Length, 40)]}");
    }

    private (byte[], string) EditHeaderText(Random random)
    {
        string header = Header;
        int at = random.Next(header.Length);
        switch (random.Next(4))
        {
            case 0:
                return (WithHeader(header.Remove(at, 1), random), $"delete char {at}");
            case 1:
                char c = "{}[],:\"\\0-e. "[random.Next(13)];
                return (WithHeader(header.Insert(at, c.ToString()), random), $"insert '{c}' at {at}");
            case 2:
                string deep = new string('[', 200) + new string(']', 200);
                var m = NumberToken().Match(header, at);
                if (!m.Success) goto default;
                return (WithHeader(header[..m.Index] + deep + header[(m.Index + m.Length)..], random), $"nesting at {m.Index}");
            default:
                int len = random.Next(1, Math.Min(200, header.Length - at) + 1);
                return (WithHeader(header.Insert(at, header.Substring(at, len)), random), $"duplicate {len} chars at {at}");
        }
    }

    /// <summary>Adds a copy of one tensor entry under the same name, or one spanning all data (overlap).</summary>
    private (byte[], string) DuplicateEntry(Random random)
    {
        string header = Header.TrimEnd();
        long data = original.Length - 8 - _headerLength;
        string entry = random.Next(2) == 0
            ? $"\"pnet.conv1.weight\":{{\"dtype\":\"F32\",\"shape\":[{data / 4}],\"data_offsets\":[0,{data}]}}"
            : $"\"alias{random.Next(10)}\":{{\"dtype\":\"F32\",\"shape\":[{data / 4}],\"data_offsets\":[0,{data}]}}";
        int copies = random.Next(1, 50);
        var extra = string.Join(",", Enumerable.Repeat(entry, copies));
        return (WithHeader("{" + extra + "," + header[1..], random), $"{copies} overlapping/duplicate entries");
    }

    private (byte[], string) HeaderLength(Random random)
    {
        var bytes = (byte[])original.Clone();
        ulong[] values = [0, 1, 2, 7, (ulong)_headerLength - 1, (ulong)_headerLength + 1, (ulong)bytes.Length, 1 << 20, (1 << 20) + 1, uint.MaxValue, ulong.MaxValue, 1UL << 63];
        ulong v = values[random.Next(values.Length)];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, v);
        return (bytes, $"header length {v}");
    }

    private (byte[], string) FlipBits(Random random, bool headerOnly)
    {
        var bytes = (byte[])original.Clone();
        int limit = headerOnly ? 8 + _headerLength : bytes.Length;
        int n = random.Next(1, 9);
        for (int i = 0; i < n; i++) bytes[random.Next(limit)] ^= (byte)(1 << random.Next(8));
        return (bytes, $"{n} bit flips in {(headerOnly ? "header" : "file")}");
    }

    private (byte[], string) Truncate(Random random)
    {
        int keep = random.Next(3) == 0 ? random.Next(Math.Min(original.Length, 8 + _headerLength + 16)) : random.Next(original.Length);
        var bytes = original.AsSpan(0, keep).ToArray();
        if (random.Next(3) == 0)
        {
            var junk = new byte[random.Next(1, 64)];
            random.NextBytes(junk);
            bytes = [.. bytes, .. junk];
            return (bytes, $"truncate to {keep} + {junk.Length} junk bytes");
        }
        return (bytes, $"truncate to {keep}");
    }

    /// <summary>Header text → file bytes; usually with the correct length field, sometimes keeping the old one.</summary>
    private byte[] WithHeader(string header, Random random)
    {
        var text = Encoding.UTF8.GetBytes(header);
        var data = original.AsSpan(8 + _headerLength);
        var bytes = new byte[8 + text.Length + data.Length];
        ulong length = random.Next(8) == 0 ? (ulong)_headerLength : (ulong)text.Length;
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, length);
        text.CopyTo(bytes, 8);
        data.CopyTo(bytes.AsSpan(8 + text.Length));
        return bytes;
    }

    [GeneratedRegex(@"-?\d+(\.\d+)?([eE][-+]?\d+)?")]
    private static partial Regex NumberToken();

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex StringToken();
}
