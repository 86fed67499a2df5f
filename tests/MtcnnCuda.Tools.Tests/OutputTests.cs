using System.Text.Json;
using SkiaSharp;
using Spectre.Console;

namespace MtcnnCuda.Tools.Tests;

/// <summary>
/// Output formats, per-file errors and drawing, with test weights that find "faces" everywhere (see
/// <see cref="SyntheticWeights"/>), so these run without the research data.
/// </summary>
public class OutputTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly string _weights;

    public OutputTests() => _weights = SyntheticWeights.WriteAlwaysFace(_dir);

    public void Dispose() => _dir.Dispose();

    private string Png(string name, int width, int height)
    {
        using var bitmap = TestImageFiles.Quadrants(width, height);
        return _dir.Write(name, TestImageFiles.Encode(bitmap, SKEncodedImageFormat.Png));
    }

    [Fact]
    public void Json_document_has_the_documented_schema()
    {
        var image = Png("a.png", 60, 40);
        var result = Cli.Detect(image, "--weights", _weights, "--json", "--min-face", "24");
        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal("", result.Err);

        using var doc = JsonDocument.Parse(result.Out);
        var root = doc.RootElement;
        Assert.Equal("cpu", root.GetProperty("backend").GetString());
        Assert.Equal(_weights, root.GetProperty("weights").GetString());
        var entry = Assert.Single(root.GetProperty("images").EnumerateArray());
        Assert.Equal(image, entry.GetProperty("file").GetString());
        Assert.Equal(60, entry.GetProperty("width").GetInt32());
        Assert.Equal(40, entry.GetProperty("height").GetInt32());
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("error").ValueKind);
        var faces = entry.GetProperty("faces").EnumerateArray().ToList();
        Assert.NotEmpty(faces);
        foreach (var face in faces)
        {
            var box = face.GetProperty("box");
            float x1 = box.GetProperty("x1").GetSingle(), y1 = box.GetProperty("y1").GetSingle();
            float x2 = box.GetProperty("x2").GetSingle(), y2 = box.GetProperty("y2").GetSingle();
            Assert.True(x2 > x1 && y2 > y1, $"box {x1},{y1},{x2},{y2} is empty");
            Assert.InRange(face.GetProperty("confidence").GetSingle(), 0.7f, 1f);
            var marks = face.GetProperty("landmarks").EnumerateArray().ToList();
            Assert.Equal(5, marks.Count);
            // The test weights place landmark k at fixed fractions of the box, with the reference convention
            // x1 − 1 + f·(x2 − x1 + 1) (facenet-pytorch); no box regression, so the box is the final one.
            for (int k = 0; k < 5; k++)
            {
                float ex = x1 - 1 + SyntheticWeights.LandmarkFractions[k] * (x2 - x1 + 1);
                float ey = y1 - 1 + SyntheticWeights.LandmarkFractions[5 + k] * (y2 - y1 + 1);
                Assert.Equal(ex, marks[k].GetProperty("x").GetSingle(), 0.05f);
                Assert.Equal(ey, marks[k].GetProperty("y").GetSingle(), 0.05f);
            }
        }
    }

    [Theory]
    [InlineData(new string[0], true)]
    [InlineData(new[] { "--threads", "1" }, true)]
    [InlineData(new[] { "--thresholds", "0.6,0.7,1" }, false)]  // ONet's p ≈ 1 − 1e-7 is not > 1
    [InlineData(new[] { "--thresholds", "1,0.7,0.7" }, false)]  // nor PNet's
    [InlineData(new[] { "--min-face", "49" }, false)]           // no pyramid level fits a 48×48 image
    public void Options_reach_the_detector(string[] options, bool expectFaces)
    {
        var image = Png("a.png", 48, 48);
        var result = Cli.Detect([image, "--weights", _weights, "--json", .. options]);
        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Out);
        int count = doc.RootElement.GetProperty("images")[0].GetProperty("faces").GetArrayLength();
        Assert.Equal(expectFaces, count > 0);
    }

    [Fact]
    public void A_bad_file_does_not_stop_the_others()
    {
        var good = Png("good.png", 48, 48);
        var empty = _dir.Write("empty.jpg", []);
        var random = new byte[2000];
        new Random(5).NextBytes(random);
        var noise = _dir.Write("random.png", random);
        var missing = _dir.File("missing.jpg");
        var good2 = Png("good2.png", 36, 30);

        var result = Cli.Detect(good, empty, noise, missing, good2, "--weights", _weights, "--json");
        Assert.Equal(ExitCodes.ImageFailed, result.ExitCode);
        Assert.Contains($"{empty}: the file is empty", result.Err);
        Assert.Contains($"{noise}: not a supported image", result.Err);
        Assert.Contains($"{missing}: file not found", result.Err);

        using var doc = JsonDocument.Parse(result.Out);
        var images = doc.RootElement.GetProperty("images").EnumerateArray().ToList();
        Assert.Equal([good, empty, noise, missing, good2], images.Select(i => i.GetProperty("file").GetString()));
        foreach (var i in new[] { 0, 4 })
        {
            Assert.Equal(JsonValueKind.Null, images[i].GetProperty("error").ValueKind);
            Assert.NotEmpty(images[i].GetProperty("faces").EnumerateArray());
        }
        Assert.Equal((36, 30), (images[4].GetProperty("width").GetInt32(), images[4].GetProperty("height").GetInt32()));
        foreach (var i in new[] { 1, 2, 3 })
        {
            Assert.False(string.IsNullOrEmpty(images[i].GetProperty("error").GetString()));
            Assert.Equal(JsonValueKind.Null, images[i].GetProperty("width").ValueKind);
            Assert.Empty(images[i].GetProperty("faces").EnumerateArray());
        }
    }

    [Fact]
    public void Plain_text_lists_every_face_of_every_image()
    {
        var a = Png("a.png", 48, 48);
        var result = Cli.Detect(a, _dir.File("missing.png"), "--weights", _weights);
        Assert.Equal(ExitCodes.ImageFailed, result.ExitCode);
        var lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith($"{a}: 48x48, ", lines[0]);
        int faces = int.Parse(lines[0].Split(", ")[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(faces > 0);
        Assert.Matches(@"^\s+#\s+x1\s+y1\s+x2\s+y2\s+confidence\s+left eye\s+right eye\s+nose\s+left mouth\s+right mouth$", lines[1]);
        Assert.Equal(faces, lines.Length - 2);
        Assert.Matches(@"^\s+1\s+-?\d+\.\d\s", lines[2]);
        Assert.DoesNotContain("\u001b", result.Out); // no ANSI escapes when the output is not a terminal
        Assert.Contains("missing.png: file not found", result.Err);
    }

    [Fact]
    public void Rich_table_shows_the_same_values()
    {
        var face = new Face(new BoundingBox(10.25f, 20f, 60f, 80f), 0.98765f,
            new FaceLandmarks(new(20, 40), new(50, 40), new(35, 55), new(25, 70), new(45, 70)));
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 200;
        TextReport.WriteRich(console, new ImageResult("x [1].jpg", 100, 90, [face], null));
        var text = output.ToString();
        foreach (var expected in new[] { "x [1].jpg (100×90): 1 face", "10,20,60,80", "0.988", "20,40  50,40  35,55  25,70  45,70", "right mouth" })
            Assert.Contains(expected, text);
    }

    [Fact]
    public void Draw_writes_a_decodable_image_of_the_upright_size()
    {
        // A 64×32 picture stored with EXIF orientation 6: upright it is 32×64, and so must be the drawing.
        using var stored = TestImageFiles.Quadrants(64, 32);
        var input = _dir.Write("rotated.jpg", TestImageFiles.WithExifOrientation(TestImageFiles.Encode(stored, SKEncodedImageFormat.Jpeg), 6));
        Directory.CreateDirectory(_dir.File("out"));
        var output = _dir.File("out/drawn.png");
        var result = Cli.Detect(input, "--weights", _weights, "--draw", output, "--json");
        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Out);
        Assert.Equal(output, doc.RootElement.GetProperty("images")[0].GetProperty("drawn").GetString());

        using var codec = SKCodec.Create(output);
        Assert.NotNull(codec);
        Assert.Equal(SKEncodedImageFormat.Png, codec.EncodedFormat);
        Assert.Equal((32, 64), (codec.Info.Width, codec.Info.Height));
        var drawn = ImageDecoder.Decode(output);
        var plain = ImageDecoder.Decode(input);
        Assert.NotEqual(plain.Rgba, drawn.Rgba); // something was drawn
        Assert.Contains(Enumerable.Range(0, drawn.Width * drawn.Height), i =>
            drawn.Rgba[4 * i] == 0 && drawn.Rgba[4 * i + 1] == 255 && drawn.Rgba[4 * i + 2] == 0); // a box pixel
    }

    [Fact]
    public void Draw_into_a_directory_for_several_images()
    {
        var a = Png("a.png", 40, 40);
        using var bitmap = TestImageFiles.Quadrants(50, 30);
        var b = _dir.Write("b.jpeg", TestImageFiles.Encode(bitmap, SKEncodedImageFormat.Jpeg));
        var outDir = _dir.File("drawn");
        var result = Cli.Detect(a, b, "--weights", _weights, "--draw", outDir);
        Assert.Equal(ExitCodes.Ok, result.ExitCode);

        using (var codec = SKCodec.Create(Path.Combine(outDir, "a.png")))
            Assert.Equal((SKEncodedImageFormat.Png, 40, 40), (codec.EncodedFormat, codec.Info.Width, codec.Info.Height));
        using (var codec = SKCodec.Create(Path.Combine(outDir, "b.jpeg")))
            Assert.Equal((SKEncodedImageFormat.Jpeg, 50, 30), (codec.EncodedFormat, codec.Info.Width, codec.Info.Height));
        Assert.Contains("drawn to " + Path.Combine(outDir, "a.png"), result.Out);
    }

    [Fact]
    public void Draw_one_image_into_an_existing_directory()
    {
        var a = Png("a.png", 40, 30);
        var outDir = _dir.File("existing");
        Directory.CreateDirectory(outDir);
        var result = Cli.Detect(a, "--weights", _weights, "--draw", outDir);
        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        using var codec = SKCodec.Create(Path.Combine(outDir, "a.png"));
        Assert.Equal((40, 30), (codec.Info.Width, codec.Info.Height));
    }

    [Fact]
    public void Failing_to_write_a_drawing_is_an_image_error_with_a_plain_reason()
    {
        // /proc exists but accepts no new files; .NET reports that as "Could not find file".
        Assert.SkipUnless(OperatingSystem.IsLinux() && Directory.Exists("/proc/self"), "needs Linux's /proc as an unwritable folder");
        var a = Png("a.png", 40, 40);
        var result = Cli.Detect(a, "--weights", _weights, "--draw", "/proc/mtcnn-tools-test-" + Guid.NewGuid().ToString("N") + ".png");
        Assert.Equal(ExitCodes.ImageFailed, result.ExitCode);
        Assert.Contains("cannot write the drawing", result.Err);
        Assert.Contains("does not accept new files", result.Err);
        Assert.DoesNotContain("Could not find file", result.Err);
        Assert.StartsWith($"{a}: 40x40, ", result.Out); // the faces are still reported
    }
}
