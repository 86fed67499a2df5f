namespace MtcnnCuda.Cpu;

/// <summary>
/// A conv (or dense) layer's parameters packed for <see cref="DirectConv"/>: B[K × N8] with K = (ky·k + kx)·cin + ci (the
/// order of <see cref="DirectConv.PatchOffsets"/> over a channels-last patch) and N8 = cout rounded up to a multiple of 8.
/// Padded columns have zero weight, bias and slope, so they stay zero through PReLU.
/// </summary>
internal sealed class PackedConv
{
    public PackedConv(float[] weight, float[] bias, float[]? alpha, int cout, int cin, int k)
    {
        Cout = cout;
        Cin = cin;
        Kernel = k;
        K = cin * k * k;
        N8 = (cout + 7) / 8 * 8;
        B = new float[K * N8];
        for (int co = 0; co < cout; co++)
            for (int ci = 0; ci < cin; ci++)
                for (int ky = 0; ky < k; ky++)
                    for (int kx = 0; kx < k; kx++)
                        B[((ky * k + kx) * cin + ci) * N8 + co] = weight[((co * cin + ci) * k + ky) * k + kx];
        Bias = new float[N8];
        bias.AsSpan(0, cout).CopyTo(Bias);
        if (alpha is not null)
        {
            Alpha = new float[N8];
            alpha.AsSpan(0, cout).CopyTo(Alpha);
        }
    }

    /// <summary>Several 1×1 heads (or dense heads) fused into one packed layer, outputs concatenated.</summary>
    public static PackedConv Concat(int cin, params (float[] Weight, float[] Bias, int Cout)[] heads)
    {
        int cout = heads.Sum(h => h.Cout);
        var weight = new float[cout * cin];
        var bias = new float[cout];
        int o = 0;
        foreach (var (w, b, n) in heads)
        {
            w.AsSpan(0, n * cin).CopyTo(weight.AsSpan(o * cin));
            b.AsSpan(0, n).CopyTo(bias.AsSpan(o));
            o += n;
        }
        return new PackedConv(weight, bias, null, cout, cin, 1);
    }

    public int Cout { get; }
    public int Cin { get; }
    public int Kernel { get; }
    public int K { get; }
    public int N8 { get; }
    public float[] B { get; }
    public float[] Bias { get; }
    public float[]? Alpha { get; }
}
