using System.Text.Json;

namespace MtcnnCuda.Tools.Tests;

/// <summary>
/// The README's first command: <c>mtcnn detect src/Tools/samples/faces.jpg</c> with no flags (the embedded original
/// weights) must find exactly the six whole faces annotated in the photo (src/Tools/samples/README.md) and nothing else;
/// so must the project's own model (--model own).
/// Needs nothing outside the repository.
/// </summary>
public class SamplePhotoTests
{
    /// <summary>The annotated whole faces (x1, y1, x2, y2); a seventh, cut off by the right edge, is not expected.</summary>
    private static readonly float[][] Annotated =
    [
        [11, 48, 41, 75], [91, 41, 121, 72], [176, 56, 204, 83], [239, 56, 266, 81], [301, 62, 329, 87], [343, 74, 368, 97],
    ];

    public static string SamplePhoto() => Repository.PathOf("src", "Tools", "samples", "faces.jpg");

    private static float Iou(float[] a, float[] b)
    {
        float iw = MathF.Max(0, MathF.Min(a[2], b[2]) - MathF.Max(a[0], b[0]));
        float ih = MathF.Max(0, MathF.Min(a[3], b[3]) - MathF.Max(a[1], b[1]));
        float inter = iw * ih;
        return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter);
    }

    [Fact]
    public void Detect_with_no_flags_finds_exactly_the_six_annotated_faces() =>
        AssertExactlyTheAnnotatedFaces(Cli.Detect(SamplePhoto(), "--json"), "embedded:original");

    /// <summary>The project's own trained model (models/own.safetensors, --model own) must pass the same check.</summary>
    [Fact]
    public void The_own_model_finds_exactly_the_six_annotated_faces() =>
        AssertExactlyTheAnnotatedFaces(Cli.Detect(SamplePhoto(), "--json", "--model", "own"), "embedded:own");

    private static void AssertExactlyTheAnnotatedFaces(Cli.Result result, string weights)
    {
        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Out);
        Assert.Equal(weights, doc.RootElement.GetProperty("weights").GetString());
        var image = Assert.Single(doc.RootElement.GetProperty("images").EnumerateArray());
        Assert.Equal((400, 300), (image.GetProperty("width").GetInt32(), image.GetProperty("height").GetInt32()));
        var found = image.GetProperty("faces").EnumerateArray()
            .Select(f => f.GetProperty("box"))
            .Select(b => new[] { b.GetProperty("x1").GetSingle(), b.GetProperty("y1").GetSingle(), b.GetProperty("x2").GetSingle(), b.GetProperty("y2").GetSingle() })
            .ToList();

        Assert.Equal(Annotated.Length, found.Count);
        var unmatched = found.ToList();
        foreach (var face in Annotated)
        {
            var best = unmatched.OrderByDescending(d => Iou(face, d)).First();
            Assert.True(Iou(face, best) >= 0.5f, $"annotated face [{string.Join(", ", face)}] has no detection with IoU ≥ 0.5 (best {Iou(face, best):F2})");
            unmatched.Remove(best);
        }
    }

    [Fact]
    public void The_plain_table_names_six_faces()
    {
        var result = Cli.Detect(SamplePhoto());
        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("400x300, 6 faces", result.Out);
    }
}
