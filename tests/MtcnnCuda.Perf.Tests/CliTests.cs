using System.CommandLine;

namespace MtcnnCuda.Perf.Tests;

public class CliTests
{
    private static int Run(params string[] args)
    {
        var root = new RootCommand("test");
        foreach (var c in PerfCommands.Create()) root.Subcommands.Add(c);
        return root.Parse(args).Invoke();
    }

    [Fact]
    public void Both_commands_exist()
    {
        Assert.Equal(["eval", "bench", "bench-kernels"], PerfCommands.Create().Select(c => c.Name));
    }

    [Theory]
    [InlineData("eval", "--landmarks", "x.txt")]                                            // no such list
    [InlineData("eval", "--weights", "w.safetensors")]                                      // nothing to evaluate
    [InlineData("eval", "--weights", "w", "--landmarks", "x", "--landmark-mode", "nose")]
    [InlineData("eval", "--weights", "w", "--landmarks", "x", "--backend", "tpu")]
    [InlineData("bench", "--sizes", "8k")]
    [InlineData("bench", "--min-faces", "5")]
    [InlineData("bench", "--thresholds", "0.6,0.7")]
    public void Bad_arguments_fail_with_exit_code_2(params string[] args)
    {
        Assert.Equal(2, Run(args));
    }

    [Fact]
    public void Eval_with_missing_weights_file_fails_clearly()
    {
        using var temp = new TempFolder();
        string list = Path.Combine(temp.Path, "l.txt");
        File.WriteAllText(list, "a.jpg 1 2 3 4 5 6 7 8 9 10\n");
        Assert.Equal(2, Run("eval", "--weights", Path.Combine(temp.Path, "missing.safetensors"), "--landmarks", list, "--out", Path.Combine(temp.Path, "o")));
    }
}
