using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MtcnnCuda.Cpu;

/// <summary>
/// C[m, n] = PReLU(bias[n] + Σ_k A[m, k] · B[k, n]) for n &lt; N8, with A row-major (lda = K) and C row-major
/// (ldc = N8). Register-blocked: 4 rows × 16 columns per micro-tile (8 Vector256 accumulators), so each loaded
/// B vector feeds four FMAs. Deterministic: the k-order of every sum is fixed.
/// </summary>
internal static class Gemm
{
    public static void Run(ReadOnlySpan<float> a, int m, PackedConv layer, Span<float> c)
    {
        int k = layer.K, n8 = layer.N8;
        if (a.Length < m * k || c.Length < m * n8) throw new ArgumentException("GEMM buffers are too small.");
        ref float aRef = ref MemoryMarshal.GetReference(a);
        ref float bRef = ref MemoryMarshal.GetArrayDataReference(layer.B);
        ref float cRef = ref MemoryMarshal.GetReference(c);
        int row = 0;
        for (; row + 4 <= m; row += 4)
        {
            int col = 0;
            for (; col + 16 <= n8; col += 16) Tile4x16(ref aRef, ref bRef, ref cRef, row, col, k, n8, layer);
            for (; col < n8; col += 8) Tile1x8(ref aRef, ref bRef, ref cRef, row, 4, col, k, n8, layer);
        }
        if (row < m)
            for (int col = 0; col < n8; col += 8) Tile1x8(ref aRef, ref bRef, ref cRef, row, m - row, col, k, n8, layer);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Fmadd(Vector256<float> a, Vector256<float> b, Vector256<float> c) =>
        Fma.IsSupported ? Fma.MultiplyAdd(a, b, c) : a * b + c;

    private static void Tile4x16(ref float a, ref float b, ref float c, int row, int col, int k, int n8, PackedConv layer)
    {
        var bias0 = Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(layer.Bias), (nuint)col);
        var bias1 = Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(layer.Bias), (nuint)(col + 8));
        Vector256<float> c00 = bias0, c01 = bias1, c10 = bias0, c11 = bias1, c20 = bias0, c21 = bias1, c30 = bias0, c31 = bias1;
        nuint a0 = (nuint)(row * k), a1 = a0 + (nuint)k, a2 = a1 + (nuint)k, a3 = a2 + (nuint)k;
        nuint bOffset = (nuint)col;
        for (int kk = 0; kk < k; kk++, bOffset += (nuint)n8)
        {
            var b0 = Vector256.LoadUnsafe(ref b, bOffset);
            var b1 = Vector256.LoadUnsafe(ref b, bOffset + 8);
            var v = Vector256.Create(Unsafe.Add(ref a, a0 + (nuint)kk));
            c00 = Fmadd(v, b0, c00); c01 = Fmadd(v, b1, c01);
            v = Vector256.Create(Unsafe.Add(ref a, a1 + (nuint)kk));
            c10 = Fmadd(v, b0, c10); c11 = Fmadd(v, b1, c11);
            v = Vector256.Create(Unsafe.Add(ref a, a2 + (nuint)kk));
            c20 = Fmadd(v, b0, c20); c21 = Fmadd(v, b1, c21);
            v = Vector256.Create(Unsafe.Add(ref a, a3 + (nuint)kk));
            c30 = Fmadd(v, b0, c30); c31 = Fmadd(v, b1, c31);
        }
        Store(ref c, row, col, n8, c00, layer.Alpha); Store(ref c, row, col + 8, n8, c01, layer.Alpha);
        Store(ref c, row + 1, col, n8, c10, layer.Alpha); Store(ref c, row + 1, col + 8, n8, c11, layer.Alpha);
        Store(ref c, row + 2, col, n8, c20, layer.Alpha); Store(ref c, row + 2, col + 8, n8, c21, layer.Alpha);
        Store(ref c, row + 3, col, n8, c30, layer.Alpha); Store(ref c, row + 3, col + 8, n8, c31, layer.Alpha);
    }

    private static void Tile1x8(ref float a, ref float b, ref float c, int row, int rows, int col, int k, int n8, PackedConv layer)
    {
        var bias = Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(layer.Bias), (nuint)col);
        for (int r = row; r < row + rows; r++)
        {
            var acc = bias;
            nuint aOffset = (nuint)(r * k), bOffset = (nuint)col;
            for (int kk = 0; kk < k; kk++, bOffset += (nuint)n8)
                acc = Fmadd(Vector256.Create(Unsafe.Add(ref a, aOffset + (nuint)kk)), Vector256.LoadUnsafe(ref b, bOffset), acc);
            Store(ref c, r, col, n8, acc, layer.Alpha);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(ref float c, int row, int col, int n8, Vector256<float> value, float[]? alpha)
    {
        if (alpha is not null)
        {
            var slope = Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(alpha), (nuint)col);
            value = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(value, Vector256<float>.Zero), value, value * slope);
        }
        value.StoreUnsafe(ref c, (nuint)(row * n8 + col));
    }
}
