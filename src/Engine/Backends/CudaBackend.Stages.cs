using MtcnnCuda.Cascade;
using MtcnnCuda.Cuda;
using MtcnnCuda.Weights;

namespace MtcnnCuda.Backends;

// The device-resident cascade (issue 12, item 4).
//  - No host round trip inside the cascade: every candidate count (per PNet level, after each NMS, after RNet's and
//    ONet's thresholds) stays in the device counter array. Every later launch is sized by the input shape and the
//    candidate caps (CascadeSizes) and reads its live count on the device: NMS and top-k take a count pointer plus a
//    capacity; crop, conv, dense and stage_filter take a `live` pointer and loop (grid-stride) over min(*live,
//    capacity) with a capped grid (CudaKernelSet.LiveGridBlocks), so a cap-sized launch with few live candidates
//    costs one small grid, not cap-many exiting blocks.
//  - One CUDA graph per input shape (CascadeGraphCache, LRU of 8): upload → planar → pyramid → PNet → per-level
//    top-k + NMS → cross-scale top-k + NMS → RNet → NMS → ONet → NMS → pack_faces → one copy of count + boxes +
//    landmarks of the first 128 faces (CascadeSizes.DefaultInlineFaces) into pinned memory. The first call with a
//    shape runs eagerly and sizes the workspace, the second captures, later calls replay: one graph launch and one
//    cuStreamSynchronize per Detect (a second copy and wait only when more than 128 faces are found). Buffers that
//    grow for a new shape bump the workspace generation; graphs of an older generation are re-captured.
//    Nothing is allocated once a shape is warm (GpuResidentTests counts it on the host emulator).
//  - Memory and work bounds (default caps 20,000 / 20,000 / 8,000 / 2,000): the largest NMS sees 20,000 boxes: its
//    bit mask is 20,000 × 313 words = 50 MB (×1.5 growth slack), the sort scratch 0.8 MB; PNet's candidate buffer
//    holds every cell of every level (1080p, minFace 20: ≈ 0.35 M cells, 14 MB). The mask and sort work is
//    O(live²): nms_mask strides a ≤ 32×32 grid over the upper-triangle 64×64 tiles below the live count, so an
//    empty or small stage costs one small launch; the worst case (20,000 live boxes) is 200 M IoU tests per NMS.
//    RNet/ONet buffers are sized for 8,000 / 2,000 crops (RNet's activations 8,000 × 3,388 floats = 108 MB, ONet's
//    2,000 × 16,928 floats = 135 MB): the price of never asking the host how many there are.
internal sealed partial class CudaBackend
{
    // Counter slots after the per-level PNet counts.
    private const int AllCount = 0, PNetOut = 1, RNetFiltered = 2, RNetOut = 3, ONetFiltered = 4, FinalCount = 5, CounterSlots = 6;

    private const int NmsNone = 0, NmsRegressSquare = 1, NmsRegressPlusOneSquare = 2;

    private int _counterBase;

    /// <summary>Device address of a stage counter (after the per-level PNet counts of the current image).</summary>
    private ulong Counter(int slot) => _ws.Counters!.At(_counterBase + slot);

    private Face[] DetectLocked(PixelView image)
    {
        int w = image.Width, h = image.Height, bpp = image.Format.BytesPerPixel(), stride = image.Stride;
        var scales = Pyramid.Scales(w, h, _options.MinFaceSize, _options.ScaleFactor);
        if (scales.Length == 0) return [];
        var ws = _ws;
        var format = image.Format;
        long bytes = (long)(h - 1) * stride + (long)w * bpp;
        var staging = ws.Ensure(ref ws.PixelStaging, bytes);
        image.Pixels[..(int)bytes].CopyTo(staging.Span);
        var plan = PlanPyramid(w, h, scales);
        var sizes = CascadeSizes.For(plan.CellOffset, _options.Caps, InlineFaces);
        EnsurePNetBuffers(plan, stride, bpp);
        EnsureCascadeBuffers(sizes);
        _counterBase = scales.Length;
        _graphs.Run(new ShapeKey(w, h, stride, format), ws.Generation, _stream,
            () => EnqueueCascade(plan, sizes, stride, format, scales), () => ws.Generation);
        _stream.Synchronize();
        return ReadFaces(sizes);
    }

    /// <summary>Sizes the NMS, top-k, stage and result buffers from the shape and the caps, before any capture.</summary>
    private void EnsureCascadeBuffers(CascadeSizes sizes)
    {
        var ws = _ws;
        ws.Ensure(ref ws.Counters, sizes.LevelCells.Length + CounterSlots);
        ws.Ensure(ref ws.TopKCounts, sizes.LevelCells.Length + 1);
        ws.Ensure(ref ws.TopKThreshold, 1);
        ws.Ensure(ref ws.TopKOut, sizes.LargestTopK);
        ws.Ensure(ref ws.All, sizes.AllScales);
        ws.Ensure(ref ws.Sorted, sizes.LargestNms);
        EnsureMask(sizes.LargestNms);
        ws.Ensure(ref ws.StageIn, sizes.CrossNms);
        ws.Ensure(ref ws.Final, sizes.ONet);
        ws.Ensure(ref ws.Packed, CascadeSizes.PackedFloats(sizes.ONet));
        ws.Ensure(ref ws.PackedStaging, CascadeSizes.PackedFloats(sizes.ONet));
    }

    /// <summary>
    /// The whole cascade as stream work on already-sized buffers (legal inside a capture once the shape has run
    /// eagerly): no launch size depends on a candidate count, no host wait.
    /// </summary>
    private void EnqueueCascade(PyramidPlan plan, CascadeSizes sizes, int stride, PixelFormat format, double[] scales)
    {
        var ws = _ws;
        var s = _stream;
        int levels = scales.Length;
        EnqueuePNet(plan, stride, format, scales);
        var counters = ws.Counters!;
        var topOut = ws.TopKOut!;
        var topCounts = ws.TopKCounts!;
        var all = ws.All!;
        var stageIn = ws.StageIn!;
        topCounts.Clear(s);

        // 3. Per level: cut to the best PNetPerScale (only where the level has more cells), NMS (Union), appended
        //    into one list; then across levels (cut to PNetAllScales) with regression + square.
        for (int l = 0; l < levels; l++)
        {
            ulong cells = ws.LevelCandidates!.At(plan.CellOffset[l]), count = counters.At(l);
            int capacity = sizes.LevelCells[l];
            if (capacity > sizes.LevelNms[l])
            {
                _kernels.TopK(s, cells, count, capacity, sizes.LevelNms[l], topOut.Pointer, topCounts.At(l), ws.TopKThreshold!.Pointer);
                (cells, count, capacity) = (topOut.Pointer, topCounts.At(l), sizes.LevelNms[l]);
            }
            _kernels.Nms(s, cells, count, capacity, ws.Sorted!.Pointer, ws.Mask!.Pointer,
                _options.PNetScaleNms, minMode: false, plusOne: false, all.Pointer, Counter(AllCount), NmsNone, rekey: true);
        }
        ulong allBoxes = all.Pointer, allCount = Counter(AllCount);
        if (sizes.AllScales > sizes.CrossNms)
        {
            _kernels.TopK(s, allBoxes, allCount, checked((int)sizes.AllScales), sizes.CrossNms, topOut.Pointer, topCounts.At(levels), ws.TopKThreshold!.Pointer);
            (allBoxes, allCount) = (topOut.Pointer, topCounts.At(levels));
        }
        _kernels.Nms(s, allBoxes, allCount, sizes.CrossNms, ws.Sorted!.Pointer, ws.Mask!.Pointer,
            _options.PNetCrossScaleNms, minMode: false, plusOne: false, stageIn.Pointer, Counter(PNetOut), NmsRegressSquare, rekey: true);

        // 4. RNet on the first min(count, RNet cap) boxes, threshold, NMS (Union), regression (+1) + square.
        var planar = ws.Planar!;
        RunRNet(planar.Pointer, plan.Width, plan.Height, stageIn.Pointer, sizes.RNet, Counter(PNetOut));
        _kernels.Nms(s, ws.Filtered!.Pointer, Counter(RNetFiltered), sizes.RNet, ws.Sorted!.Pointer, ws.Mask!.Pointer,
            _options.RNetNms, minMode: false, plusOne: false, stageIn.Pointer, Counter(RNetOut), NmsRegressPlusOneSquare, rekey: true);

        // 5. ONet on the first min(count, ONet cap): threshold, landmarks, regression (+1), NMS 'Min' with +1 areas.
        RunONet(planar.Pointer, plan.Width, plan.Height, stageIn.Pointer, sizes.ONet, Counter(RNetOut));
        var final = ws.Final!;
        _kernels.Nms(s, ws.Filtered!.Pointer, Counter(ONetFiltered), sizes.ONet, ws.Sorted!.Pointer, ws.Mask!.Pointer,
            _options.ONetNms, minMode: true, plusOne: true, final.Pointer, Counter(FinalCount), NmsNone, rekey: false);

        // 6. Count, boxes and landmarks packed together; the first InlineFaces come back with the graph.
        var packed = ws.Packed!;
        _kernels.PackFaces(s, new PackFacesParams
        {
            Faces = final.Pointer, Count = Counter(FinalCount), Marks = ws.Marks!.Pointer, Out = packed.Pointer, Capacity = sizes.ONet,
        });
        packed.CopyToAsync(ws.PackedStaging!, CascadeSizes.PackedFloats(sizes.InlineCopy), s);
    }

    /// <summary>The faces from the packed result the graph copied back (one more copy and wait past InlineFaces).</summary>
    private Face[] ReadFaces(CascadeSizes sizes)
    {
        var ws = _ws;
        int kept = BitConverter.SingleToInt32Bits(ws.PackedStaging!.Span[0]);
        if (kept < 0 || kept > sizes.ONet) throw new InvalidOperationException($"The device reported {kept} faces for at most {sizes.ONet}.");
        if (kept > sizes.InlineCopy)
        {
            ws.Packed!.CopyToAsync(ws.PackedStaging!, CascadeSizes.PackedFloats(kept), _stream);
            _stream.Synchronize();
        }
        var packed = ws.PackedStaging!.Span;
        var faces = new Face[kept];
        for (int i = 0; i < kept; i++)
        {
            var f = packed.Slice(4 + 15 * i, 15);
            faces[i] = new Face(new BoundingBox(f[0], f[1], f[2], f[3]), f[4], new FaceLandmarks(
                new PointF(f[5], f[6]), new PointF(f[7], f[8]), new PointF(f[9], f[10]), new PointF(f[11], f[12]), new PointF(f[13], f[14])));
        }
        return faces;
    }

    /// <summary>Level sizes and the offsets of each level in the pyramid and PNet-candidate buffers.</summary>
    private sealed record PyramidPlan((int W, int H)[] Sizes, long[] PyramidOffset, long[] CellOffset, int Width, int Height);

    private static PyramidPlan PlanPyramid(int w, int h, double[] scales)
    {
        int levels = scales.Length;
        var sizes = new (int W, int H)[levels];
        var pyramidOffset = new long[levels + 1];
        var cellOffset = new long[levels + 1];
        for (int l = 0; l < levels; l++)
        {
            sizes[l] = Pyramid.LevelSize(w, h, scales[l]);
            pyramidOffset[l + 1] = pyramidOffset[l] + 3L * sizes[l].W * sizes[l].H;
            var (_, _, h3, w3) = PNetShapes(sizes[l].W, sizes[l].H);
            cellOffset[l + 1] = cellOffset[l] + (long)h3 * w3;
        }
        return new PyramidPlan(sizes, pyramidOffset, cellOffset, w, h);
    }

    /// <summary>Sizes every buffer the PNet phase uses, so enqueueing it (or capturing it) allocates nothing.</summary>
    private void EnsurePNetBuffers(PyramidPlan plan, int stride, int bpp)
    {
        var ws = _ws;
        int w = plan.Width, h = plan.Height, levels = plan.Sizes.Length;
        ws.Ensure(ref ws.Pixels, (long)(h - 1) * stride + (long)w * bpp);
        ws.Ensure(ref ws.Planar, 3L * w * h);
        ws.Ensure(ref ws.Pyramid, plan.PyramidOffset[levels]);
        var (c1, c2, _, _) = PNetShapes(plan.Sizes[0].W, plan.Sizes[0].H);
        ws.Ensure(ref ws.ActA, Math.Max(c1, plan.CellOffset[1] * 32));
        ws.Ensure(ref ws.ActB, c2);
        ws.Ensure(ref ws.LevelCandidates, plan.CellOffset[levels]);
    }

    /// <summary>
    /// Enqueues upload → planar → pyramid → PNet on every level (per-level counts stay on the device). Only stream
    /// operations on already-sized buffers: legal inside a stream capture.
    /// </summary>
    private unsafe void EnqueuePNet(PyramidPlan plan, int stride, PixelFormat format, double[] scales)
    {
        var ws = _ws;
        var s = _stream;
        int w = plan.Width, h = plan.Height, bpp = format.BytesPerPixel(), levels = scales.Length;
        var counters = ws.Counters!;
        counters.Clear(s);
        long bytes = (long)(h - 1) * stride + (long)w * bpp;
        var pixels = ws.Pixels!;
        pixels.CopyFromAsync(ws.PixelStaging!, bytes, s);
        var planar = ws.Planar!;
        bool swap = format.IsRedFirst() != _weights.RgbInput;
        _kernels.ToPlanar(s, new ToPlanarParams
        {
            Pixels = pixels.Pointer, Planar = planar.Pointer, Width = w, Height = h, Stride = stride, Bpp = bpp,
            C0 = swap ? 2 : 0, C1 = 1, C2 = swap ? 0 : 2,
        });
        var sizes = plan.Sizes;
        var pyramidOffset = plan.PyramidOffset;
        var pyramid = ws.Pyramid!;
        for (int first = 0; first < levels; first += PyramidParams.MaxLevels)
        {
            int count = Math.Min(PyramidParams.MaxLevels, levels - first);
            var p = new PyramidParams
            {
                Planar = planar.Pointer, Out = pyramid.At(pyramidOffset[first]), Mean = _weights.PixelMean, Scale = _weights.PixelScale,
                Width = w, Height = h, Levels = count,
            };
            for (int i = 0; i < count; i++)
            {
                p.Offset[i] = checked((int)(pyramidOffset[first + i] - pyramidOffset[first]));
                p.LevelWidth[i] = sizes[first + i].W;
                p.LevelHeight[i] = sizes[first + i].H;
            }
            p.Offset[count] = checked((int)(pyramidOffset[first + count] - pyramidOffset[first]));
            _kernels.Pyramid(s, p);
        }
        for (int l = 0; l < levels; l++)
            RunPNet(pyramid.At(pyramidOffset[l]), sizes[l].W, sizes[l].H, scales[l], ws.ActA!, ws.ActB!,
                ws.LevelCandidates!.At(plan.CellOffset[l]), counters.At(l));
    }

    /// <summary>Element counts of PNet's conv1+pool and conv2 outputs, and conv3's map size, for a level.</summary>
    private static (long Conv1, long Conv2, int H3, int W3) PNetShapes(int w, int h)
    {
        int hp = Cpu.CpuOps.PoolOutputSize(h - 2, 2, 2), wp = Cpu.CpuOps.PoolOutputSize(w - 2, 2, 2);
        int h2 = hp - 2, w2 = wp - 2;
        return (10L * hp * wp, 16L * h2 * w2, h2 - 2, w2 - 2);
    }

    private void RunPNet(ulong level, int w, int h, double scale, DeviceBuffer<float> a, DeviceBuffer<float> b, ulong candidates, ulong count)
    {
        const NetKind n = NetKind.PNet;
        int hp = Cpu.CpuOps.PoolOutputSize(h - 2, 2, 2), wp = Cpu.CpuOps.PoolOutputSize(w - 2, 2, 2);
        Conv(n, "conv1", "prelu1", level, a.Pointer, 1, 3, h, w, 10, 3, 2, 2);
        Conv(n, "conv2", "prelu2", a.Pointer, b.Pointer, 1, 10, hp, wp, 16, 3, 0, 0);
        Conv(n, "conv3", "prelu3", b.Pointer, a.Pointer, 1, 16, hp - 2, wp - 2, 32, 3, 0, 0);
        _kernels.PNetHeads(_stream, new PNetHeadsParams
        {
            Features = a.Pointer, W41 = _params["pnet.conv4_1.weight"], B41 = _params["pnet.conv4_1.bias"],
            W42 = _params["pnet.conv4_2.weight"], B42 = _params["pnet.conv4_2.bias"], Out = candidates, Count = count,
            Scale = scale, Threshold = _options.PNetThreshold, Height = hp - 4, Width = wp - 4, Channels = 32,
            ClipFloat = _options.EdgeMode == EdgeMode.Clip ? 1 : 0,
        });
    }

    /// <summary>RNet over the first min(*live, count) boxes; every launch is sized by <paramref name="count"/> (a cap).</summary>
    private void RunRNet(ulong planar, int w, int h, ulong boxes, int count, ulong live)
    {
        const NetKind n = NetKind.RNet;
        var ws = _ws;
        var crops = ws.Ensure(ref ws.Crops, (long)count * 3 * 24 * 24);
        Crop(planar, w, h, boxes, count, 24, crops.Pointer, live);
        var a = ws.Ensure(ref ws.StageA, (long)count * 28 * 11 * 11);
        var b = ws.Ensure(ref ws.StageB, (long)count * 48 * 4 * 4);
        Conv(n, "conv1", "prelu1", crops.Pointer, a.Pointer, count, 3, 24, 24, 28, 3, 3, 2, live);   // 28×11×11
        Conv(n, "conv2", "prelu2", a.Pointer, b.Pointer, count, 28, 11, 11, 48, 3, 3, 2, live);      // 48×4×4
        Conv(n, "conv3", "prelu3", b.Pointer, a.Pointer, count, 48, 4, 4, 64, 2, 0, 0, live);        // 64×3×3
        var dense = ws.Ensure(ref ws.Dense, (long)count * 128);
        Dense(n, "dense4", "prelu4", a.Pointer, dense.Pointer, count, 576, 128, live);
        Heads(n, "dense5_1", "dense5_2", null, dense.Pointer, count, 128, boxes, _options.RNetThreshold, RNetFiltered, live);
    }

    /// <summary>ONet over the first min(*live, count) boxes; every launch is sized by <paramref name="count"/> (a cap).</summary>
    private void RunONet(ulong planar, int w, int h, ulong boxes, int count, ulong live)
    {
        const NetKind n = NetKind.ONet;
        var ws = _ws;
        var crops = ws.Ensure(ref ws.Crops, (long)count * 3 * 48 * 48);
        Crop(planar, w, h, boxes, count, 48, crops.Pointer, live);
        var a = ws.Ensure(ref ws.StageA, (long)count * 32 * 23 * 23);
        var b = ws.Ensure(ref ws.StageB, (long)count * 64 * 10 * 10);
        Conv(n, "conv1", "prelu1", crops.Pointer, a.Pointer, count, 3, 48, 48, 32, 3, 3, 2, live);   // 32×23×23
        Conv(n, "conv2", "prelu2", a.Pointer, b.Pointer, count, 32, 23, 23, 64, 3, 3, 2, live);      // 64×10×10
        Conv(n, "conv3", "prelu3", b.Pointer, a.Pointer, count, 64, 10, 10, 64, 3, 2, 2, live);      // 64×4×4
        Conv(n, "conv4", "prelu4", a.Pointer, b.Pointer, count, 64, 4, 4, 128, 2, 0, 0, live);       // 128×3×3
        var dense = ws.Ensure(ref ws.Dense, (long)count * 256);
        Dense(n, "dense5", "prelu5", b.Pointer, dense.Pointer, count, 1152, 256, live);
        Heads(n, "dense6_1", "dense6_2", "dense6_3", dense.Pointer, count, 256, boxes, _options.ONetThreshold, ONetFiltered, live);
    }

    private void Heads(NetKind n, string cls, string box, string? landmarks, ulong features, int count, int inputs,
        ulong boxes, float threshold, int counterSlot, ulong live)
    {
        var ws = _ws;
        var logits = ws.Ensure(ref ws.Logits, 2L * count);
        var reg = ws.Ensure(ref ws.Reg, 4L * count);
        Dense(n, cls, null, features, logits.Pointer, count, inputs, 2, live);
        Dense(n, box, null, features, reg.Pointer, count, inputs, 4, live);
        ulong lmk = 0, marks = 0;
        if (landmarks is not null)
        {
            lmk = ws.Ensure(ref ws.Landmarks, 10L * count).Pointer;
            Dense(n, landmarks, null, features, lmk, count, inputs, 10, live);
            marks = ws.Ensure(ref ws.Marks, 10L * count).Pointer;
        }
        var filtered = ws.Ensure(ref ws.Filtered, count);
        ws.Ensure(ref ws.Sorted, count);
        EnsureMask(count);
        _kernels.Filter(_stream, new FilterParams
        {
            Logits = logits.Pointer, Reg = reg.Pointer, Landmarks = lmk, Boxes = boxes, Out = filtered.Pointer, Marks = marks,
            Count = Counter(counterSlot),
            Batch = count, Threshold = threshold, RegressKept = landmarks is null ? 0 : 1, Live = live,
        });
    }

    private void Conv(NetKind n, string layer, string prelu, ulong input, ulong output, int batch, int cin, int h, int w,
        int cout, int k, int poolK, int poolS, ulong live = 0)
    {
        int convH = h - k + 1, convW = w - k + 1;
        int outH = poolK > 0 ? Cpu.CpuOps.PoolOutputSize(convH, poolK, poolS) : convH;
        int outW = poolK > 0 ? Cpu.CpuOps.PoolOutputSize(convW, poolK, poolS) : convW;
        string prefix = NetArchitecture.Prefix(n);
        _kernels.Conv(_stream, new ConvParams
        {
            In = input, Weight = _params[$"{prefix}.{layer}.weight"], Bias = _params[$"{prefix}.{layer}.bias"],
            Alpha = _params[$"{prefix}.{prelu}.weight"], Out = output,
            Batch = batch, Cin = cin, H = h, W = w, Cout = cout, K = k, ConvH = convH, ConvW = convW,
            PoolK = poolK, PoolS = poolS, OutH = outH, OutW = outW, Live = live,
        });
    }

    private void Dense(NetKind n, string layer, string? prelu, ulong input, ulong output, int batch, int inputs, int outputs, ulong live)
    {
        string prefix = NetArchitecture.Prefix(n);
        _kernels.Dense(_stream, new DenseParams
        {
            In = input, Weight = _params[$"{prefix}.{layer}.weight"], Bias = _params[$"{prefix}.{layer}.bias"],
            Alpha = prelu is null ? 0 : _params[$"{prefix}.{prelu}.weight"], Out = output,
            Batch = batch, Inputs = inputs, Outputs = outputs, Live = live,
        });
    }

    private void Crop(ulong planar, int w, int h, ulong boxes, int count, int size, ulong output, ulong live) =>
        _kernels.Crop(_stream, new CropParams
        {
            Planar = planar, Boxes = boxes, Out = output, Count = count, Width = w, Height = h, Size = size,
            Clip = _options.EdgeMode == EdgeMode.Clip ? 1 : 0, Mean = _weights.PixelMean, Scale = _weights.PixelScale, Live = live,
        });

    private void EnsureMask(long capacity)
    {
        long words = (capacity + 63) / 64;
        _ws.Ensure(ref _ws.Mask, capacity * words);
    }
}
