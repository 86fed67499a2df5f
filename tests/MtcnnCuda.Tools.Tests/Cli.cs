using System.CommandLine;

namespace MtcnnCuda.Tools.Tests;

/// <summary>Runs `mtcnn detect …` in-process through the real parser, capturing stdout and stderr.</summary>
public static class Cli
{
    public sealed record Result(int ExitCode, string Out, string Err);

    public static Result Detect(params string[] args)
    {
        var root = new RootCommand("mtcnn (test)");
        root.Subcommands.Add(DetectCommand.Create());
        HelpEpilog.Install(root);
        var output = new StringWriter();
        var error = new StringWriter();
        int code = root.Parse(["detect", .. args]).Invoke(new InvocationConfiguration { Output = output, Error = error });
        var result = new Result(code, output.ToString(), error.ToString());
        TestContext.Current.TestOutputHelper?.WriteLine($"exit {code}\n--- stdout\n{result.Out}--- stderr\n{result.Err}");
        return result;
    }
}
