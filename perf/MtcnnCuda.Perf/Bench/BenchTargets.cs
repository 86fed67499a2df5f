namespace MtcnnCuda.Perf.Bench;

/// <summary>
/// The registry behind <c>mtcnn bench --target</c>. The engine is built in; a peer (such as the trainer's TorchSharp
/// nets) is added by the host that can reference it, before the command runs:
/// <c>BenchTargets.Register(new MyPeerFactory())</c>.
/// </summary>
public static class BenchTargets
{
    private static readonly List<IBenchTargetFactory> Factories = [new EngineTargetFactory()];
    private static readonly Lock Gate = new();

    public static IReadOnlyList<IBenchTargetFactory> All
    {
        get { lock (Gate) return Factories.ToArray(); }
    }

    public static void Register(IBenchTargetFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        lock (Gate)
        {
            if (Factories.Any(f => f.Key.Equals(factory.Key, StringComparison.OrdinalIgnoreCase)))
                throw new ArgumentException($"A bench target named \"{factory.Key}\" is already registered.");
            Factories.Add(factory);
        }
    }

    public static IBenchTargetFactory Find(string key)
    {
        lock (Gate)
            return Factories.FirstOrDefault(f => f.Key.Equals(key, StringComparison.OrdinalIgnoreCase))
                ?? throw new ArgumentException($"Unknown bench target \"{key}\"; registered: {string.Join(", ", Factories.Select(f => f.Key))}.");
    }
}
