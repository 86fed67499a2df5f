namespace MtcnnCuda.Tests.Robustness;

/// <summary>
/// How much work the robustness tests do. CI runs a few seconds each; MTCNN_ROBUSTNESS_LONG=1 (offline) multiplies
/// fuzz iterations and soak length by 50 and enables the slow hostile-settings runs; MTCNN_FUZZ_SEED reproduces a run.
/// </summary>
public static class Budget
{
    public static bool Long { get; } = Environment.GetEnvironmentVariable("MTCNN_ROBUSTNESS_LONG") == "1";

    public static int Scale(int ciCount) => Long ? ciCount * 50 : ciCount;

    public static int Seed { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("MTCNN_FUZZ_SEED"), out int s) ? s : 20261124;
}
