using System.Runtime.InteropServices;

namespace MtcnnCuda.Trainer.Training;

/// <summary>
/// libtorch's OpenMP runtime (libgomp) lets idle worker threads spin for work by default. On cores shared with other
/// processes the spinning workers take the core from the thread that holds the work: two torch threads ran 3–10× slower
/// than with PASSIVE (idle workers sleep) on the shared 2-core machine (perf/results/training-throughput.md).
/// libgomp reads OMP_WAIT_POLICY once, when libtorch is loaded, so this must run before the first torch call. It
/// sets the native environment (.NET's Environment.SetEnvironmentVariable does not reach getenv) and keeps a value
/// the user has set.
/// </summary>
public static partial class OpenMpWaitPolicy
{
    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);

    public static void PreferPassive()
    {
        if (OperatingSystem.IsLinux()) SetEnv("OMP_WAIT_POLICY", "PASSIVE", overwrite: 0);
    }
}
