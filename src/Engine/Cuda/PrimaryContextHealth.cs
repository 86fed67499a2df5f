namespace MtcnnCuda.Cuda;

/// <summary>
/// Which devices' primary contexts a sticky error has broken, and how many detectors use each. A broken primary
/// context fails every call until <c>cuDevicePrimaryCtxReset</c>; resetting destroys every allocation in it, so
/// it is reset only when a new user arrives and no other detector still uses it.
/// </summary>
internal static class PrimaryContextHealth
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<int, int> Users = [];
    private static readonly Dictionary<int, CudaException> Faults = [];

    /// <summary>Registers a user of <paramref name="device"/>'s primary context, resetting it first if it is broken and unused.</summary>
    /// <exception cref="CudaException">The context is broken and other detectors still hold it.</exception>
    public static void Attach(int device)
    {
        lock (Gate)
        {
            int users = Users.GetValueOrDefault(device);
            if (Faults.TryGetValue(device, out var fault))
            {
                if (users > 0)
                    throw new CudaException(fault.Call, fault.Code,
                        $"Device {device}'s context was broken by this earlier error and {users} detector(s) still use it; " +
                        "dispose them so the context can be reset.");
                CudaException.Check(CudaDriver.cuDevicePrimaryCtxReset_v2(device), "cuDevicePrimaryCtxReset_v2", $"device {device}");
                Faults.Remove(device);
            }
            Users[device] = users + 1;
        }
    }

    public static void Detach(int device)
    {
        lock (Gate) Users[device] = Math.Max(0, Users.GetValueOrDefault(device) - 1);
    }

    /// <summary>Records that <paramref name="error"/> (a sticky one) broke <paramref name="device"/>'s primary context.</summary>
    public static void MarkBroken(int device, CudaException error)
    {
        lock (Gate) Faults.TryAdd(device, error);
    }
}
