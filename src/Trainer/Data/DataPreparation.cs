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
    /// <summary>Whole-image sources with calibrated boxes (used in addition to <see cref="DetectionAnnotations"/>).</summary>
    public IReadOnlyList<DetectionSource> DetectionSources { get; init; } = [];
    /// <summary>Mirror/colour/blur augmentation of every sample (none by default).</summary>
    public SampleAugmenter Augmenter { get; init; } = SampleAugmenter.None;
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
    public float LandmarkRotationDegrees { get; init; } = 15;
    /// <summary>Maps the landmark list's face boxes onto the detector's box convention (landmark targets are relative to it).</summary>
    public BoxCalibration LandmarkCalibration { get; init; } = BoxCalibration.Identity;
    /// <summary>Jittered positive/part crops per face for RNet/ONet, on top of the mined ones (they keep positives plentiful).</summary>
    public int JittersPerFaceLaterStages { get; init; } = 6;
    public int SamplesPerShard { get; init; } = 100_000;
    public int MiningMaxCandidates { get; init; } = 300;
}

/// <summary>
/// Builds a stage's sample set as binary shards: detection samples (random crops for PNet; hard examples mined with
/// the earlier stages plus jittered face crops for RNet/ONet) and landmark samples, streaming one image at a time.
/// Negatives (random or mined) come only from sources whose every face is annotated.
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
        if (s.DetectionAnnotations is null && s.DetectionSources.Count == 0 && s.LandmarkList is null)
            throw new ArgumentException("Nothing to prepare: give detection annotations or sources and/or a landmark list.");
        if (s.Stage != NetKind.PNet && (s.DetectionAnnotations is not null || s.DetectionSources.Count > 0) && s.MiningWeights is null)
            throw new ArgumentException($"{s.Stage} samples are mined with the earlier stages: trained weights are required.");
        var detectionNames = s.DetectionSources.Select(d => d.Name).Prepend(s.DetectionAnnotations ?? "").Where(n => n.Length > 0).DefaultIfEmpty("none");
        string description = $"detection: {string.Join(", ", detectionNames)}; landmarks: {s.LandmarkList ?? "none"}";
        using var writer = new ShardWriter(s.OutputDirectory, NetArchitecture.Prefix(s.Stage), size, s.Seed, description, s.SamplesPerShard);
        Action<Sample> sink = writer.Add;

        var sources = new List<DetectionSource>(s.DetectionSources);
        if (s.DetectionAnnotations is not null)
        {
            string root = s.DetectionImages ?? Path.GetDirectoryName(Path.GetFullPath(s.DetectionAnnotations))!;
            sources.Insert(0, new DetectionSource(Path.GetFileName(s.DetectionAnnotations), root,
                WiderFaceReader.Read(s.DetectionAnnotations).ToArray(), CompleteAnnotation: true));
        }
        var miner = s.Stage == NetKind.PNet || sources.Count == 0 ? null
            : new HardExampleMiner(s.MiningWeights!, s.Stage, s.MiningOptions) { MaxCandidates = s.MiningMaxCandidates };
        long imagesDone = 0, imagesTotal = sources.Sum(src => (long)src.Take(s.MaxImages).Images.Count);
        foreach (var source in sources)
        {
            bool pnet = s.Stage == NetKind.PNet, complete = source.CompleteAnnotation;
            var random = new DetectionSampleGenerator(size) { JittersPerFace = pnet ? 20 : s.JittersPerFaceLaterStages,
                                                               RandomNegatives = pnet && complete ? 50 : 0, NegativesPerFace = pnet && complete ? 5 : 0 };
            foreach (var annotated in source.Take(s.MaxImages).Images)
            {
                var image = ImageLoader.Load(Path.Combine(source.Root, annotated.Path));
                var rng = new Random(unchecked(s.Seed * 1_000_003 + (int)imagesDone));
                Action<Sample> augmented = sample => sink(s.Augmenter.Apply(sample, size, rng));
                random.Generate(image, annotated.Faces, rng, augmented);
                // Negatives only from images whose every face is annotated.
                miner?.Generate(image, annotated.Faces, augmented, allowNegatives: complete);
                report?.Invoke("detection samples", ++imagesDone, imagesTotal);
            }
        }

        if (s.LandmarkList is not null)
        {
            string root = s.LandmarkImages ?? Path.GetDirectoryName(Path.GetFullPath(s.LandmarkList))!;
            var faces = LandmarkListReader.Read(s.LandmarkList, p => ImageLoader.Size(Path.Combine(root, p)));
            long total = File.ReadLines(s.LandmarkList).Count(l => l.Trim().Length > 0);
            if (s.MaxLandmarkFaces > 0) { faces = faces.Take(s.MaxLandmarkFaces); total = Math.Min(total, s.MaxLandmarkFaces); }
            var generator = new LandmarkSampleGenerator(size) { SamplesPerFace = s.LandmarkSamplesPerFace, MaxRotationDegrees = s.LandmarkRotationDegrees };
            long done = 0;
            foreach (var listed in faces)
            {
                var face = listed with { Box = s.LandmarkCalibration.Apply(listed.Box) };
                var image = ImageLoader.Load(Path.Combine(root, face.Path));
                var rng = new Random(unchecked(s.Seed * 7_000_003 + (int)done));
                generator.Generate(image, face, rng, sample => sink(s.Augmenter.Apply(sample, size, rng)));
                report?.Invoke("landmark samples", ++done, total);
            }
        }
        if (writer.Count == 0) throw new InvalidDataException("No samples were produced (are the annotations empty or all faces too small?).");
        writer.Dispose();
        return ShardIndex.Load(s.OutputDirectory);
    }
}
