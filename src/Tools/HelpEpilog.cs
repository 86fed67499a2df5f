using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Runtime.CompilerServices;

namespace MtcnnCuda.Tools;

/// <summary>
/// Text printed after a command's own --help (e.g. detect's exit codes), so that long notes stay out of the
/// one-line descriptions the top-level help lists for every command.
/// </summary>
internal static class HelpEpilog
{
    private static readonly ConditionalWeakTable<Command, string> Epilogs = new();

    public static void Set(Command command, string text) => Epilogs.AddOrUpdate(command, text);

    /// <summary>Makes the root's --help print the epilog of the command asked about, after the usual help.</summary>
    public static void Install(RootCommand root)
    {
        foreach (var option in root.Options)
        {
            if (option is HelpOption help && help.Action is HelpAction inner) help.Action = new WithEpilog(inner);
        }
    }

    private sealed class WithEpilog(HelpAction inner) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            int code = inner.Invoke(parseResult);
            if (Epilogs.TryGetValue(parseResult.CommandResult.Command, out var text))
            {
                var output = parseResult.InvocationConfiguration.Output;
                output.WriteLine(text);
                output.WriteLine();
            }
            return code;
        }
    }
}
