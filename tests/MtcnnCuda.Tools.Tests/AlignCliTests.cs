using System.CommandLine;
using System.Text.Json;
using MtcnnCuda.Tools.Align;
using SkiaSharp;

namespace MtcnnCuda.Tools.Tests;

/// <summary><c>mtcnn align</c> and <c>mtcnn detect --align</c> with the always-face test weights (no research data needed).</summary>
public sealed class AlignCliTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly string _weights;
    private readonly string _image;

    public AlignCliTests()
    {
        _weights = SyntheticWeights.WriteAlwaysFace(_dir);
        using var bitmap = TestImageFiles.Noise(90, 70, seed: 3);
        _image = _dir.Write("noise.png", TestImageFiles.Encode(bitmap, SKEncodedImageFormat.Png));
    }

    public void Dispose() => _dir.Dispose();

    private static Cli.Result Run(params string[] args)
    {
        var root = new RootCommand("mtcnn (test)");
        root.Subcommands.Add(DetectCommand.Create());
        root.Subcommands.Add(AlignCommand.Create());
        var output = new StringWriter();
        var error = new StringWriter();
        int code = root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        TestContext.Current.TestOutputHelper?.WriteLine($"exit {code}\n--- stdout\n{output}--- stderr\n{error}");
        return new Cli.Result(code, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData(new string[0], 112, 112)]
    [InlineData(new[] { "--template", "arcface96x112" }, 96, 112)]
    [InlineData(new[] { "--template", "square", "--size", "80", "--margin", "10" }, 80, 80)]
    public void Align_writes_one_png_per_face_equal_to_the_engine_crop_and_an_index(string[] extra, int width, int height)
    {
        var outDir = _dir.File("crops");
        var result = Run(["align", _image, "--out", outDir, "--weights", _weights, "--min-face", "40", "--backend", "cpu", .. extra]);
        Assert.Equal(ExitCodes.Ok, result.ExitCode);

        using var index = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, CropWriter.IndexName)));
        Assert.Equal(width, index.RootElement.GetProperty("width").GetInt32());
        Assert.Equal(height, index.RootElement.GetProperty("height").GetInt32());
        var crops = index.RootElement.GetProperty("crops").EnumerateArray().ToArray();
        Assert.NotEmpty(crops);
        Assert.Equal(crops.Length, Directory.GetFiles(outDir, "*.png").Length);

        // The first crop again, straight from the engine with the face the index records.
        using var file = SKBitmap.Decode(_image);
        using var source = file.Copy(SKColorType.Rgba8888);
        var decoded = new ImageData(source.GetPixelSpan().ToArray(), source.Width, source.Height, PixelFormat.Rgba32);
        var face = ReadFace(crops[0].GetProperty("detection"));
        var settings = AlignSettings.Create(outDir, "--out", index.RootElement.GetProperty("template").GetString(), height,
            index.RootElement.GetProperty("margin").GetInt32(), "", [])!;
        var expected = FaceAligner.Align(decoded, [face], settings.Options).Crop(0);
        using var png = SKBitmap.Decode(Path.Combine(outDir, crops[0].GetProperty("file").GetString()!));
        Assert.Equal((width, height), (png.Width, png.Height));
        int worst = 0;
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                var c = png.GetPixel(x, y);
                int o = 3 * (y * width + x);
                worst = Math.Max(worst, Math.Max(Math.Abs(c.Red - expected[o]), Math.Max(Math.Abs(c.Green - expected[o + 1]), Math.Abs(c.Blue - expected[o + 2]))));
            }
        // The index stores float32 coordinates as JSON, so the re-run uses the same face; only PNG round-trip is left.
        Assert.Equal(0, worst);
    }

    [Fact]
    public void Detect_with_align_writes_the_crops_of_the_faces_it_reports()
    {
        var outDir = _dir.File("both");
        var result = Run("detect", _image, "--align", outDir, "--align-template", "square", "--weights", _weights, "--min-face", "40", "--json", "--backend", "cpu");
        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Out);
        int faces = doc.RootElement.GetProperty("images")[0].GetProperty("faces").GetArrayLength();
        Assert.True(faces > 0);
        using var index = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, CropWriter.IndexName)));
        Assert.Equal(faces, index.RootElement.GetProperty("crops").GetArrayLength());
        Assert.Equal(160, index.RootElement.GetProperty("width").GetInt32());
    }

    [Theory]
    [InlineData("align {img} --weights {w}", "--out")]
    [InlineData("align {img} --out {d} --template round --weights {w}", "must be one of")]
    [InlineData("align {img} --out {d} --margin 5 --weights {w}", "square template only")]
    [InlineData("align {img} --out {d} --size 4 --weights {w}", "outside 8..")]
    [InlineData("detect {img} --align-size 100 --weights {w}", "need --align DIR")]
    public void Bad_align_options_are_usage_errors(string line, string message)
    {
        var args = line.Split(' ').Select(a => a.Replace("{img}", _image).Replace("{w}", _weights).Replace("{d}", _dir.File("x"))).ToArray();
        var result = Run(args);
        Assert.Equal(ExitCodes.UsageOrWeights, result.ExitCode);
        Assert.Contains(message, result.Err);
        Assert.False(Directory.Exists(_dir.File("x")));
    }

    private static Face ReadFace(JsonElement e)
    {
        var box = e.GetProperty("box");
        var marks = e.GetProperty("landmarks").EnumerateArray().Select(p => new PointF(p.GetProperty("x").GetSingle(), p.GetProperty("y").GetSingle())).ToArray();
        return new Face(new BoundingBox(box.GetProperty("x1").GetSingle(), box.GetProperty("y1").GetSingle(), box.GetProperty("x2").GetSingle(), box.GetProperty("y2").GetSingle()),
            e.GetProperty("confidence").GetSingle(), new FaceLandmarks(marks[0], marks[1], marks[2], marks[3], marks[4]));
    }
}
