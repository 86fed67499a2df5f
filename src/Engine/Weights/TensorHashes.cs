using System.Security.Cryptography;

namespace MtcnnCuda.Weights;

/// <summary>
/// Per-tensor SHA-256 digests kept in the safetensors metadata as "sha256:NAME" → 64 lowercase hex digits, computed
/// over the tensor's bytes exactly as stored (little-endian float32). A file either hashes every tensor (verified) or
/// none (the original release: unverified); anything in between is refused, so a hash cannot be dropped unnoticed.
/// </summary>
public static class TensorHashes
{
    public const string KeyPrefix = "sha256:";

    public static bool IsHashKey(string metadataKey) => metadataKey.StartsWith(KeyPrefix, StringComparison.Ordinal);

    public static string Key(string tensorName) => KeyPrefix + tensorName;

    public static string Compute(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>
    /// Checks the recorded digests against the tensor bytes; returns tensor name → digest (empty when the file
    /// records none). Throws <see cref="WeightsFormatException"/> naming the tensor on any mismatch or gap.
    /// </summary>
    public static Dictionary<string, string> Verify(
        string source, IReadOnlyDictionary<string, string> recorded, IEnumerable<(string Name, ReadOnlyMemory<byte> Bytes)> tensors)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (recorded.Count == 0) return result;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, bytes) in tensors)
        {
            seen.Add(name);
            if (!recorded.TryGetValue(name, out var expected))
                throw new WeightsFormatException(source, $"has no recorded SHA-256 while other tensors do (metadata key '{Key(name)}' missing).", name);
            if (expected.Length != 64 || !expected.All(Uri.IsHexDigit))
                throw new WeightsFormatException(source, $"recorded SHA-256 '{expected}' is not 64 hex digits.", name);
            string actual = Compute(bytes.Span);
            if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
                throw new WeightsFormatException(source,
                    $"data does not match its recorded SHA-256 (the file is corrupt or was modified): recorded {expected.ToLowerInvariant()}, computed {actual}.", name);
            result[name] = actual;
        }
        foreach (var name in recorded.Keys)
        {
            if (!seen.Contains(name))
                throw new WeightsFormatException(source, $"metadata records a SHA-256 ('{Key(name)}') for a tensor the file does not hold.", name);
        }
        return result;
    }
}
