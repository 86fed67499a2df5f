using System.CommandLine;
using MtcnnCuda.Weights;

namespace MtcnnCuda.Perf.Common;

/// <summary>
/// Which weights a command runs: <c>--model NAME</c> (a model embedded in the engine) or <c>--weights FILE</c>; they
/// exclude each other, and with neither the default embedded model is used. Shared by detect, eval and bench.
/// </summary>
public static class ModelChoice
{
    public static Option<string?> ModelOption() => new("--model")
    {
        HelpName = "NAME",
        Description = $"Embedded model to use: {string.Join(", ", EmbeddedModels.Names)} (default {EmbeddedModels.DefaultName}). Excludes --weights.",
    };

    /// <summary>The error for both options given at once, or null when the choice is valid.</summary>
    public static string? Conflict(string? weightsPath, string? model) =>
        weightsPath is not null && model is not null
            ? $"--model and --weights exclude each other: --model {model} picks an embedded model, --weights {weightsPath} a file. Give one."
            : null;

    /// <summary>Short name for reports: the file path, or "embedded:NAME".</summary>
    public static string Describe(string? weightsPath, string? model) =>
        weightsPath ?? $"embedded:{model ?? EmbeddedModels.DefaultName}";

    /// <summary>Loads the chosen weights.</summary>
    /// <exception cref="ArgumentException">Both were given, or no embedded model has that name.</exception>
    /// <exception cref="WeightsFormatException">The file is missing, unreadable or not MTCNN weights.</exception>
    public static MtcnnWeights Load(string? weightsPath, string? model)
    {
        if (Conflict(weightsPath, model) is { } conflict) throw new ArgumentException(conflict);
        if (weightsPath is not null)
        {
            if (Directory.Exists(weightsPath)) throw new ArgumentException($"--weights {weightsPath} is a directory; give a .safetensors file.");
            return MtcnnWeights.Load(weightsPath);
        }
        return EmbeddedModels.Load(model ?? EmbeddedModels.DefaultName);
    }
}
