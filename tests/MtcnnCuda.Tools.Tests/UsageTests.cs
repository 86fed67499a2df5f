using MtcnnCuda.Weights;
using SkiaSharp;

namespace MtcnnCuda.Tools.Tests;

/// <summary>Option validation and weights errors: exit code 2, a clear message, and no image processed.</summary>
public class UsageTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly string _image;
    private readonly string _weights;

    public UsageTests()
    {
        using var bitmap = TestImageFiles.Quadrants(32, 32);
        _image = _dir.Write("a.png", TestImageFiles.Encode(bitmap, SKEncodedImageFormat.Png));
        _weights = SyntheticWeights.WriteAlwaysFace(_dir);
    }

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string[], string> BadOptions => new()
    {
        { ["--min-face", "11"], "--min-face must be a number ≥ 12" },
        { ["--min-face", "abc"], "Cannot parse argument 'abc'" },
        { ["--min-face", "NaN"], "--min-face must be a number ≥ 12" },
        { ["--thresholds", "0.6,0.7"], "--thresholds needs three comma-separated numbers" },
        { ["--thresholds", "0.6,0.7,0.7,0.7"], "--thresholds needs three comma-separated numbers" },
        { ["--thresholds", "0.6,1.5,0.7"], "each value must be a number in [0, 1]; got '1.5'" },
        { ["--thresholds", "0.6,-0.1,0.7"], "got '-0.1'" },
        { ["--thresholds", "a,b,c"], "got 'a'" },
        { ["--threads", "-1"], "--threads must be ≥ 0" },
        { ["--backend", "gpu"], "gpu" },
        { ["--draw", "out.bmp"], "use a .png, .jpg or .jpeg file name" },
        { ["--bogus"], "Unrecognized option '--bogus'" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Invalid_options_are_usage_errors(string[] options, string message)
    {
        var result = Cli.Detect([_image, "--weights", _weights, .. options]);
        Assert.Equal(ExitCodes.UsageOrWeights, result.ExitCode);
        Assert.Contains(message, result.Err);
        Assert.Contains("mtcnn detect --help", result.Err);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public void No_image_is_a_usage_error()
    {
        var result = Cli.Detect("--weights", _weights);
        Assert.Equal(ExitCodes.UsageOrWeights, result.ExitCode);
        Assert.Contains("Required argument missing", result.Err);
    }

    [Fact]
    public void Model_and_weights_together_are_a_usage_error()
    {
        var result = Cli.Detect(_image, "--model", "original", "--weights", _weights);
        Assert.Equal(ExitCodes.UsageOrWeights, result.ExitCode);
        Assert.Contains("--model and --weights exclude each other", result.Err);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public void Unknown_model_name_lists_the_embedded_models()
    {
        var result = Cli.Detect(_image, "--model", "nope");
        Assert.Equal(ExitCodes.UsageOrWeights, result.ExitCode);
        Assert.Contains("No embedded model named 'nope'", result.Err);
        Assert.Contains("original", result.Err);
    }

    [Fact]
    public void Without_flags_it_uses_the_embedded_default_model()
    {
        var result = Cli.Detect(_image, "--json");
        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("embedded:original", result.Out);
    }

    [Fact]
    public void Missing_weights_file_is_reported()
    {
        var result = Cli.Detect(_image, "--weights", _dir.File("nope.safetensors"));
        Assert.Equal(ExitCodes.UsageOrWeights, result.ExitCode);
        Assert.Contains("weights file not found", result.Err);
    }

    [Fact]
    public void Invalid_weights_file_is_reported()
    {
        var bytes = new byte[1000];
        new Random(3).NextBytes(bytes);
        var result = Cli.Detect(_image, "--weights", _dir.Write("bad.safetensors", bytes));
        Assert.Equal(ExitCodes.UsageOrWeights, result.ExitCode);
        Assert.Contains("cannot load weights", result.Err);
    }

    [Fact]
    public void Several_images_need_a_draw_directory_not_a_file()
    {
        var existing = _dir.Write("out.png", [1]);
        var result = Cli.Detect(_image, _image + ".2", "--weights", _weights, "--draw", existing);
        Assert.Equal(ExitCodes.UsageOrWeights, result.ExitCode);
        Assert.Contains("must be a directory", result.Err);
    }

    [Fact]
    public void Several_images_with_an_image_file_name_for_draw_is_an_error_and_creates_nothing()
    {
        var target = _dir.File("x.png");
        var result = Cli.Detect(_image, _image + ".2", "--weights", _weights, "--draw", target);
        Assert.Equal(ExitCodes.UsageOrWeights, result.ExitCode);
        Assert.Contains("names an image file, but 2 images were given", result.Err);
        Assert.False(Directory.Exists(target) || File.Exists(target));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Draw_creates_no_missing_parent_folders(int images)
    {
        var missing = _dir.File("no-such-folder");
        var target = images == 1 ? Path.Combine(missing, "out.png") : Path.Combine(missing, "drawn");
        string[] inputs = images == 1 ? [_image] : [_image, _image + ".2"];
        var result = Cli.Detect([.. inputs, "--weights", _weights, "--draw", target]);
        Assert.Equal(ExitCodes.UsageOrWeights, result.ExitCode);
        Assert.Contains($"the folder '{missing}' does not exist", result.Err);
        Assert.False(Directory.Exists(missing));
    }

    [Fact]
    public void Draw_under_a_file_says_it_is_a_file()
    {
        var blocker = _dir.Write("blocker", [0]);
        var result = Cli.Detect(_image, "--weights", _weights, "--draw", Path.Combine(blocker, "out.png"));
        Assert.Equal(ExitCodes.UsageOrWeights, result.ExitCode);
        Assert.Contains($"'{blocker}' is a file, not a folder", result.Err);
    }

    [Fact]
    public void Weights_that_are_a_directory_are_named_as_such()
    {
        var result = Cli.Detect(_image, "--weights", _dir.Path);
        Assert.Equal(ExitCodes.UsageOrWeights, result.ExitCode);
        Assert.Contains("is a directory, not a weights file", result.Err);
        Assert.DoesNotContain("not found", result.Err);
    }

    [Fact]
    public void Drawing_over_an_input_is_refused()
    {
        var result = Cli.Detect(_image, "--weights", _weights, "--draw", _image);
        Assert.Equal(ExitCodes.UsageOrWeights, result.ExitCode);
        Assert.Contains("would overwrite the input", result.Err);
        using var original = TestImageFiles.Quadrants(32, 32);
        Assert.Equal(TestImageFiles.Encode(original, SKEncodedImageFormat.Png), File.ReadAllBytes(_image));
    }

    [Fact]
    public void Inputs_with_the_same_name_cannot_share_a_draw_directory()
    {
        Directory.CreateDirectory(_dir.File("sub"));
        var other = Path.Combine(_dir.File("sub"), "a.png");
        File.Copy(_image, other);
        var result = Cli.Detect(_image, other, "--weights", _weights, "--draw", _dir.File("drawn"));
        Assert.Equal(ExitCodes.UsageOrWeights, result.ExitCode);
        Assert.Contains("would both be drawn to", result.Err);
    }

    [Fact]
    public void Help_documents_the_exit_codes()
    {
        var result = Cli.Detect("--help");
        Assert.Equal(0, result.ExitCode);
        foreach (var text in new[] { "Exit codes", "0  every image", "1  some image", "2  usage error", "3  the requested backend", "--weights", "--min-face", "--thresholds", "--backend", "--json", "--draw", "--threads" })
            Assert.Contains(text, result.Out);
    }

    [Fact]
    public void Top_level_help_lists_detect_in_one_line_without_its_exit_codes()
    {
        var root = new System.CommandLine.RootCommand("mtcnn (test)");
        root.Subcommands.Add(DetectCommand.Create());
        HelpEpilog.Install(root);
        var output = new StringWriter();
        root.Parse(["--help"]).Invoke(new System.CommandLine.InvocationConfiguration { Output = output, Error = new StringWriter() });
        Assert.Contains("detect <IMAGE>  Detect faces in images", output.ToString());
        Assert.DoesNotContain("Exit codes", output.ToString());
    }

    [Fact]
    public void Cuda_backend_either_runs_or_fails_with_its_own_exit_code()
    {
        var result = Cli.Detect(_image, "--weights", _weights, "--backend", "cuda");
        if (result.ExitCode == ExitCodes.Ok) return; // a build and machine with a working CUDA backend
        Assert.Equal(ExitCodes.BackendUnavailable, result.ExitCode);
        Assert.Contains("cuda backend is unavailable", result.Err);
    }
}
