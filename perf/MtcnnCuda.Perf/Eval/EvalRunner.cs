using System.Security.Cryptography;
using System.Text.Json.Nodes;
using MtcnnCuda.Perf.Common;
using MtcnnCuda.Perf.Report;
using MtcnnCuda.Weights;

namespace MtcnnCuda.Perf.Eval;

/// <summary>Runs the detector over the requested sets and writes summary.json, CSV curves, PNG plots and index.html.</summary>
public sealed class EvalRunner(EvalSettings settings, TextWriter log)
{
    public JsonObject Run()
    {
        if (settings.WiderGroundTruth.Count + settings.FddbFolds.Count == 0 && settings.Landmarks is null)
            throw new ArgumentException("Nothing to evaluate: give --wider-gt, --fddb or --landmarks.");
        if (settings.WiderGroundTruth.Count + settings.FddbFolds.Count > 0 && settings.Images is null)
            throw new ArgumentException("--images (the folder the annotation paths are relative to) is required with --wider-gt/--fddb.");
        Directory.CreateDirectory(settings.OutputFolder);
        var weights = ModelChoice.Load(settings.Weights, settings.Model);
        using var detector = FaceDetector.Create(weights, settings.Detector);
        var html = new Html("mtcnn eval");
        var summary = new JsonObject
        {
            ["command"] = MachineInfo.CommandLine(),
            ["machine"] = MachineInfo.Describe(),
            ["weights"] = settings.Weights is null
                ? new JsonObject { ["model"] = ModelChoice.Describe(null, settings.Model) }
                : new JsonObject { ["path"] = Path.GetFullPath(settings.Weights), ["sha256"] = Sha256(settings.Weights) },
            ["backend"] = detector.ActiveBackend.ToString(),
            ["options"] = Options(settings.Detector),
        };
        html.Paragraph($"Command: {summary["command"]}").Paragraph($"Weights: {summary["weights"]!.ToJsonString()}")
            .Paragraph($"Backend {detector.ActiveBackend}, min face {settings.Detector.MinFaceSize}, thresholds " +
                $"{settings.Detector.PNetThreshold}/{settings.Detector.RNetThreshold}/{settings.Detector.ONetThreshold}.");

        if (settings.WiderGroundTruth.Count + settings.FddbFolds.Count > 0)
            summary["detection"] = RunDetection(detector, html);
        if (settings.Landmarks is not null)
            summary["landmarks"] = RunLandmarks(detector, weights, html);

        Json.Save(summary, Path.Combine(settings.OutputFolder, "summary.json"));
        html.Heading("summary.json").Pre(summary.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        html.Save(Path.Combine(settings.OutputFolder, "index.html"));
        EvalHeadline.Write(summary, log);
        log.WriteLine($"Wrote {settings.OutputFolder}/summary.json, CSV curves, plots and index.html.");
        return summary;
    }

    private JsonObject RunDetection(FaceDetector detector, Html html)
    {
        bool wider = settings.WiderGroundTruth.Count > 0;
        if (wider && settings.FddbFolds.Count > 0) throw new ArgumentException("Give either --wider-gt or --fddb, not both.");
        var annotations = (wider ? settings.WiderGroundTruth.SelectMany(WiderReader.Read) : settings.FddbFolds.SelectMany(FddbReader.Read)).ToList();
        if (settings.Limit > 0 && annotations.Count > settings.Limit) annotations = annotations.Take(settings.Limit).ToList();
        var results = new List<ImageResult>(annotations.Count);
        foreach (var a in annotations)
        {
            var image = RgbImage.Load(Path.Combine(settings.Images!, a.Path));
            var faces = detector.Detect(image);
            results.Add(new ImageResult(a, faces.Select(f => new ScoredBox(EvalBox.From(f.Box), f.Confidence)).ToArray()));
            if (results.Count % 100 == 0) log.WriteLine($"  {results.Count}/{annotations.Count} images");
        }
        var scores = DetectionEvaluation.Score(results, wider);
        var json = new JsonObject { ["protocol"] = wider ? "WIDER FACE (approximate subsets, see WiderSubsets)" : "FDDB folds (ellipse bounding boxes)",
            ["images"] = scores.Images, ["detections"] = scores.Detections };
        var subsets = new JsonObject();
        var pr = new LinePlot { Title = "Precision–recall (IoU ≥ 0.5)", XLabel = "recall", YLabel = "precision", XMin = 0, XMax = 1, YMin = 0, YMax = 1 };
        var rows = new List<IReadOnlyList<string>>();
        foreach (var s in scores.Subsets)
        {
            subsets[s.Name] = new JsonObject { ["faces"] = s.Positives, ["apExact"] = Json.Num(s.Curve.AveragePrecision), ["apOfficialSampling"] = Json.Num(s.ApOfficial),
                ["maxRecall"] = Json.Num(s.Curve.Points.Count > 0 ? s.Curve.Points[^1].Recall : 0) };
            Csv.Save(Path.Combine(settings.OutputFolder, $"pr_{s.Name}.csv"), ["threshold", "proposals", "true_positives", "precision", "recall"],
                s.Curve.Points.Select(p => new object[] { p.Threshold, p.Proposals, p.TruePositives, p.Precision, p.Recall }));
            pr.Series.Add(new PlotSeries($"{s.Name} AP {s.Curve.AveragePrecision:0.000}", s.Curve.Points.Select(p => p.Recall).ToArray(), s.Curve.Points.Select(p => p.Precision).ToArray()));
            rows.Add([s.Name, s.Positives.ToString(), $"{s.Curve.AveragePrecision:0.0000}", $"{s.ApOfficial:0.0000}"]);
        }
        json["subsets"] = subsets;
        json["roc"] = new JsonObject { ["faces"] = scores.RocPositives,
            ["tprAt50Fp"] = Json.Num(DiscreteRoc.RateAtFalsePositives(scores.Roc, 50)),
            ["tprAt100Fp"] = Json.Num(DiscreteRoc.RateAtFalsePositives(scores.Roc, 100)),
            ["tprAt500Fp"] = Json.Num(DiscreteRoc.RateAtFalsePositives(scores.Roc, 500)),
            ["tprAt1000Fp"] = Json.Num(DiscreteRoc.RateAtFalsePositives(scores.Roc, 1000)) };
        Csv.Save(Path.Combine(settings.OutputFolder, "roc.csv"), ["threshold", "true_positives", "false_positives", "true_positive_rate"],
            scores.Roc.Select(p => new object[] { p.Threshold, p.TruePositives, p.FalsePositives, p.TruePositiveRate }));
        pr.SavePng(Path.Combine(settings.OutputFolder, "pr.png"));
        var roc = new LinePlot { Title = "Discrete ROC (one-to-one, IoU ≥ 0.5)", XLabel = "false positives", YLabel = "true positive rate", YMin = 0, YMax = 1 };
        roc.Series.Add(new PlotSeries("detector", scores.Roc.Select(p => (double)p.FalsePositives).ToArray(), scores.Roc.Select(p => p.TruePositiveRate).ToArray()));
        roc.SavePng(Path.Combine(settings.OutputFolder, "roc.png"));

        html.Heading("Detection").Paragraph($"{scores.Images} images, {scores.Detections} detections. {json["protocol"]}.")
            .Table(["subset", "faces", "AP (exact)", "AP (official 1000-threshold sampling)"], rows)
            .Image(Path.Combine(settings.OutputFolder, "pr.png"), "Precision–recall curves").Image(Path.Combine(settings.OutputFolder, "roc.png"), "Discrete ROC");
        DetectionExamples(results, html);
        return json;
    }

    private void DetectionExamples(IReadOnlyList<ImageResult> results, Html html)
    {
        if (settings.Examples <= 0) return;
        var misses = DetectionEvaluation.Misses(results).OrderByDescending(m => m.Face.Box.W * m.Face.Box.H).Take(settings.Examples).ToList();
        var alarms = DetectionEvaluation.FalseAlarms(results).OrderByDescending(a => a.Detection.Score).Take(settings.Examples).ToList();
        html.Heading("Worst misses (largest faces not found)", 3).Paragraph("Green: annotated faces; red: detections; yellow: the face in question.");
        foreach (var (r, face) in misses)
            html.Image(Example(r, face.Box), "image/jpeg", $"{r.Annotation.Path}: missed {face.Box.W:0}×{face.Box.H:0} face");
        html.Heading("Worst false alarms (highest-scoring unmatched detections)", 3);
        foreach (var (r, det) in alarms)
            html.Image(Example(r, det.Box), "image/jpeg", $"{r.Annotation.Path}: false alarm, score {det.Score:0.000}");
    }

    private byte[] Example(ImageResult r, EvalBox focus)
    {
        var image = RgbImage.Load(Path.Combine(settings.Images!, r.Annotation.Path));
        using var bitmap = RgbImage.ToBitmap(image);
        static SkiaSharp.SKRect Rect(EvalBox b) => new((float)b.X, (float)b.Y, (float)b.X2, (float)b.Y2);
        var shapes = r.Annotation.Faces.Select(f => new Annotate.Shape(Rect(f.Box), null, SkiaSharp.SKColors.LimeGreen))
            .Concat(r.Detections.Select(d => new Annotate.Shape(Rect(d.Box), null, SkiaSharp.SKColors.Red)))
            .Append(new Annotate.Shape(Rect(focus), null, SkiaSharp.SKColors.Yellow, 3));
        double pad = Math.Max(focus.W, focus.H) * 1.5 + 20;
        var region = new SkiaSharp.SKRect((float)(focus.X - pad), (float)(focus.Y - pad), (float)(focus.X2 + pad), (float)(focus.Y2 + pad));
        return Annotate.Jpeg(bitmap, region, shapes);
    }

    private JsonObject RunLandmarks(FaceDetector detector, MtcnnWeights weights, Html html)
    {
        var samples = LandmarkReader.Read(settings.Landmarks!).ToList();
        if (settings.Limit > 0 && samples.Count > settings.Limit) samples = samples.Take(settings.Limit).ToList();
        string root = settings.LandmarkImages ?? Path.GetDirectoryName(Path.GetFullPath(settings.Landmarks!))!;
        var json = new JsonObject { ["file"] = Path.GetFullPath(settings.Landmarks!), ["crops"] = samples.Count,
            ["normalisation"] = "inter-ocular distance (reference eye centres)" };
        var cdf = new LinePlot { Title = "Landmark error CDF", XLabel = "mean error / inter-ocular distance", YLabel = "fraction of faces", XMin = 0, XMax = 0.3, YMin = 0, YMax = 1 };
        html.Heading("Landmarks").Paragraph($"{samples.Count} crops from {settings.Landmarks}; the face box is the whole crop. " +
            "Error: mean point distance / inter-ocular distance of the reference eyes; failure: error > 10 %. " +
            "detector mode: the whole cascade on the crop, landmarks of the detection with the highest IoU with the crop " +
            "(the paper's setting); crops without a detection are left out of the mean and counted in failureRateWithMisses. " +
            "onet mode: ONet alone on the crop resized to 48×48; these tight crops differ from the square boxes the " +
            "cascade gives ONet, so this mode measures the landmark head out of its usual context.");
        var rows = new List<IReadOnlyList<string>>();
        var pointNames = new[] { "left_eye", "right_eye", "nose", "left_mouth", "right_mouth" };
        var examples = new List<(List<LandmarkCropResult>, string)>();
        foreach (var mode in settings.LandmarkModes)
        {
            string name = mode.ToString().ToLowerInvariant();
            log.WriteLine($"Landmarks ({name}) on {samples.Count} crops...");
            var results = LandmarkEvaluation.Run(samples, root, mode, detector, weights,
                n => { if (n % 500 == 0) log.WriteLine($"  {n}/{samples.Count}"); });
            var s = LandmarkEvaluation.Score(name, results);
            var perPoint = new JsonObject();
            for (int k = 0; k < 5; k++) perPoint[pointNames[k]] = Json.Num(s.Error.MeanPerPoint[k]);
            json[name] = new JsonObject
            {
                ["scored"] = s.Error.Count, ["meanError"] = Json.Num(s.Error.Mean), ["perPoint"] = perPoint,
                ["failureRate"] = Json.Num(s.Error.FailureRate), ["failureThreshold"] = s.Error.FailureThreshold,
                ["failureRateWithMisses"] = Json.Num(s.FailureRateWithMisses),
                ["detectionRate"] = Json.Num(s.DetectionRate), ["recallAtIou50"] = Json.Num(s.RecallAtIou50),
                ["meanDetectionsPerCrop"] = Json.Num(s.MeanDetectionsPerCrop),
            };
            Csv.Save(Path.Combine(settings.OutputFolder, $"landmarks_{name}.csv"),
                ["path", "detections", "best_iou", "confidence", "mean_error", .. pointNames],
                results.Select(r => new object[] { r.Sample.Path, r.Detections, r.BestIou, r.Confidence, r.MeanError }
                    .Concat(r.Error?.Cast<object>() ?? Enumerable.Repeat<object>(double.NaN, 5))));
            var curve = LandmarkError.Cdf(results.Where(r => r.Error is not null).Select(r => new LandmarkErrorSample(r.Sample.Path, r.Error!, r.MeanError)).ToList());
            Csv.Save(Path.Combine(settings.OutputFolder, $"nme_cdf_{name}.csv"), ["mean_error", "fraction"], curve.Select(p => new object[] { p.Error, p.Fraction }));
            cdf.Series.Add(new PlotSeries($"{name}: mean {s.Error.Mean:0.0000}", curve.Select(p => p.Error).ToArray(), curve.Select(p => p.Fraction).ToArray()));
            rows.Add([name, s.Error.Count.ToString(), $"{s.Error.Mean:0.0000}", string.Join(" / ", s.Error.MeanPerPoint.Select(v => v.ToString("0.0000"))),
                $"{s.Error.FailureRate:0.0000}", $"{s.DetectionRate:0.0000}", $"{s.RecallAtIou50:0.0000}"]);
            examples.Add((results, name));
        }
        cdf.SavePng(Path.Combine(settings.OutputFolder, "nme_cdf.png"));
        html.Table(["mode", "scored", "mean NME", "per point (LE/RE/N/LM/RM)", "failure rate (>10%)", "detection rate", "recall IoU≥0.5"], rows)
            .Image(Path.Combine(settings.OutputFolder, "nme_cdf.png"), "Cumulative distribution of the normalised mean error");
        foreach (var (results, name) in examples) LandmarkExamples(results, root, name, html);
        return json;
    }

    private void LandmarkExamples(IReadOnlyList<LandmarkCropResult> results, string root, string mode, Html html)
    {
        if (settings.Examples <= 0) return;
        html.Heading($"Worst landmark errors ({mode}) — green: reference, red: predicted", 3);
        foreach (var r in results.Where(r => r.Error is not null).OrderByDescending(r => r.MeanError).Take(settings.Examples))
        {
            using var bitmap = RgbImage.ToBitmap(RgbImage.Load(Path.Combine(root, r.Sample.Path)));
            var shapes = new[]
            {
                new Annotate.Shape(null, r.Sample.Points.Select(p => new SkiaSharp.SKPoint(p.X, p.Y)).ToArray(), SkiaSharp.SKColors.LimeGreen),
                new Annotate.Shape(null, r.Predicted!.Select(p => new SkiaSharp.SKPoint(p.X, p.Y)).ToArray(), SkiaSharp.SKColors.Red),
            };
            html.Image(Annotate.Jpeg(bitmap, new SkiaSharp.SKRect(0, 0, bitmap.Width, bitmap.Height), shapes, 240), "image/jpeg",
                $"{r.Sample.Path}: error {r.MeanError:0.000}");
        }
        var misses = results.Where(r => r.Error is null).Take(settings.Examples).ToList();
        if (misses.Count == 0) return;
        html.Heading($"Crops without any detection ({mode})", 3);
        foreach (var r in misses)
        {
            using var bitmap = RgbImage.ToBitmap(RgbImage.Load(Path.Combine(root, r.Sample.Path)));
            var shapes = new[] { new Annotate.Shape(null, r.Sample.Points.Select(p => new SkiaSharp.SKPoint(p.X, p.Y)).ToArray(), SkiaSharp.SKColors.LimeGreen) };
            html.Image(Annotate.Jpeg(bitmap, new SkiaSharp.SKRect(0, 0, bitmap.Width, bitmap.Height), shapes, 240), "image/jpeg", $"{r.Sample.Path}: no detection");
        }
    }

    internal static JsonObject Options(DetectorOptions o) => new()
    {
        ["minFace"] = o.MinFaceSize, ["scaleFactor"] = o.ScaleFactor,
        ["thresholds"] = new JsonArray(o.PNetThreshold, o.RNetThreshold, o.ONetThreshold),
        ["nms"] = new JsonArray(o.PNetScaleNms, o.PNetCrossScaleNms, o.RNetNms, o.ONetNms),
        ["edgeMode"] = o.EdgeMode.ToString(), ["backend"] = o.Backend.ToString(), ["cpuThreads"] = o.CpuThreads,
        ["gpuPrecision"] = o.GpuPrecision.ToString(),
    };

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
