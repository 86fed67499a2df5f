using System.Buffers.Binary;

namespace MtcnnCuda.Trainer.Data;

/// <summary>Streams samples into shard files of at most <c>samplesPerShard</c> records and writes index.json on dispose.</summary>
public sealed class ShardWriter : IDisposable
{
    private readonly string _directory;
    private readonly int _inputSize, _samplesPerShard;
    private readonly ShardIndex _index;
    private readonly byte[] _record;
    private FileStream? _current;
    private int _inCurrent;

    public ShardWriter(string directory, string stage, int inputSize, int seed, string source, int samplesPerShard = 100_000)
    {
        _directory = directory;
        _inputSize = inputSize;
        _samplesPerShard = samplesPerShard;
        Directory.CreateDirectory(directory);
        foreach (var old in Directory.GetFiles(directory, "shard-*.bin")) File.Delete(old);
        _index = new ShardIndex { Stage = stage, InputSize = inputSize, Seed = seed, Source = source };
        foreach (var label in Enum.GetNames<SampleLabel>()) _index.Counts[label.ToLowerInvariant()] = 0;
        _record = new byte[ShardFormat.RecordBytes(inputSize)];
    }

    public long Count { get; private set; }

    public long CountOf(SampleLabel label) => _index.Counts[label.ToString().ToLowerInvariant()];

    public void Add(Sample sample)
    {
        if (sample.Pixels.Length != 3 * _inputSize * _inputSize)
            throw new ArgumentException($"Sample has {sample.Pixels.Length} pixel bytes; {_inputSize}×{_inputSize} needs {3 * _inputSize * _inputSize}.");
        if (_current is null || _inCurrent == _samplesPerShard) StartShard();
        var r = _record.AsSpan();
        r.Clear();
        r[0] = (byte)(sbyte)sample.Label;
        for (int i = 0; i < 4; i++) BinaryPrimitives.WriteSingleLittleEndian(r[(4 + 4 * i)..], sample.Box[i]);
        for (int i = 0; i < 10; i++) BinaryPrimitives.WriteSingleLittleEndian(r[(20 + 4 * i)..], sample.Landmarks[i]);
        sample.Pixels.CopyTo(r[ShardFormat.MetaBytes..]);
        _current!.Write(r);
        _inCurrent++;
        _index.Shards[^1].Count = _inCurrent;
        _index.Counts[sample.Label.ToString().ToLowerInvariant()]++;
        Count++;
    }

    private void StartShard()
    {
        FinishShard();
        string name = $"shard-{_index.Shards.Count:D4}.bin";
        _current = new FileStream(Path.Combine(_directory, name), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        Span<byte> header = stackalloc byte[ShardFormat.HeaderBytes];
        ShardFormat.Magic.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], _inputSize);
        _current.Write(header);
        _index.Shards.Add(new ShardEntry { File = name });
        _inCurrent = 0;
    }

    private void FinishShard()
    {
        if (_current is null) return;
        Span<byte> count = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(count, _inCurrent);
        _current.Seek(12, SeekOrigin.Begin);
        _current.Write(count);
        _current.Dispose();
        _current = null;
    }

    private bool _disposed;

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        FinishShard();
        _index.Save(_directory);
    }
}
