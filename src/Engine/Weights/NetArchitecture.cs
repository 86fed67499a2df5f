namespace MtcnnCuda.Weights;

/// <summary>Which of the three cascade networks.</summary>
public enum NetKind { PNet, RNet, ONet }

/// <summary>One parameter tensor of a network: its name inside the net and its shape.</summary>
public sealed record ParameterSpec(string Name, int[] Shape, bool Optional = false);

/// <summary>
/// The MTCNN networks exactly as the paper's Caffe models (and facenet-pytorch) define them. Parameter
/// names are those of the weights file, prefixed with "pnet.", "rnet." or "onet.".
/// PNet: conv1 3→10 3×3, PReLU, max-pool 2/2; conv2 10→16 3×3, PReLU; conv3 16→32 3×3, PReLU;
///       heads conv4_1 (2, softmax), conv4_2 (4 box offsets), conv4_3 (10 landmarks, optional).
/// RNet: conv1 3→28 3×3, PReLU, pool 3/2; conv2 28→48 3×3, PReLU, pool 3/2; conv3 48→64 2×2, PReLU;
///       dense4 576→128, PReLU; heads dense5_1 (2), dense5_2 (4), dense5_3 (10, optional).
/// ONet: conv1 3→32 3×3, PReLU, pool 3/2; conv2 32→64 3×3, PReLU, pool 3/2; conv3 64→64 3×3, PReLU,
///       pool 2/2; conv4 64→128 2×2, PReLU; dense5 1152→256, PReLU; heads dense6_1 (2), dense6_2 (4), dense6_3 (10).
/// All pools are max-pools in ceil mode.
/// </summary>
public static class NetArchitecture
{
    public const int PNetInput = 12;
    public const int RNetInput = 24;
    public const int ONetInput = 48;

    public static string Prefix(NetKind kind) => kind switch
    {
        NetKind.PNet => "pnet",
        NetKind.RNet => "rnet",
        NetKind.ONet => "onet",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static IReadOnlyList<ParameterSpec> Parameters(NetKind kind) => kind switch
    {
        NetKind.PNet => PNetParameters,
        NetKind.RNet => RNetParameters,
        NetKind.ONet => ONetParameters,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>All parameters of all three nets with their full names ("pnet.conv1.weight", …).</summary>
    public static IEnumerable<(string FullName, ParameterSpec Spec)> AllParameters()
    {
        foreach (var kind in Enum.GetValues<NetKind>())
            foreach (var p in Parameters(kind))
                yield return ($"{Prefix(kind)}.{p.Name}", p);
    }

    private static readonly ParameterSpec[] PNetParameters =
    [
        .. Conv("conv1", 10, 3, 3), Prelu("prelu1", 10),
        .. Conv("conv2", 16, 10, 3), Prelu("prelu2", 16),
        .. Conv("conv3", 32, 16, 3), Prelu("prelu3", 32),
        .. Conv("conv4_1", 2, 32, 1), .. Conv("conv4_2", 4, 32, 1), .. Conv("conv4_3", 10, 32, 1, optional: true),
    ];

    private static readonly ParameterSpec[] RNetParameters =
    [
        .. Conv("conv1", 28, 3, 3), Prelu("prelu1", 28),
        .. Conv("conv2", 48, 28, 3), Prelu("prelu2", 48),
        .. Conv("conv3", 64, 48, 2), Prelu("prelu3", 64),
        .. Dense("dense4", 128, 576), Prelu("prelu4", 128),
        .. Dense("dense5_1", 2, 128), .. Dense("dense5_2", 4, 128), .. Dense("dense5_3", 10, 128, optional: true),
    ];

    private static readonly ParameterSpec[] ONetParameters =
    [
        .. Conv("conv1", 32, 3, 3), Prelu("prelu1", 32),
        .. Conv("conv2", 64, 32, 3), Prelu("prelu2", 64),
        .. Conv("conv3", 64, 64, 3), Prelu("prelu3", 64),
        .. Conv("conv4", 128, 64, 2), Prelu("prelu4", 128),
        .. Dense("dense5", 256, 1152), Prelu("prelu5", 256),
        .. Dense("dense6_1", 2, 256), .. Dense("dense6_2", 4, 256), .. Dense("dense6_3", 10, 256),
    ];

    private static ParameterSpec[] Conv(string name, int cout, int cin, int k, bool optional = false) =>
        [new($"{name}.weight", [cout, cin, k, k], optional), new($"{name}.bias", [cout], optional)];

    private static ParameterSpec[] Dense(string name, int outputs, int inputs, bool optional = false) =>
        [new($"{name}.weight", [outputs, inputs], optional), new($"{name}.bias", [outputs], optional)];

    private static ParameterSpec Prelu(string name, int channels) => new($"{name}.weight", [channels]);
}
