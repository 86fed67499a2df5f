using System.Diagnostics;
using System.Text.RegularExpressions;

namespace MtcnnCuda.Tools.Tests;

/// <summary>One version: Directory.Build.props → the engine assembly (mtcnn_version()) → `mtcnn --version`.</summary>
public class VersionTests
{
    [Fact]
    public void Mtcnn_version_prints_the_version_of_Directory_Build_props()
    {
        string expected = PropsVersion();
        Assert.Equal(expected, LibraryVersion.Text);
        var tool = Path.Combine(AppContext.BaseDirectory, "mtcnn.dll");
        Assert.True(File.Exists(tool), tool);
        var start = new ProcessStartInfo("dotnet", [tool, "--version"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        Assert.Equal(expected, output.Trim());
    }

    private static string PropsVersion() =>
        Regex.Match(File.ReadAllText(Repository.PathOf("Directory.Build.props")), "<Version>([^<]+)</Version>").Groups[1].Value;
}
