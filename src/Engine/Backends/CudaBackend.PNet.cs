using MtcnnCuda.Cascade;
using MtcnnCuda.Weights;
using MtcnnCuda.Cpu;

namespace MtcnnCuda.Backends;

/// <summary>
/// The PNet phase on the device: upload, the planar copy the crop stage reads, the image's row sums (row_sums.cu),
/// then PNet on every pyramid level in one pnet_fused launch (it area-resamples from the row sums in its loader and
/// appends each level's candidates with its own count), and the per-level counts copied to pinned memory.
/// </summary>
internal sealed partial class CudaBackend
{
    /// <summary>Level sizes and the offset of each level in the PNet-candidate buffer (one slot per output cell).</summary>
    private sealed record PyramidPlan((int W, int H)[] Sizes, long[] CellOffset, int Width, int Height);

    private static PyramidPlan PlanPyramid(int w, int h, double[] scales)
    {
        int levels = scales.Length;
        var sizes = new (int W, int H)[levels];
        var cellOffset = new long[levels + 1];
        for (int l = 0; l < levels; l++)
        {
            sizes[l] = Pyramid.LevelSize(w, h, scales[l]);
            var (hf, wf) = CpuNets.PNetOutputSize(sizes[l].H, sizes[l].W);
            cellOffset[l + 1] = cellOffset[l] + (long)hf * wf;
        }
        return new PyramidPlan(sizes, cellOffset, w, h);
    }

    /// <summary>Sizes every buffer the PNet phase uses, so enqueueing it (or capturing it) allocates nothing.</summary>
    private void EnsurePNetBuffers(PyramidPlan plan, int stride, int bpp)
    {
        var ws = _ws;
        int w = plan.Width, h = plan.Height, levels = plan.Sizes.Length;
        ws.Ensure(ref ws.Pixels, (long)(h - 1) * stride + (long)w * bpp);
        ws.Ensure(ref ws.RowSums, RowSums.Length(w, h));
        ws.Ensure(ref ws.LevelCandidates, plan.CellOffset[levels]);
    }

    /// <summary>
    /// Enqueues row sums → fused PNet on all levels (per-level counts stay on
    /// the device).
    /// Only stream operations on already-sized buffers: legal inside a stream capture.
    /// </summary>
    private void EnqueuePNet(PyramidPlan plan, int stride, PixelFormat format, double[] scales)
    {
        var ws = _ws;
        var s = _stream;
        int w = plan.Width, h = plan.Height, bpp = format.BytesPerPixel(), levels = scales.Length;
        var counters = ws.Counters!;
        counters.Clear(s);
        var pixels = ws.Pixels!; // filled by UploadInput before the graph
        bool swap = format.IsRedFirst() != _weights.RgbInput;
        int c0 = swap ? 2 : 0, c2 = swap ? 0 : 2;
        var sums = ws.RowSums!;
        _kernels.RowSums(s, new RowSumsParams
        {
            Pixels = pixels.Pointer, Sums = sums.Pointer, Width = w, Height = h, Stride = stride, Bpp = bpp, C0 = c0, C1 = 1, C2 = c2,
        });
        var cellOffset = plan.CellOffset;
        for (int first = 0; first < levels; first += PNetFusedParams.MaxLevels)
        {
            int count = Math.Min(PNetFusedParams.MaxLevels, levels - first);
            var p = PNetWeights();
            p.Sums = sums.Pointer;
            p.Out = ws.LevelCandidates!.At(cellOffset[first]);
            p.Counts = counters.At(first);
            p.Mean = _weights.PixelMean;
            p.Scale = _weights.PixelScale;
            p.Threshold = _options.PNetThreshold;
            p.Width = w;
            p.Height = h;
            p.ClipFloat = _options.EdgeMode == EdgeMode.Clip ? 1 : 0;
            var relative = new long[count];
            for (int i = 0; i < count; i++) relative[i] = cellOffset[first + i] - cellOffset[first];
            PNetLevelTable.Fill(ref p, plan.Sizes.AsSpan(first, count), scales.AsSpan(first, count), relative);
            _kernels.PNetFused(s, p);
        }
    }

    /// <summary>pnet_fused params with PNet's weight pointers set.</summary>
    private PNetFusedParams PNetWeights()
    {
        ulong P(string name) => _params[$"{NetArchitecture.Prefix(NetKind.PNet)}.{name}"];
        return new PNetFusedParams
        {
            W1 = P("conv1.weight"), B1 = P("conv1.bias"), A1 = P("prelu1.weight"),
            W2 = P("conv2.weight"), B2 = P("conv2.bias"), A2 = P("prelu2.weight"),
            W3 = P("conv3.weight"), B3 = P("conv3.bias"), A3 = P("prelu3.weight"),
            W41 = P("conv4_1.weight"), B41 = P("conv4_1.bias"), W42 = P("conv4_2.weight"), B42 = P("conv4_2.bias"),
        };
    }
}
