using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace MtcnnCuda.Perf.Common;

/// <summary>What a result was measured on, recorded next to every number: CPU, cores, memory, OS, runtime, load.</summary>
public static class MachineInfo
{
    public static string CpuModel()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
                if (line.StartsWith("model name", StringComparison.Ordinal)) return line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return RuntimeInformation.ProcessArchitecture.ToString();
    }

    /// <summary>1, 5 and 15 minute load averages (Linux), showing how busy a shared machine was.</summary>
    public static string? LoadAverage()
    {
        try { return File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : null; }
        catch (IOException) { return null; }
    }

    /// <summary>The checked-out commit (with "+dirty" when the tree has changes), or null outside a git checkout.</summary>
    public static string? GitCommit()
    {
        try
        {
            using var git = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("git", "describe --always --dirty=+dirty --abbrev=12")
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            });
            if (git is null) return null;
            string output = git.StandardOutput.ReadToEnd().Trim();
            if (!git.WaitForExit(5000)) return null;
            return git.ExitCode == 0 && output.Length > 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    /// <summary>A short name for result folders: host name, lower case, safe characters only.</summary>
    public static string ShortName()
    {
        var name = new string(Environment.MachineName.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) || c == '-' ? c : '-').ToArray());
        return name.Length == 0 ? "machine" : name;
    }

    /// <summary>The exact command line of this process (for reproducing a result).</summary>
    public static string CommandLine()
    {
        var args = Environment.GetCommandLineArgs().Skip(1).Select(a => a.Contains(' ') ? $"\"{a}\"" : a);
        return "mtcnn " + string.Join(' ', args);
    }

    public static JsonObject Describe() => new()
    {
        ["host"] = Environment.MachineName,
        ["cpu"] = CpuModel(),
        ["logicalCores"] = Environment.ProcessorCount,
        ["memoryBytes"] = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
        ["os"] = RuntimeInformation.OSDescription,
        ["runtime"] = RuntimeInformation.FrameworkDescription,
        ["loadAverageAtStart"] = LoadAverage(),
        ["gitCommit"] = GitCommit(),
        ["startedUtc"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// ./mtcnn-results/&lt;yyyy-MM-dd&gt;-&lt;machine&gt;/&lt;kind&gt; in the current directory (ignored by git), never inside
    /// perf/results/ of the repository: results worth keeping are committed there deliberately with --out.
    /// </summary>
    public static string DefaultResultsFolder(string kind) =>
        Path.Combine(Environment.CurrentDirectory, DefaultResultsRoot, $"{DateTime.UtcNow:yyyy-MM-dd}-{ShortName()}", kind);

    /// <summary>The folder name the default results go under (listed in .gitignore).</summary>
    public const string DefaultResultsRoot = "mtcnn-results";
}
