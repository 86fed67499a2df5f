namespace MtcnnCuda.Trainer.Data;

/// <summary>
/// The project's split of ../shared/data (see its README). Training: FDDB folds 01–06 and face-mask (complete
/// annotation: positives, parts and negatives), net-7876 train.txt (one face per image: positives and parts only),
/// landmarks-5pt train.txt (landmarks). Evaluation: FDDB folds 07–08, net-7876 test.txt, landmarks-5pt test.txt
/// (AFLW). <see cref="Identity"/> names an image independently of the list that mentions it, so a test can prove
/// that nothing evaluated is trained on.
/// </summary>
public sealed class DataSplits(string dataRoot)
{
    public static readonly int[] FddbTrainFolds = [1, 2, 3, 4, 5, 6];
    public static readonly int[] FddbEvalFolds = [7, 8];

    public string Root { get; } = dataRoot;
    public string FddbRoot => Path.Combine(Root, "fddb");
    public string FaceMaskRoot => Path.Combine(Root, "face-mask");
    public string Net7876Root => Path.Combine(Root, "net-7876");
    public string LandmarkRoot => Path.Combine(Root, "landmarks-5pt");
    public string LandmarkTrainList => Path.Combine(LandmarkRoot, "train.txt");
    public string LandmarkTestList => Path.Combine(LandmarkRoot, "test.txt");

    /// <summary>Source names, used as keys of the calibration file.</summary>
    public const string Fddb = "fddb", FaceMask = "face-mask", Net7876 = "net-7876", Landmarks = "landmarks-5pt";

    public DetectionSource FddbFolds(IEnumerable<int> folds) =>
        new(Fddb, FddbRoot, folds.SelectMany(f => FddbReader.Read(Require(FddbReader.FoldList(FddbRoot, f)))).ToArray(), CompleteAnnotation: true);

    public DetectionSource FaceMaskAll() =>
        new(FaceMask, FaceMaskRoot, VocReader.ReadFolder(Path.Combine(FaceMaskRoot, "annotations")).ToArray(), CompleteAnnotation: true);

    public DetectionSource Net7876List(string list) =>
        new(Net7876, Net7876Root, Net7876Faces(list).Select(f => new AnnotatedImage(f.Path, [f.Box])).ToArray(), CompleteAnnotation: false);

    /// <summary>net-7876 faces with their five points (box order in the list: left, right, top, bottom).</summary>
    public IEnumerable<LandmarkFace> Net7876Faces(string list) =>
        LandmarkListReader.Read(Require(Path.Combine(Net7876Root, list)), _ => throw new InvalidDataException($"{list}: expected 15 fields per line."));

    /// <summary>
    /// The landmark training crops as a detection source whose one box is the whole crop (for fitting their calibration:
    /// the crops show more than the face box the original weights draw, and ONet's landmarks are relative to that box).
    /// </summary>
    public DetectionSource LandmarkCrops() =>
        new(Landmarks, LandmarkRoot, LandmarkListReader.Read(Require(LandmarkTrainList), p => ImageLoader.Size(Path.Combine(LandmarkRoot, p)))
            .Select(f => new AnnotatedImage(f.Path, [f.Box])).ToArray(), CompleteAnnotation: false);

    /// <summary>Raw (uncalibrated) training sources.</summary>
    public IReadOnlyList<DetectionSource> TrainingDetection() => [FddbFolds(FddbTrainFolds), FaceMaskAll(), Net7876List("train.txt")];

    /// <summary>Raw evaluation sources (detection).</summary>
    public IReadOnlyList<DetectionSource> EvaluationDetection() => [FddbFolds(FddbEvalFolds), Net7876List("test.txt")];

    /// <summary>Image identities of everything the trainer reads.</summary>
    public IEnumerable<string> TrainingIdentities() =>
        TrainingDetection().SelectMany(s => s.Images.Select(i => Identity(s.Name, i.Path)))
            .Concat(ListPaths(LandmarkTrainList).Select(p => Identity("landmarks-5pt", p)));

    /// <summary>Image identities of everything evaluation reads.</summary>
    public IEnumerable<string> EvaluationIdentities() =>
        EvaluationDetection().SelectMany(s => s.Images.Select(i => Identity(s.Name, i.Path)))
            .Concat(ListPaths(LandmarkTestList).Select(p => Identity("landmarks-5pt", p)));

    /// <summary>
    /// A name for the photo behind a path: the landmark set's net_7876 crops are the net-7876 images, its lfw_5590 and
    /// AFLW crops are their own sets; FDDB names are unique within FDDB.
    /// </summary>
    public static string Identity(string source, string path)
    {
        path = path.Replace('\\', '/');
        string file = Path.GetFileNameWithoutExtension(path);
        return source switch
        {
            "landmarks-5pt" when path.StartsWith("net_7876/", StringComparison.Ordinal) => $"net-7876/{file}",
            "landmarks-5pt" => $"landmarks-5pt/{path.Split('/')[0]}/{file}",
            Net7876 => $"net-7876/{file}",
            _ => $"{source}/{path}",
        };
    }

    private static IEnumerable<string> ListPaths(string list) =>
        File.ReadLines(Require(list)).Select(l => l.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Where(t => t.Length > 0).Select(t => t[0]);

    private static string Require(string path) =>
        File.Exists(path) ? path : throw new FileNotFoundException($"Data file '{path}' is missing (expected the layout of ../shared/data/README.md).", path);
}
