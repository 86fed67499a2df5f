using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;

namespace MtcnnCuda.Trainer.Data;

/// <summary>
/// Random access to the samples of a shard set through memory-mapped files (nothing is loaded up front), and
/// assembly of normalised training batches.
/// </summary>
public sealed class ShardSet : IDisposable
{
    private readonly List<(MemoryMappedFile File, MemoryMappedViewAccessor View, int Count)> _shards = [];
    private readonly long[] _starts;
    private readonly int _recordBytes;

    public ShardSet(string directory)
    {
        Index = ShardIndex.Load(directory);
        InputSize = Index.InputSize;
        _recordBytes = ShardFormat.RecordBytes(InputSize);
        _starts = new long[Index.Shards.Count + 1];
        Span<byte> header = stackalloc byte[ShardFormat.HeaderBytes];
        for (int i = 0; i < Index.Shards.Count; i++)
        {
            var entry = Index.Shards[i];
            string path = Path.Combine(directory, entry.File);
            long expected = ShardFormat.HeaderBytes + (long)entry.Count * _recordBytes;
            long length = new FileInfo(path).Length;
            if (length != expected) throw new InvalidDataException($"{path}: {length} bytes, but {entry.Count} samples of {InputSize}×{InputSize} need {expected}.");
            using (var fs = File.OpenRead(path)) fs.ReadExactly(header);
            if (!header[..8].SequenceEqual(ShardFormat.Magic) || BinaryPrimitives.ReadInt32LittleEndian(header[8..]) != InputSize
                || BinaryPrimitives.ReadInt32LittleEndian(header[12..]) != entry.Count)
                throw new InvalidDataException($"{path}: header does not match {ShardFormat.IndexFile}.");
            var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
            _shards.Add((file, file.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read), entry.Count));
            _starts[i + 1] = _starts[i] + entry.Count;
        }
        Count = checked((int)_starts[^1]);
    }

    public ShardIndex Index { get; }
    public int InputSize { get; }
    public int Count { get; }

    public SampleLabel LabelOf(int index)
    {
        var (view, offset) = Locate(index);
        return (SampleLabel)view.ReadSByte(offset);
    }

    /// <summary>
    /// Fills one batch: pixels normalised ((x − 127.5) × 0.0078125) as N×3×S×S (or N×S×S×3 when
    /// <paramref name="channelsLast"/>), labels (N), box offsets (N×4) and landmarks (N×10). A training batch may pass
    /// <paramref name="lowResolution"/> with its generator: each sample's pixels are degraded first when the draw says so.
    /// </summary>
    public void FillBatch(ReadOnlySpan<int> indices, float[] pixels, float[] labels, float[] boxes, float[] landmarks, bool channelsLast = false,
        LowResolutionAugment? lowResolution = null, Random? rng = null)
    {
        if (lowResolution is not null && rng is null) throw new ArgumentNullException(nameof(rng), "The low-resolution augmentation needs a generator.");
        int plane = InputSize * InputSize, pixelBytes = 3 * plane;
        var record = new byte[_recordBytes];
        for (int n = 0; n < indices.Length; n++)
        {
            var (view, offset) = Locate(indices[n]);
            view.ReadArray(offset, record, 0, _recordBytes);
            labels[n] = (sbyte)record[0];
            for (int i = 0; i < 4; i++) boxes[4 * n + i] = BinaryPrimitives.ReadSingleLittleEndian(record.AsSpan(4 + 4 * i));
            for (int i = 0; i < 10; i++) landmarks[10 * n + i] = BinaryPrimitives.ReadSingleLittleEndian(record.AsSpan(20 + 4 * i));
            var dst = pixels.AsSpan(n * pixelBytes, pixelBytes);
            var src = record.AsSpan(ShardFormat.MetaBytes, pixelBytes);
            lowResolution?.Apply(src, InputSize, rng!);
            if (channelsLast)
            {
                for (int c = 0; c < 3; c++)
                    for (int i = 0; i < plane; i++) dst[3 * i + c] = (src[c * plane + i] - 127.5f) * 0.0078125f;
            }
            else
            {
                for (int i = 0; i < pixelBytes; i++) dst[i] = (src[i] - 127.5f) * 0.0078125f;
            }
        }
    }

    /// <summary>The raw 8-bit pixels of one sample (for tests and debugging).</summary>
    public byte[] Pixels(int index)
    {
        var (view, offset) = Locate(index);
        var pixels = new byte[3 * InputSize * InputSize];
        view.ReadArray(offset + ShardFormat.MetaBytes, pixels, 0, pixels.Length);
        return pixels;
    }

    private (MemoryMappedViewAccessor View, long Offset) Locate(int index)
    {
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), $"{index} is outside 0..{Count - 1}.");
        int shard = Array.BinarySearch(_starts, index);
        if (shard < 0) shard = ~shard - 1;
        while (_starts[shard + 1] <= index) shard++;
        return (_shards[shard].View, ShardFormat.HeaderBytes + (index - _starts[shard]) * (long)_recordBytes);
    }

    public void Dispose()
    {
        foreach (var (file, view, _) in _shards)
        {
            view.Dispose();
            file.Dispose();
        }
        _shards.Clear();
    }
}
