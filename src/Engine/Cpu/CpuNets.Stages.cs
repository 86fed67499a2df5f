namespace MtcnnCuda.Cpu;

/// <summary>
/// RNet and ONet over a batch of crops: each crop's conv + PReLU (+ pool) layers run on one worker and leave its
/// flattened 3×3×C feature map in a row of a batch matrix; the dense layer and the fused heads then run as one
/// GEMM over all crops (split into row blocks across the workers), so their large weight matrices are streamed
/// once per block instead of once per crop.
/// </summary>
internal sealed partial class CpuNets
{
    /// <summary>Offsets 0..1151 (the widest dense input): a dense layer reads its inputs in order.</summary>
    private static readonly int[] _denseOffsets = DenseOffsetTable(1152);

    /// <summary>Dense rows per parallel block (a multiple of <see cref="DirectConv.TileRows"/>).</summary>
    private const int DenseBlockRows = 8 * DirectConv.TileRows;

    private readonly ConvStep[] _rnetPlan, _onetPlan;

    /// <summary>One conv layer of a crop net on a fixed input size, with its pool (0 = none) and patch offsets.</summary>
    private sealed record ConvStep(PackedConv Layer, int Height, int Width, int Ldc, int[] Offsets, int PoolKernel, int PoolStride);

    private static int[] DenseOffsetTable(int n)
    {
        var t = new int[n];
        DirectConv.DenseOffsets(t);
        return t;
    }

    private static ConvStep Step(PackedConv layer, int h, int w, int ldc, int poolKernel = 0, int poolStride = 0)
    {
        var offsets = new int[layer.K];
        DirectConv.PatchOffsets(layer.Kernel, layer.Cin, ldc, w * ldc, offsets);
        return new ConvStep(layer, h, w, ldc, offsets, poolKernel, poolStride);
    }

    private ConvStep[] RNetPlan() =>
    [
        Step(_r1, 24, 24, 3, 3, 2),            // 22×22 → pool 11×11
        Step(_r2, 11, 11, _r1.N8, 3, 2),       // 9×9 → pool 4×4
        Step(_r3, 4, 4, _r2.N8),               // 3×3×64
    ];

    private ConvStep[] ONetPlan() =>
    [
        Step(_o1, 48, 48, 3, 3, 2),            // 46×46 → pool 23×23
        Step(_o2, 23, 23, _o1.N8, 3, 2),       // 21×21 → pool 10×10
        Step(_o3, 10, 10, _o2.N8, 2, 2),       // 8×8 → pool 4×4
        Step(_o4, 4, 4, _o3.N8),               // 3×3×128
    ];

    /// <summary>RNet on <paramref name="count"/> normalised 3×24×24 planar crops laid out one after another.</summary>
    public StageOutput RunRNet(float[] batch, int count) =>
        RunStage(batch, count, 24, _rnetPlan, _r4, _rHeads, _rnetLandmarks);

    /// <summary>ONet on <paramref name="count"/> normalised 3×48×48 planar crops laid out one after another.</summary>
    public StageOutput RunONet(float[] batch, int count) =>
        RunStage(batch, count, 48, _onetPlan, _o5, _oHeads, landmarks: true);

    private StageOutput RunStage(float[] batch, int count, int size, ConvStep[] plan, PackedConv dense, PackedConv heads, bool landmarks)
    {
        int inSize = 3 * size * size, features = dense.Cin;
        if (count < 0 || batch.Length < (long)count * inSize) throw new ArgumentException($"Batch holds fewer than {count} crops of 3×{size}×{size}.");
        var prob = new float[count];
        var reg = new float[count * 4];
        var marks = landmarks ? new float[count * 10] : null;
        if (count == 0) return new StageOutput(prob, reg, marks, count);
        var own = _scratch.Rent();
        try
        {
            var matrix = own.Floats(ScratchSlots.StageFeatures, count * features);
            System.Threading.Tasks.Parallel.For(0, count, _parallel, _scratch.Rent, (i, _, scratch) =>
            {
                CropFeatures(batch.AsSpan(i * inSize, inSize), size, plan, scratch, matrix.AsSpan(i * features, features));
                return scratch;
            }, _scratch.Return);
            var hidden = own.Floats(ScratchSlots.StageDense, count * dense.N8);
            var output = own.Floats(ScratchSlots.StageHeads, count * heads.N8);
            int blocks = (count + DenseBlockRows - 1) / DenseBlockRows;
            System.Threading.Tasks.Parallel.For(0, blocks, _parallel, block =>
            {
                int r0 = block * DenseBlockRows, rows = Math.Min(DenseBlockRows, count - r0);
                DirectConv.Run(matrix, r0 * features, features, _denseOffsets.AsSpan(0, dense.K), rows, dense, hidden, r0 * dense.N8, dense.N8);
                DirectConv.Run(hidden, r0 * dense.N8, dense.N8, _denseOffsets.AsSpan(0, heads.K), rows, heads, output, r0 * heads.N8, heads.N8);
            });
            for (int i = 0; i < count; i++)
            {
                var h = output.AsSpan(i * heads.N8, heads.N8);
                prob[i] = CpuOps.FaceProbability(h[0], h[1]);
                h.Slice(2, 4).CopyTo(reg.AsSpan(i * 4, 4));
                if (marks is not null) h.Slice(6, 10).CopyTo(marks.AsSpan(i * 10, 10));
            }
        }
        finally
        {
            _scratch.Return(own);
        }
        return new StageOutput(prob, reg, marks, count);
    }

    /// <summary>One crop through the conv layers of <paramref name="plan"/>; the last map (3×3×C, unpadded) goes to <paramref name="features"/>.</summary>
    private static void CropFeatures(ReadOnlySpan<float> planar, int size, ConvStep[] plan, Scratch scratch, Span<float> features)
    {
        int plane = size * size;
        var x = scratch.Floats(ScratchSlots.CropInput, 3 * plane);
        for (int c = 0; c < 3; c++)
        {
            var src = planar.Slice(c * plane, plane);
            for (int i = 0; i < plane; i++) x[3 * i + c] = src[i];
        }
        Span<float> input = x;
        int slot = ScratchSlots.CropA;
        for (int s = 0; s < plan.Length; s++)
        {
            var step = plan[s];
            var layer = step.Layer;
            int oh = step.Height - layer.Kernel + 1, ow = step.Width - layer.Kernel + 1, n8 = layer.N8;
            bool last = s == plan.Length - 1;
            Span<float> output = last ? features : scratch.Floats(slot, oh * ow * n8);
            if (last && features.Length != oh * ow * n8) throw new InvalidOperationException("Crop feature map does not match the dense layer.");
            for (int y = 0; y < oh; y++)
                DirectConv.Run(input, y * step.Width * step.Ldc, step.Ldc, step.Offsets, ow, layer, output, y * ow * n8, n8);
            if (step.PoolKernel > 0)
            {
                int ph = CpuOps.PoolOutputSize(oh, step.PoolKernel, step.PoolStride), pw = CpuOps.PoolOutputSize(ow, step.PoolKernel, step.PoolStride);
                slot = slot == ScratchSlots.CropA ? ScratchSlots.CropB : ScratchSlots.CropA;
                var pooled = scratch.Floats(slot, ph * pw * n8);
                Im2Col.MaxPool(output.Slice(0, oh * ow * n8), oh, ow, n8, step.PoolKernel, step.PoolStride, pooled);
                input = pooled;
                slot = slot == ScratchSlots.CropA ? ScratchSlots.CropB : ScratchSlots.CropA;
            }
            else
            {
                input = output;
                slot = slot == ScratchSlots.CropA ? ScratchSlots.CropB : ScratchSlots.CropA;
            }
        }
    }
}
