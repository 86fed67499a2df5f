using MtcnnCuda.Weights;
using Spectre.Console;

namespace MtcnnCuda.Trainer.Cli;

/// <summary>Option construction and error handling shared by the trainer's newer commands.</summary>
internal static class CliSupport
{
    public static System.CommandLine.Option<T> Opt<T>(string name, string description, T? defaultValue = default, bool required = false)
    {
        var option = new System.CommandLine.Option<T>(name) { Description = description, Required = required };
        if (defaultValue is not null) option.DefaultValueFactory = _ => defaultValue;
        return option;
    }

    /// <summary>Runs a command body, turning expected failures into a one-line error and exit code 1.</summary>
    public static int Guard(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException or WeightsFormatException
                                      or UnauthorizedAccessException or InvalidOperationException)
        {
            AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return 1;
        }
    }

    /// <summary>The data folder: the option's value, else ../shared/data next to the current directory's repository.</summary>
    public static string DataRoot(string? given)
    {
        string root = given ?? Path.Combine("..", "shared", "data");
        return Directory.Exists(root) ? Path.GetFullPath(root)
            : throw new DirectoryNotFoundException($"Data folder '{root}' does not exist (pass --data, e.g. ../shared/data).");
    }
}
