using System.Runtime.Intrinsics;

namespace MtcnnCuda.Cascade;

/// <summary>
/// The horizontal pass of area resampling on one row: out[i] = (Σ_{j ∈ window i} line[j]) / (window width), each
/// sum taken left to right from 0. Windows come as start, length (the part to read; may be clipped shorter or
/// empty) and divisor (the full window width).
/// </summary>
internal static class AreaRow
{
    /// <summary>
    /// Windows of <paramref name="outputs"/> area means over <paramref name="input"/> samples, reading only samples
    /// [lo, hi) and addressing the line from <paramref name="offset"/>. Returns the longest read length.
    /// </summary>
    public static int Windows(int input, int outputs, int lo, int hi, int offset, Span<int> start, Span<int> length, Span<float> divisor)
    {
        int longest = 0;
        for (int i = 0; i < outputs; i++)
        {
            int a = AreaResample.Start(i, input, outputs), b = AreaResample.End(i, input, outputs);
            int s = Math.Clamp(a, lo, hi), e = Math.Min(b, hi);
            length[i] = Math.Max(0, e - s);
            // An empty window (wholly outside [lo, hi)) reads nothing; index 0 keeps S[start] − S[start] in range.
            start[i] = length[i] > 0 ? offset + s : 0;
            divisor[i] = b - a;
            longest = Math.Max(longest, length[i]);
        }
        return longest;
    }

    /// <summary>Area means of one row: out[i] = (Σ line[start[i] .. start[i] + length[i])) / divisor[i], summed left to right.</summary>
    public static void Means(ReadOnlySpan<float> line, ReadOnlySpan<int> start, ReadOnlySpan<int> length, ReadOnlySpan<float> divisor, Span<float> output)
    {
        for (int i = 0; i < output.Length; i++)
        {
            float sum = 0f;
            for (int j = start[i], end = start[i] + length[i]; j < end; j++) sum += line[j];
            output[i] = sum / divisor[i];
        }
    }

    /// <summary>The same means from a row's prefix sums (<see cref="RowSums"/>): two loads per window of up to 257 pixels.</summary>
    public static void Means(ReadOnlySpan<ushort> sums, ReadOnlySpan<int> start, ReadOnlySpan<int> length, ReadOnlySpan<float> divisor, Span<float> output)
    {
        for (int i = 0; i < output.Length; i++)
        {
            int s = start[i], n = length[i];
            // The common case (one modular difference) inline; wide windows add 257-pixel spans.
            int sum = n <= RowSums.ExactSpan ? (ushort)(sums[s + n] - sums[s]) : RowSums.WindowSum(sums, s, n);
            output[i] = sum / divisor[i];
        }
    }

    /// <summary>acc[i] += x[i], vectorised (elementwise, so bit-identical to the scalar loop).</summary>
    public static void AddInto(Span<float> acc, ReadOnlySpan<float> x)
    {
        int i = 0;
        for (; i + Vector256<float>.Count <= acc.Length; i += Vector256<float>.Count)
            (Vector256.Create(acc.Slice(i, 8)) + Vector256.Create(x.Slice(i, 8))).CopyTo(acc.Slice(i, 8));
        for (; i < acc.Length; i++) acc[i] += x[i];
    }
}
