using System.Text.Json.Nodes;
using MtcnnCuda.Perf.Eval;

namespace MtcnnCuda.Perf.Tests;

/// <summary>End-to-end runs on the shared data with the reference weights (skipped without ../shared/data).</summary>
public class EvalRunnerTests
{
    [Fact]
    public void Landmark_eval_on_AFLW_crops_writes_all_outputs()
    {
        string weights = SharedData.ReferenceWeights;
        string list = SharedData.Require("landmarks-5pt/test.txt");
        using var temp = new TempFolder();
        var settings = new EvalSettings
        {
            Weights = weights, OutputFolder = temp.Path, Landmarks = list, Limit = 12,
            LandmarkModes = [LandmarkMode.Detector, LandmarkMode.ONet], Examples = 2,
        };
        var summary = new EvalRunner(settings, TextWriter.Null).Run();
        foreach (var file in new[] { "summary.json", "index.html", "nme_cdf.png", "landmarks_detector.csv", "landmarks_onet.csv", "nme_cdf_onet.csv" })
            Assert.True(File.Exists(Path.Combine(temp.Path, file)), file);
        var onet = summary["landmarks"]!["onet"]!;
        Assert.Equal(12, (int)onet["scored"]!);
        // A working landmark head is far better than the 0.5+ errors of random points; a broken convention
        // (x/y swapped, wrong flatten) lands well above 0.2.
        Assert.InRange((double)onet["meanError"]!, 0.0, 0.2);
        var detector = summary["landmarks"]!["detector"]!;
        Assert.True((double)detector["detectionRate"]! > 0.5, "the detector finds most 80×80 face crops");
        Assert.InRange((double)detector["meanError"]!, 0.0, 0.2);
    }

    [Fact]
    public void Detection_eval_on_multiface_with_a_wider_style_annotation()
    {
        string weights = SharedData.ReferenceWeights;
        string image = SharedData.Require("images/multiface.jpg");
        using var temp = new TempFolder();
        // One annotated face (the one the data README names); the other faces are unannotated, so they are false alarms.
        string gt = Path.Combine(temp.Path, "gt.txt");
        File.WriteAllText(gt, "multiface.jpg\n1\n855 430 105 110 0 0 0 0 0 0\n");
        var settings = new EvalSettings
        {
            Weights = weights, OutputFolder = Path.Combine(temp.Path, "out"), WiderGroundTruth = [gt],
            Images = Path.GetDirectoryName(image), Examples = 1,
        };
        var summary = new EvalRunner(settings, TextWriter.Null).Run();
        var hard = summary["detection"]!["subsets"]!["hard"]!;
        Assert.Equal(1L, (long)hard["faces"]!);
        Assert.Equal(1.0, (double)hard["maxRecall"]!);
        var roc = File.ReadAllLines(Path.Combine(settings.OutputFolder, "roc.csv"));
        Assert.True(roc.Length >= 3, "several detections → several ROC points");
        foreach (var file in new[] { "pr.png", "roc.png", "pr_easy.csv", "index.html" })
            Assert.True(File.Exists(Path.Combine(settings.OutputFolder, file)), file);
        Assert.Contains("false alarm", File.ReadAllText(Path.Combine(settings.OutputFolder, "index.html")));
    }
}
