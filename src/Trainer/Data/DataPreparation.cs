using MtcnnCuda.Weights;

namespace MtcnnCuda.Trainer.Data;

/// <summary>Inputs of one sample-preparation run (see <see cref="DataPreparation"/>).</summary>
public sealed record PrepareSettings
{
    public required NetKind Stage { get; init; }
    public required string OutputDirectory { get; init; }
    /// <summary>WIDER FACE ground truth (or the seeds' one-line list) and the folder its paths are relative to.</summary>
    public string? DetectionAnnotations { get; init; }
    public string? DetectionImages { get; init; }
    /// <summary>Five-point landmark list and the folder its paths are relative to.</summary>
    public string? LandmarkList { get; init; }
    public string? LandmarkImages { get; init; }
    /// <summary>Weights whose earlier stages mine RNet/ONet hard examples (required for those stages).</summary>
    public MtcnnWeights? MiningWeights { get; init; }
    public DetectorOptions MiningOptions { get; init; } = DetectorOptions.Default with { CpuThreads = 0 };
    public int Seed { get; init; } = 1;
    /// <summary>Use at most this many detection images / landmark faces (0 = all).</summary>
    public int MaxImages { get; init; }
    public int MaxLandmarkFaces { get; init; }
    public int LandmarkSamplesPerFace { get; init; } = 4;
    /// <summary>Jittered positive/part crops per face for RNet/ONet, on top of the mined ones (they keep positives plentiful).</summary>
    public int JittersPerFaceLaterStages { get; init; } = 6;
    public int SamplesPerShard { get; init; } = 100_000;
    public int MiningMaxCandidates { get; init; } = 300;
}

/// <summary>
/// Builds a stage's sample set as binary shards: detection samples (random crops for PNet; hard examples mined with
/// the earlier stages plus jittered face crops for RNet/ONet) and landmark samples, streaming one image at a time.
/// Every image gets its own random generator seeded from (seed, index), so a run is reproducible.
/// The label ratio neg:pos:part:landmark ≈ 3:1:1:2 is applied when batches are drawn (<see cref="Training.BatchSampler"/>).
/// </summary>
public static class DataPreparation
{
    /// <summary>Progress callback: phase name, items done, items in total.</summary>
    public delegate void Report(string phase, long done, long total);

    public static ShardIndex Prepare(PrepareSettings s, Report? report = null)
    {
        int size = s.Stage switch { NetKind.PNet => 12, NetKind.RNet => 24, _ => 48 };
        if (s.DetectionAnnotations is null && s.LandmarkList is null)
            throw new ArgumentException("Nothing to prepare: give detection annotations and/or a landmark list.");
        if (s.Stage != NetKind.PNet && s.DetectionAnnotations is not null && s.MiningWeights is null)
            throw new ArgumentException($"{s.Stage} samples are mined with the earlier stages: trained weights are required.");
        string source = $"detection: {s.DetectionAnnotations ?? "none"}; landmarks: {s.LandmarkList ?? "none"}";
        using var writer = new ShardWriter(s.OutputDirectory, NetArchitecture.Prefix(s.Stage), size, s.Seed, source, s.SamplesPerShard);
        Action<Sample> sink = writer.Add;

        if (s.DetectionAnnotations is not null)
        {
            string root = s.DetectionImages ?? Path.GetDirectoryName(Path.GetFullPath(s.DetectionAnnotations))!;
            var images = WiderFaceReader.Read(s.DetectionAnnotations);
            if (s.MaxImages > 0) images = images.Take(s.MaxImages);
            long total = s.MaxImages > 0 ? Math.Min(s.MaxImages, CountImages(s.DetectionAnnotations)) : CountImages(s.DetectionAnnotations);
            var random = new DetectionSampleGenerator(size) { JittersPerFace = s.Stage == NetKind.PNet ? 20 : s.JittersPerFaceLaterStages,
                                                               RandomNegatives = s.Stage == NetKind.PNet ? 50 : 0, NegativesPerFace = s.Stage == NetKind.PNet ? 5 : 0 };
            var miner = s.Stage == NetKind.PNet ? null : new HardExampleMiner(s.MiningWeights!, s.Stage, s.MiningOptions) { MaxCandidates = s.MiningMaxCandidates };
            long done = 0;
            foreach (var annotated in images)
            {
                var image = ImageLoader.Load(Path.Combine(root, annotated.Path));
                var rng = new Random(unchecked(s.Seed * 1_000_003 + (int)done));
                random.Generate(image, annotated.Faces, rng, sink);
                miner?.Generate(image, annotated.Faces, sink);
                report?.Invoke("detection samples", ++done, total);
            }
        }

        if (s.LandmarkList is not null)
        {
            string root = s.LandmarkImages ?? Path.GetDirectoryName(Path.GetFullPath(s.LandmarkList))!;
            var faces = LandmarkListReader.Read(s.LandmarkList, p => ImageLoader.Size(Path.Combine(root, p)));
            long total = File.ReadLines(s.LandmarkList).Count(l => l.Trim().Length > 0);
            if (s.MaxLandmarkFaces > 0) { faces = faces.Take(s.MaxLandmarkFaces); total = Math.Min(total, s.MaxLandmarkFaces); }
            var generator = new LandmarkSampleGenerator(size) { SamplesPerFace = s.LandmarkSamplesPerFace };
            long done = 0;
            foreach (var face in faces)
            {
                var image = ImageLoader.Load(Path.Combine(root, face.Path));
                var rng = new Random(unchecked(s.Seed * 7_000_003 + (int)done));
                generator.Generate(image, face, rng, sink);
                report?.Invoke("landmark samples", ++done, total);
            }
        }
        if (writer.Count == 0) throw new InvalidDataException("No samples were produced (are the annotations empty or all faces too small?).");
        writer.Dispose();
        return ShardIndex.Load(s.OutputDirectory);
    }

    private static long CountImages(string annotations)
    {
        long n = 0;
        foreach (var _ in WiderFaceReader.Read(annotations)) n++;
        return n;
    }
}
