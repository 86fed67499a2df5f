using MtcnnCuda.Cascade;
using MtcnnCuda.Cuda;
using MtcnnCuda.Weights;

namespace MtcnnCuda.Backends;

internal sealed partial class CudaBackend
{
    // Counter slots after the per-level PNet counts.
    private const int AllCount = 0, PNetOut = 1, RNetFiltered = 2, RNetOut = 3, ONetFiltered = 4, FinalCount = 5, CounterSlots = 6;

    /// <summary>Above this many PNet candidates the cross-scale NMS waits for the exact survivor count.</summary>
    internal const int ExactCountAbove = 4096;

    private const int NmsNone = 0, NmsRegressSquare = 1, NmsRegressPlusOneSquare = 2;

    private int _counterBase;

    /// <summary>Device address of a stage counter (after the per-level PNet counts of the current image).</summary>
    private ulong Counter(int slot) => _ws.Counters!.At(_counterBase + slot);

    private unsafe Face[] DetectLocked(CudaInput image)
    {
        int w = image.Width, h = image.Height, bpp = image.Format.BytesPerPixel();
        var scales = Pyramid.Scales(w, h, _options.MinFaceSize, _options.ScaleFactor);
        if (scales.Length == 0) return [];
        var ws = _ws;
        var s = _stream;
        int levels = scales.Length;
        var counters = ws.Ensure(ref ws.Counters, levels + CounterSlots);
        _counterBase = levels;

        // 1-2. Everything up to PNet's per-level counts depends only on the image shape: enqueued eagerly the first
        // time, captured into a CUDA graph when the same shape comes again, replayed after that.
        var plan = PlanPyramid(w, h, scales);
        EnsurePNetBuffers(plan, image.Stride, bpp);
        // gpu-io hook: the pixels' upload (staged, direct from page-locked memory, or device to device) runs before
        // the graph, so the graph's addresses do not depend on where the caller's pixels are.
        UploadInput(image);
        int stride = image.Stride;
        var format = image.Format;
        ulong[] pnetBuffers =
        [
            ws.Pixels!.Pointer, ws.Planar!.Pointer, ws.Pyramid!.Pointer, ws.ActA!.Pointer, ws.ActB!.Pointer,
            ws.LevelCandidates!.Pointer, counters.Pointer, (ulong)ws.CounterStaging!.Pointer,
        ];
        BeginStage(CudaStage.PNet);
        _graphs.Run(new ShapeKey(w, h, stride, format), pnetBuffers, s, () => EnqueuePNet(plan, stride, format, scales));
        EndStage(CudaStage.PNet);
        s.Synchronize();
        var source = PixelSource(image);
        var levelCandidates = ws.LevelCandidates!;
        var cellOffset = plan.CellOffset;
        var levelCounts = ws.CounterStaging!.Span[..levels].ToArray();
        var caps = _options.Caps;
        // CandidateLimits, as the CPU applies them: each level's cells are cut to the best PNetPerScale before its
        // NMS, the concatenated survivors to the best PNetAllScales before the cross-scale NMS.
        long bound = 0;
        foreach (int c in levelCounts) bound += Math.Min(c, caps.PNetPerScale);
        if (bound == 0) return [];

        // 3. NMS per level (Union), appended into one list; then across levels with regression + square.
        var all = ws.Ensure(ref ws.All, bound);
        var stageIn = ws.Ensure(ref ws.StageIn, bound);
        var sorted = ws.Ensure(ref ws.Sorted, bound);
        var topOut = ws.Ensure(ref ws.TopKOut, Math.Max(caps.PNetPerScale, caps.PNetAllScales));
        var topCounts = ws.Ensure(ref ws.TopKCounts, levels + 1);
        var topThreshold = ws.Ensure(ref ws.TopKThreshold, 1);
        BeginStage(CudaStage.Nms);
        topCounts.Clear(s);
        // Every level's cut + NMS in the same launches (kernels/nms.cu), survivors appended level after level.
        _ws.Ensure(ref _ws.Mask, CudaKernelSet.NmsLevelsScratchWords(levelCounts, caps.PNetPerScale));
        _kernels.NmsLevels(s, levelCandidates.Pointer, cellOffset, counters.Pointer, levelCounts, caps.PNetPerScale, sorted.Pointer,
            ws.Mask!.Pointer, _options.PNetScaleNms, minMode: false, plusOne: false, all.Pointer, Counter(AllCount), NmsNone, rekey: true);
        // The cross-scale pass sizes its launches (and its capacity² bit mask) by an upper bound of the survivors;
        // when that bound is large, one extra round trip for the exact count is cheaper than the oversized work.
        long capacityAll = bound > ExactCountAbove ? ReadInts(counters, levels + AllCount, 1)[0] : bound;
        ulong allBoxes = all.Pointer, allCount = Counter(AllCount);
        if (capacityAll > caps.PNetAllScales)
        {
            _kernels.TopK(s, allBoxes, allCount, checked((int)capacityAll), caps.PNetAllScales, topOut.Pointer, topCounts.At(levels), topThreshold.Pointer);
            (allBoxes, allCount, capacityAll) = (topOut.Pointer, topCounts.At(levels), caps.PNetAllScales);
        }
        EnsureMask(capacityAll);
        _kernels.Nms(s, allBoxes, allCount, checked((int)capacityAll), sorted.Pointer, ws.Mask!.Pointer,
            _options.PNetCrossScaleNms, minMode: false, plusOne: false, stageIn.Pointer, Counter(PNetOut), NmsRegressSquare, rekey: true);
        EndStage(CudaStage.Nms);
        // RNet's and ONet's inputs are NMS outputs, already in the CPU's order: their caps keep a prefix.
        int n1 = Math.Min(ReadInts(counters, levels + PNetOut, 1)[0], caps.RNet);
        if (n1 == 0) return [];

        // 4. RNet on 24×24 crops, threshold, NMS (Union), regression (+1) + square.
        BeginStage(CudaStage.RNet);
        RunRNet(source, stageIn.Pointer, n1, Counter(PNetOut));
        var filtered = ws.Filtered!;
        _kernels.Nms(s, filtered.Pointer, Counter(RNetFiltered), n1, ws.Sorted!.Pointer, ws.Mask!.Pointer,
            _options.RNetNms, minMode: false, plusOne: false, stageIn.Pointer, Counter(RNetOut), NmsRegressPlusOneSquare, rekey: true);
        EndStage(CudaStage.RNet);
        int n2 = Math.Min(ReadInts(counters, levels + RNetOut, 1)[0], caps.ONet);
        if (n2 == 0) return [];

        // 5. ONet on 48×48 crops: threshold, landmarks, regression (+1), NMS 'Min' with +1 areas.
        BeginStage(CudaStage.ONet);
        RunONet(source, stageIn.Pointer, n2, Counter(RNetOut));
        var final = ws.Ensure(ref ws.Final, n2);
        _kernels.Nms(s, ws.Filtered!.Pointer, Counter(ONetFiltered), n2, ws.Sorted!.Pointer, ws.Mask!.Pointer,
            _options.ONetNms, minMode: true, plusOne: true, final.Pointer, Counter(FinalCount), NmsNone, rekey: false);
        EndStage(CudaStage.ONet);

        // One wait for the result: count, boxes and landmarks come back together.
        var countStaging = ws.Ensure(ref ws.CounterStaging, Math.Max(levels, 1));
        var finalStaging = ws.Ensure(ref ws.FinalStaging, n2);
        var marksStaging = ws.Ensure(ref ws.MarksStaging, 10L * n2);
        BeginStage(CudaStage.Download);
        counters.CopyToAsync(countStaging, 1, s, levels + FinalCount);
        final.CopyToAsync(finalStaging, n2, s);
        ws.Marks!.CopyToAsync(marksStaging, 10L * n2, s);
        EndStage(CudaStage.Download);
        s.Synchronize();
        int kept = countStaging.Span[0];
        var faces = new Face[kept];
        var boxes = finalStaging.Span;
        var marks = marksStaging.Span;
        for (int i = 0; i < kept; i++)
        {
            var c = boxes[i];
            var m = marks.Slice(10 * c.Key, 10);
            faces[i] = new Face(new BoundingBox(c.X1, c.Y1, c.X2, c.Y2), c.Score, new FaceLandmarks(
                new PointF(m[0], m[1]), new PointF(m[2], m[3]), new PointF(m[4], m[5]), new PointF(m[6], m[7]), new PointF(m[8], m[9])));
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
        ws.Ensure(ref ws.CounterStaging, levels);
    }

    /// <summary>
    /// Enqueues planar → pyramid → PNet on every level → per-level counts into pinned memory. Only stream
    /// operations on already-sized buffers: legal inside a stream capture.
    /// </summary>
    private unsafe void EnqueuePNet(PyramidPlan plan, int stride, PixelFormat format, double[] scales)
    {
        var ws = _ws;
        var s = _stream;
        int w = plan.Width, h = plan.Height, bpp = format.BytesPerPixel(), levels = scales.Length;
        var counters = ws.Counters!;
        counters.Clear(s);
        var pixels = ws.Pixels!; // filled by UploadInput before the graph
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
        counters.CopyToAsync(ws.CounterStaging!, levels, s);
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

    private void Conv(NetKind n, string layer, string prelu, ulong input, ulong output, int batch, int cin, int h, int w,
        int cout, int k, int poolK, int poolS)
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
            PoolK = poolK, PoolS = poolS, OutH = outH, OutW = outW,
        });
    }

    private void EnsureMask(long capacity)
    {
        _ws.Ensure(ref _ws.Mask, CudaKernelSet.NmsScratchWords(checked((int)capacity)));
    }

    /// <summary>Copies <paramref name="count"/> counters from the device and waits: one host round trip.</summary>
    private int[] ReadInts(DeviceBuffer<int> counters, int offset, int count)
    {
        var staging = _ws.Ensure(ref _ws.CounterStaging, count);
        counters.CopyToAsync(staging, count, _stream, offset);
        _stream.Synchronize();
        return staging.Span[..count].ToArray();
    }
}
