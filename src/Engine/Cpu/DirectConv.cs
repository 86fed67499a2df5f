using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MtcnnCuda.Cpu;

/// <summary>
/// Convolution (and dense layers) as an implicit GEMM that reads its input in place, with no patch matrix:
/// C[r, n] = PReLU(bias[n] + Σ_kk A[aBase + r·aStep + offsets[kk]] · B[kk, n]) for r &lt; m and n &lt; N8.
/// For a valid k×k conv over one output row of a channels-last map, row r is pixel x = r (aStep = channel stride)
/// and offsets[kk] locates channel ci of pixel (ky, kx) of the patch (<see cref="PatchOffsets"/>); for a dense
/// layer over a batch, row r is sample r and the offsets are 0..K−1. Register-blocked: 6 rows × 16 columns per
/// micro-tile (12 Vector256 accumulators), so each B vector feeds six FMAs and each A broadcast two. A tile
/// with fewer than 6 valid rows repeats the last one (its sums are computed and not stored), so row tails need
/// no scalar code. Deterministic: every sum runs in kk order, whatever the tiling or threading.
/// </summary>
internal static class DirectConv
{
    public const int TileRows = 6;

    /// <summary>Offsets of the k×k×cin patch in a channels-last map (row pitch in floats, channel stride ldc), in <see cref="PackedConv"/>'s K order.</summary>
    public static void PatchOffsets(int k, int cin, int ldc, int rowPitch, Span<int> offsets)
    {
        if (offsets.Length < k * k * cin) throw new ArgumentException("Offset table too small for the patch.");
        int i = 0;
        for (int ky = 0; ky < k; ky++)
            for (int kx = 0; kx < k; kx++)
                for (int ci = 0; ci < cin; ci++)
                    offsets[i++] = ky * rowPitch + kx * ldc + ci;
    }

    /// <summary>Offsets 0..count−1 for reading a sample stored in a dense row (a dense layer).</summary>
    public static void DenseOffsets(Span<int> offsets)
    {
        for (int i = 0; i < offsets.Length; i++) offsets[i] = i;
    }

    /// <remarks>Compiled fully optimised from the first call: the hot loops must not run in tier-0 code during warm-up.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(ReadOnlySpan<float> a, int aBase, int aStep, ReadOnlySpan<int> offsets, int m,
        PackedConv layer, Span<float> c, int cBase, int cStep)
    {
        int k = layer.K, n8 = layer.N8;
        if (m <= 0) return;
        if (offsets.Length < k) throw new ArgumentException($"DirectConv needs {k} offsets, got {offsets.Length}.");
        int maxOffset = 0;
        for (int i = 0; i < k; i++)
        {
            if (offsets[i] < 0) throw new ArgumentException("DirectConv offsets must be non-negative.");
            maxOffset = Math.Max(maxOffset, offsets[i]);
        }
        if (aBase < 0 || (long)aBase + (long)(m - 1) * aStep + maxOffset >= a.Length)
            throw new ArgumentException("DirectConv input span is too small for the rows read.");
        if (cBase < 0 || (long)cBase + (long)(m - 1) * cStep + n8 > c.Length)
            throw new ArgumentException("DirectConv output span is too small for the rows written.");
        ref float aRef = ref MemoryMarshal.GetReference(a);
        ref int oRef = ref MemoryMarshal.GetReference(offsets);
        ref float cRef = ref MemoryMarshal.GetReference(c);
        int col = 0;
        for (; col + 16 <= n8; col += 16)
            for (int r = 0; r < m; r += TileRows)
                Tile6x16(ref aRef, aBase + r * aStep, aStep, Math.Min(TileRows, m - r), ref oRef, layer, col, ref cRef, cBase + r * cStep, cStep);
        for (; col < n8; col += 8)
            for (int r = 0; r < m; r += TileRows)
                Tile6x8(ref aRef, aBase + r * aStep, aStep, Math.Min(TileRows, m - r), ref oRef, layer, col, ref cRef, cBase + r * cStep, cStep);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Fmadd(Vector256<float> a, Vector256<float> b, Vector256<float> c) =>
        Fma.IsSupported ? Fma.MultiplyAdd(a, b, c) : a * b + c;

    /// <summary>Start of row <paramref name="r"/> of a tile with <paramref name="rows"/> valid rows (invalid rows repeat the last).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nuint RowStart(int aBase, int aStep, int r, int rows) => (nuint)(aBase + Math.Min(r, rows - 1) * aStep);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile6x16(ref float a, int aBase, int aStep, int rows, ref int offsets, PackedConv layer, int col,
        ref float c, int cBase, int cStep)
    {
        ref float bias = ref MemoryMarshal.GetArrayDataReference(layer.Bias);
        var bias0 = Vector256.LoadUnsafe(ref bias, (nuint)col);
        var bias1 = Vector256.LoadUnsafe(ref bias, (nuint)(col + 8));
        Vector256<float> c00 = bias0, c01 = bias1, c10 = bias0, c11 = bias1, c20 = bias0, c21 = bias1;
        Vector256<float> c30 = bias0, c31 = bias1, c40 = bias0, c41 = bias1, c50 = bias0, c51 = bias1;
        ref float a0 = ref Unsafe.Add(ref a, RowStart(aBase, aStep, 0, rows));
        ref float a1 = ref Unsafe.Add(ref a, RowStart(aBase, aStep, 1, rows));
        ref float a2 = ref Unsafe.Add(ref a, RowStart(aBase, aStep, 2, rows));
        ref float a3 = ref Unsafe.Add(ref a, RowStart(aBase, aStep, 3, rows));
        ref float a4 = ref Unsafe.Add(ref a, RowStart(aBase, aStep, 4, rows));
        ref float a5 = ref Unsafe.Add(ref a, RowStart(aBase, aStep, 5, rows));
        ref float b = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(layer.B), col);
        nuint n8 = (nuint)layer.N8;
        int k = layer.K;
        for (int kk = 0; kk < k; kk++)
        {
            nuint o = (nuint)Unsafe.Add(ref offsets, kk);
            var b0 = Vector256.LoadUnsafe(ref b);
            var b1 = Vector256.LoadUnsafe(ref b, 8);
            b = ref Unsafe.Add(ref b, n8);
            var v = Vector256.Create(Unsafe.Add(ref a0, o));
            c00 = Fmadd(v, b0, c00); c01 = Fmadd(v, b1, c01);
            v = Vector256.Create(Unsafe.Add(ref a1, o));
            c10 = Fmadd(v, b0, c10); c11 = Fmadd(v, b1, c11);
            v = Vector256.Create(Unsafe.Add(ref a2, o));
            c20 = Fmadd(v, b0, c20); c21 = Fmadd(v, b1, c21);
            v = Vector256.Create(Unsafe.Add(ref a3, o));
            c30 = Fmadd(v, b0, c30); c31 = Fmadd(v, b1, c31);
            v = Vector256.Create(Unsafe.Add(ref a4, o));
            c40 = Fmadd(v, b0, c40); c41 = Fmadd(v, b1, c41);
            v = Vector256.Create(Unsafe.Add(ref a5, o));
            c50 = Fmadd(v, b0, c50); c51 = Fmadd(v, b1, c51);
        }
        float[]? alpha = layer.Alpha;
        Store(ref c, cBase, col, c00, c01, alpha);
        if (rows > 1) Store(ref c, cBase + cStep, col, c10, c11, alpha);
        if (rows > 2) Store(ref c, cBase + 2 * cStep, col, c20, c21, alpha);
        if (rows > 3) Store(ref c, cBase + 3 * cStep, col, c30, c31, alpha);
        if (rows > 4) Store(ref c, cBase + 4 * cStep, col, c40, c41, alpha);
        if (rows > 5) Store(ref c, cBase + 5 * cStep, col, c50, c51, alpha);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile6x8(ref float a, int aBase, int aStep, int rows, ref int offsets, PackedConv layer, int col,
        ref float c, int cBase, int cStep)
    {
        var bias = Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(layer.Bias), (nuint)col);
        Vector256<float> c0 = bias, c1 = bias, c2 = bias, c3 = bias, c4 = bias, c5 = bias;
        ref float a0 = ref Unsafe.Add(ref a, RowStart(aBase, aStep, 0, rows));
        ref float a1 = ref Unsafe.Add(ref a, RowStart(aBase, aStep, 1, rows));
        ref float a2 = ref Unsafe.Add(ref a, RowStart(aBase, aStep, 2, rows));
        ref float a3 = ref Unsafe.Add(ref a, RowStart(aBase, aStep, 3, rows));
        ref float a4 = ref Unsafe.Add(ref a, RowStart(aBase, aStep, 4, rows));
        ref float a5 = ref Unsafe.Add(ref a, RowStart(aBase, aStep, 5, rows));
        ref float b = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(layer.B), col);
        nuint n8 = (nuint)layer.N8;
        int k = layer.K;
        for (int kk = 0; kk < k; kk++)
        {
            nuint o = (nuint)Unsafe.Add(ref offsets, kk);
            var b0 = Vector256.LoadUnsafe(ref b);
            b = ref Unsafe.Add(ref b, n8);
            c0 = Fmadd(Vector256.Create(Unsafe.Add(ref a0, o)), b0, c0);
            c1 = Fmadd(Vector256.Create(Unsafe.Add(ref a1, o)), b0, c1);
            c2 = Fmadd(Vector256.Create(Unsafe.Add(ref a2, o)), b0, c2);
            c3 = Fmadd(Vector256.Create(Unsafe.Add(ref a3, o)), b0, c3);
            c4 = Fmadd(Vector256.Create(Unsafe.Add(ref a4, o)), b0, c4);
            c5 = Fmadd(Vector256.Create(Unsafe.Add(ref a5, o)), b0, c5);
        }
        float[]? alpha = layer.Alpha;
        Store(ref c, cBase, col, c0, alpha);
        if (rows > 1) Store(ref c, cBase + cStep, col, c1, alpha);
        if (rows > 2) Store(ref c, cBase + 2 * cStep, col, c2, alpha);
        if (rows > 3) Store(ref c, cBase + 3 * cStep, col, c3, alpha);
        if (rows > 4) Store(ref c, cBase + 4 * cStep, col, c4, alpha);
        if (rows > 5) Store(ref c, cBase + 5 * cStep, col, c5, alpha);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(ref float c, int rowBase, int col, Vector256<float> lo, Vector256<float> hi, float[]? alpha)
    {
        Store(ref c, rowBase, col, lo, alpha);
        Store(ref c, rowBase, col + 8, hi, alpha);
    }

    /// <summary>PReLU epilogue (x ≥ 0 ? x : alpha·x; padded columns have zero weights and stay 0) and store.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(ref float c, int rowBase, int col, Vector256<float> value, float[]? alpha)
    {
        if (alpha is not null)
        {
            var slope = Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(alpha), (nuint)col);
            value = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(value, Vector256<float>.Zero), value, value * slope);
        }
        value.StoreUnsafe(ref c, (nuint)(rowBase + col));
    }
}
