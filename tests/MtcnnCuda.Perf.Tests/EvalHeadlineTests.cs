using System.Text.Json.Nodes;
using MtcnnCuda.Perf.Common;
using MtcnnCuda.Perf.Eval;

namespace MtcnnCuda.Perf.Tests;

/// <summary>`mtcnn eval` prints its results, not only "Wrote summary.json"; default outputs stay out of the repository.</summary>
public class EvalHeadlineTests
{
    [Fact]
    public void Headline_prints_ap_roc_and_landmark_tables_from_the_summary()
    {
        var summary = JsonNode.Parse("""
            {
              "detection": { "protocol": "FDDB", "images": 12, "detections": 40,
                "subsets": { "easy": { "faces": 30, "apExact": 0.91234, "apOfficialSampling": 0.9, "maxRecall": 0.95 } },
                "roc": { "faces": 30, "tprAt50Fp": 0.7, "tprAt100Fp": 0.8, "tprAt500Fp": 0.825, "tprAt1000Fp": 0.85 } },
              "landmarks": { "file": "t.txt", "crops": 5, "normalisation": "x",
                "onet": { "scored": 5, "meanError": 0.0743, "failureRate": 0.154, "detectionRate": 1 } }
            }
            """)!.AsObject();
        var output = new StringWriter();
        EvalHeadline.Write(summary, output);
        var text = output.ToString();
        Assert.Contains("Detection: 12 images, 40 detections", text);
        Assert.Matches(@"easy\s+30\s+0\.9123\s+0\.9000\s+0\.9500", text);
        Assert.Contains("0.7000 at 50 false positives, 0.8000 at 100, 0.8250 at 500, 0.8500 at 1000", text);
        Assert.Matches(@"onet\s+5\s+0\.0743\s+0\.1540\s+1\.0000", text);
        Assert.DoesNotContain("normalisation", text); // only mode objects become rows
    }

    [Fact]
    public void Eval_run_prints_the_headline_before_the_files()
    {
        string weights = SharedData.ReferenceWeights;
        string list = SharedData.Require("landmarks-5pt/test.txt");
        using var temp = new TempFolder();
        var log = new StringWriter();
        new EvalRunner(new EvalSettings { Weights = weights, OutputFolder = temp.Path, Landmarks = list, Limit = 3, LandmarkModes = [LandmarkMode.ONet], Examples = 0 }, log).Run();
        Assert.Matches(@"onet\s+3\s+0\.\d{4}", log.ToString());
        Assert.Contains("Wrote ", log.ToString());
    }

    [Fact]
    public void Default_results_folder_is_under_the_current_directory_not_perf_results()
    {
        var folder = MachineInfo.DefaultResultsFolder("eval");
        Assert.StartsWith(Path.Combine(Environment.CurrentDirectory, MachineInfo.DefaultResultsRoot), folder);
        Assert.DoesNotContain(Path.Combine("perf", "results"), folder);
        var gitignore = File.ReadAllText(Repository.PathOf(".gitignore"));
        Assert.Contains(MachineInfo.DefaultResultsRoot + "/", gitignore);
    }
}
