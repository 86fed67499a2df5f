using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MtcnnCuda.Cpu;

/// <summary>
/// The layers of the MTCNN nets on planar float maps (C×H×W, row-major), in plain C#: the reference every
/// GPU kernel is compared with. Convolutions are "valid" with stride 1; pools are max-pools in ceil mode.
/// </summary>
internal static class CpuOps
{
    /// <summary>Output size of a ceil-mode pool without padding (PyTorch's rule).</summary>
    public static int PoolOutputSize(int input, int kernel, int stride)
    {
        int output = (input - kernel + stride - 1) / stride + 1;
        if ((output - 1) * stride >= input) output--;
        return Math.Max(output, input >= kernel ? 1 : (input > 0 ? 1 : 0));
    }

    /// <summary>
    /// out[co, y, x] = bias[co] + Σ_{ci,ky,kx} weight[co, ci, ky, kx] · in[ci, y + ky, x + kx], then PReLU with
    /// alpha[co] when given. Output is cout × (h − k + 1) × (w − k + 1). Vectorised over x, four output channels
    /// per pass so each loaded input vector feeds four accumulators.
    /// </summary>
    public static void Conv2d(ReadOnlySpan<float> input, int cin, int h, int w,
        ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, int cout, int k,
        Span<float> output, ReadOnlySpan<float> preluAlpha = default)
    {
        int oh = h - k + 1, ow = w - k + 1;
        if (oh <= 0 || ow <= 0) throw new ArgumentException($"Input {h}×{w} is smaller than the {k}×{k} kernel.");
        if (input.Length < cin * h * w || weight.Length != cout * cin * k * k || bias.Length != cout || output.Length < cout * oh * ow)
            throw new ArgumentException("Conv2d buffer sizes do not match the shapes.");
        for (int y = 0; y < oh; y++) Conv2dRow(input, cin, h, w, weight, bias, cout, k, output, preluAlpha, y);
    }

    /// <summary>One output row of <see cref="Conv2d"/> for every output channel (the unit of parallel work).</summary>
    public static void Conv2dRow(ReadOnlySpan<float> input, int cin, int h, int w,
        ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, int cout, int k,
        Span<float> output, ReadOnlySpan<float> preluAlpha, int y)
    {
        int oh = h - k + 1, ow = w - k + 1;
        int plane = h * w, kk = k * k, vw = Vector<float>.Count;
        ref float inRef = ref MemoryMarshal.GetReference(input);
        ref float wRef = ref MemoryMarshal.GetReference(weight);
        // Columns are covered by whole vectors; the last one is shifted left to end at ow (recomputing a few
        // columns) so no scalar tail is needed unless the row is narrower than one vector.
        int vectorEnd = ow >= vw ? ow : 0;
        int co = 0;
        for (; co + 4 <= cout; co += 4)
        {
            for (int xv = 0; xv < vectorEnd; xv += vw)
            {
                int x = Math.Min(xv, ow - vw);
                var a0 = new Vector<float>(bias[co]);
                var a1 = new Vector<float>(bias[co + 1]);
                var a2 = new Vector<float>(bias[co + 2]);
                var a3 = new Vector<float>(bias[co + 3]);
                for (int ci = 0; ci < cin; ci++)
                {
                    int wBase = (co * cin + ci) * kk;
                    int wStride = cin * kk;
                    for (int ky = 0; ky < k; ky++)
                    {
                        int rowBase = ci * plane + (y + ky) * w + x;
                        for (int kx = 0; kx < k; kx++)
                        {
                            var v = Unsafe.As<float, Vector<float>>(ref Unsafe.Add(ref inRef, rowBase + kx));
                            int wi = wBase + ky * k + kx;
                            a0 += v * Unsafe.Add(ref wRef, wi);
                            a1 += v * Unsafe.Add(ref wRef, wi + wStride);
                            a2 += v * Unsafe.Add(ref wRef, wi + 2 * wStride);
                            a3 += v * Unsafe.Add(ref wRef, wi + 3 * wStride);
                        }
                    }
                }
                int o = (co * oh + y) * ow + x;
                int ps = oh * ow;
                Store(output, o, a0, preluAlpha, co);
                Store(output, o + ps, a1, preluAlpha, co + 1);
                Store(output, o + 2 * ps, a2, preluAlpha, co + 2);
                Store(output, o + 3 * ps, a3, preluAlpha, co + 3);
            }
        }
        for (; co < cout; co++)
        {
            for (int xv = 0; xv < vectorEnd; xv += vw)
            {
                int x = Math.Min(xv, ow - vw);
                var a = new Vector<float>(bias[co]);
                for (int ci = 0; ci < cin; ci++)
                {
                    int wBase = (co * cin + ci) * kk;
                    for (int ky = 0; ky < k; ky++)
                    {
                        int rowBase = ci * plane + (y + ky) * w + x;
                        for (int kx = 0; kx < k; kx++)
                            a += Unsafe.As<float, Vector<float>>(ref Unsafe.Add(ref inRef, rowBase + kx)) * Unsafe.Add(ref wRef, wBase + ky * k + kx);
                    }
                }
                Store(output, (co * oh + y) * ow + x, a, preluAlpha, co);
            }
        }
        if (vectorEnd == 0) NarrowRow(input, cin, h, w, weight, bias, cout, k, output, preluAlpha, y);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Span<float> output, int offset, Vector<float> value, ReadOnlySpan<float> alpha, int channel)
    {
        if (!alpha.IsEmpty)
            value = Vector.ConditionalSelect(Vector.GreaterThanOrEqual(value, Vector<float>.Zero), value, value * alpha[channel]);
        value.CopyTo(output.Slice(offset, Vector<float>.Count));
    }

    /// <summary>
    /// Rows narrower than one vector (the last convs of RNet/ONet): gather each k×k×cin patch once, in the weights'
    /// [ci, ky, kx] order, and take a vectorised dot product with every output channel's weights.
    /// </summary>
    private static void NarrowRow(ReadOnlySpan<float> input, int cin, int h, int w, ReadOnlySpan<float> weight,
        ReadOnlySpan<float> bias, int cout, int k, Span<float> output, ReadOnlySpan<float> alpha, int y)
    {
        int oh = h - k + 1, ow = w - k + 1, patchSize = cin * k * k;
        Span<float> patch = patchSize <= 4096 ? stackalloc float[patchSize] : new float[patchSize];
        for (int x = 0; x < ow; x++)
        {
            int p = 0;
            for (int ci = 0; ci < cin; ci++)
                for (int ky = 0; ky < k; ky++)
                {
                    input.Slice((ci * h + y + ky) * w + x, k).CopyTo(patch.Slice(p, k));
                    p += k;
                }
            for (int co = 0; co < cout; co++)
            {
                float acc = bias[co] + Dot(weight.Slice(co * patchSize, patchSize), patch);
                if (!alpha.IsEmpty && acc < 0f) acc *= alpha[co];
                output[(co * oh + y) * ow + x] = acc;
            }
        }
    }

    /// <summary>Ceil-mode max-pool: out[c, y, x] = max over the k×k window at (y·s, x·s) clipped to the input.</summary>
    public static void MaxPool(ReadOnlySpan<float> input, int c, int h, int w, int k, int s, Span<float> output)
    {
        int oh = PoolOutputSize(h, k, s), ow = PoolOutputSize(w, k, s);
        for (int ch = 0; ch < c; ch++)
        {
            var plane = input.Slice(ch * h * w, h * w);
            for (int y = 0; y < oh; y++)
            {
                int y0 = y * s, y1 = Math.Min(y0 + k, h);
                for (int x = 0; x < ow; x++)
                {
                    int x0 = x * s, x1 = Math.Min(x0 + k, w);
                    float m = float.NegativeInfinity;
                    for (int yy = y0; yy < y1; yy++)
                        for (int xx = x0; xx < x1; xx++)
                            m = MathF.Max(m, plane[yy * w + xx]);
                    output[(ch * oh + y) * ow + x] = m;
                }
            }
        }
    }

    /// <summary>out[o] = bias[o] + Σ_i weight[o, i] · in[i], then PReLU with alpha[o] when given.</summary>
    public static void Dense(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias,
        Span<float> output, ReadOnlySpan<float> preluAlpha = default)
    {
        int outputs = bias.Length, inputs = input.Length;
        if (weight.Length != outputs * inputs || output.Length < outputs)
            throw new ArgumentException("Dense buffer sizes do not match the shapes.");
        for (int o = 0; o < outputs; o++)
        {
            float acc = bias[o] + Dot(weight.Slice(o * inputs, inputs), input);
            if (!preluAlpha.IsEmpty && acc < 0f) acc *= preluAlpha[o];
            output[o] = acc;
        }
    }

    /// <summary>Σ a[i]·b[i], vectorised.</summary>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        int vw = Vector<float>.Count, i = 0;
        var acc = Vector<float>.Zero;
        for (; i + vw <= a.Length; i += vw) acc += new Vector<float>(a.Slice(i, vw)) * new Vector<float>(b.Slice(i, vw));
        float sum = Vector.Sum(acc);
        for (; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    /// <summary>Probability of class 1 of a two-way softmax: 1 / (1 + e^(z0 − z1)).</summary>
    public static float FaceProbability(float z0, float z1) => 1f / (1f + MathF.Exp(z0 - z1));
}
