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

    private unsafe Face[] DetectLocked(PixelView image)
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
        var staging = ws.Ensure(ref ws.PixelStaging, (long)(h - 1) * image.Stride + (long)w * bpp);
        image.Pixels[..(int)((long)(h - 1) * image.Stride + (long)w * bpp)].CopyTo(staging.Span);
        var plan = PlanPyramid(w, h, scales);
        EnsurePNetBuffers(plan, image.Stride, bpp);
        int stride = image.Stride;
        var format = image.Format;
        ulong[] pnetBuffers =
        [
            ws.Pixels!.Pointer, ws.Planar!.Pointer, ws.RowSums!.Pointer,
            ws.LevelCandidates!.Pointer, counters.Pointer, (ulong)ws.PixelStaging!.Pointer, (ulong)ws.CounterStaging!.Pointer,
        ];
        _graphs.Run(new ShapeKey(w, h, stride, format), pnetBuffers, s, () => EnqueuePNet(plan, stride, format, scales));
        s.Synchronize();
        var planar = ws.Planar!;
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
        topCounts.Clear(s);
        EnsureMask(Math.Min(levelCounts.Max(), caps.PNetPerScale));
        for (int l = 0; l < levels; l++)
        {
            if (levelCounts[l] == 0) continue;
            ulong cells = levelCandidates.At(cellOffset[l]), count = counters.At(l);
            int capacity = levelCounts[l];
            if (capacity > caps.PNetPerScale)
            {
                _kernels.TopK(s, cells, count, capacity, caps.PNetPerScale, topOut.Pointer, topCounts.At(l), topThreshold.Pointer);
                (cells, count, capacity) = (topOut.Pointer, topCounts.At(l), caps.PNetPerScale);
            }
            _kernels.Nms(s, cells, count, capacity, sorted.Pointer, ws.Mask!.Pointer,
                _options.PNetScaleNms, minMode: false, plusOne: false, all.Pointer, Counter(AllCount), NmsNone, rekey: true);
        }
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
        // RNet's and ONet's inputs are NMS outputs, already in the CPU's order: their caps keep a prefix.
        int n1 = Math.Min(ReadInts(counters, levels + PNetOut, 1)[0], caps.RNet);
        if (n1 == 0) return [];

        // 4. RNet on 24×24 crops, threshold, NMS (Union), regression (+1) + square.
        RunRNet(planar.Pointer, w, h, stageIn.Pointer, n1);
        var filtered = ws.Filtered!;
        _kernels.Nms(s, filtered.Pointer, Counter(RNetFiltered), n1, ws.Sorted!.Pointer, ws.Mask!.Pointer,
            _options.RNetNms, minMode: false, plusOne: false, stageIn.Pointer, Counter(RNetOut), NmsRegressPlusOneSquare, rekey: true);
        int n2 = Math.Min(ReadInts(counters, levels + RNetOut, 1)[0], caps.ONet);
        if (n2 == 0) return [];

        // 5. ONet on 48×48 crops: threshold, landmarks, regression (+1), NMS 'Min' with +1 areas.
        RunONet(planar.Pointer, w, h, stageIn.Pointer, n2);
        var final = ws.Ensure(ref ws.Final, n2);
        _kernels.Nms(s, ws.Filtered!.Pointer, Counter(ONetFiltered), n2, ws.Sorted!.Pointer, ws.Mask!.Pointer,
            _options.ONetNms, minMode: true, plusOne: true, final.Pointer, Counter(FinalCount), NmsNone, rekey: false);

        // One wait for the result: count, boxes and landmarks come back together.
        var countStaging = ws.Ensure(ref ws.CounterStaging, Math.Max(levels, 1));
        var finalStaging = ws.Ensure(ref ws.FinalStaging, n2);
        var marksStaging = ws.Ensure(ref ws.MarksStaging, 10L * n2);
        counters.CopyToAsync(countStaging, 1, s, levels + FinalCount);
        final.CopyToAsync(finalStaging, n2, s);
        ws.Marks!.CopyToAsync(marksStaging, 10L * n2, s);
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

    private void RunRNet(ulong planar, int w, int h, ulong boxes, int count)
    {
        const NetKind n = NetKind.RNet;
        var ws = _ws;
        var crops = ws.Ensure(ref ws.Crops, (long)count * 3 * 24 * 24);
        Crop(planar, w, h, boxes, count, 24, crops.Pointer);
        var a = ws.Ensure(ref ws.StageA, (long)count * 28 * 11 * 11);
        var b = ws.Ensure(ref ws.StageB, (long)count * 48 * 4 * 4);
        Conv(n, "conv1", "prelu1", crops.Pointer, a.Pointer, count, 3, 24, 24, 28, 3, 3, 2);   // 28×11×11
        Conv(n, "conv2", "prelu2", a.Pointer, b.Pointer, count, 28, 11, 11, 48, 3, 3, 2);      // 48×4×4
        Conv(n, "conv3", "prelu3", b.Pointer, a.Pointer, count, 48, 4, 4, 64, 2, 0, 0);        // 64×3×3
        var dense = ws.Ensure(ref ws.Dense, (long)count * 128);
        Dense(n, "dense4", "prelu4", a.Pointer, dense.Pointer, count, 576, 128);
        Heads(n, "dense5_1", "dense5_2", null, dense.Pointer, count, 128, boxes, _options.RNetThreshold, RNetFiltered);
    }

    private void RunONet(ulong planar, int w, int h, ulong boxes, int count)
    {
        const NetKind n = NetKind.ONet;
        var ws = _ws;
        var crops = ws.Ensure(ref ws.Crops, (long)count * 3 * 48 * 48);
        Crop(planar, w, h, boxes, count, 48, crops.Pointer);
        var a = ws.Ensure(ref ws.StageA, (long)count * 32 * 23 * 23);
        var b = ws.Ensure(ref ws.StageB, (long)count * 64 * 10 * 10);
        Conv(n, "conv1", "prelu1", crops.Pointer, a.Pointer, count, 3, 48, 48, 32, 3, 3, 2);   // 32×23×23
        Conv(n, "conv2", "prelu2", a.Pointer, b.Pointer, count, 32, 23, 23, 64, 3, 3, 2);      // 64×10×10
        Conv(n, "conv3", "prelu3", b.Pointer, a.Pointer, count, 64, 10, 10, 64, 3, 2, 2);      // 64×4×4
        Conv(n, "conv4", "prelu4", a.Pointer, b.Pointer, count, 64, 4, 4, 128, 2, 0, 0);       // 128×3×3
        var dense = ws.Ensure(ref ws.Dense, (long)count * 256);
        Dense(n, "dense5", "prelu5", b.Pointer, dense.Pointer, count, 1152, 256);
        Heads(n, "dense6_1", "dense6_2", "dense6_3", dense.Pointer, count, 256, boxes, _options.ONetThreshold, ONetFiltered);
    }

    private void Heads(NetKind n, string cls, string box, string? landmarks, ulong features, int count, int inputs,
        ulong boxes, float threshold, int counterSlot)
    {
        var ws = _ws;
        var logits = ws.Ensure(ref ws.Logits, 2L * count);
        var reg = ws.Ensure(ref ws.Reg, 4L * count);
        Dense(n, cls, null, features, logits.Pointer, count, inputs, 2);
        Dense(n, box, null, features, reg.Pointer, count, inputs, 4);
        ulong lmk = 0, marks = 0;
        if (landmarks is not null)
        {
            lmk = ws.Ensure(ref ws.Landmarks, 10L * count).Pointer;
            Dense(n, landmarks, null, features, lmk, count, inputs, 10);
            marks = ws.Ensure(ref ws.Marks, 10L * count).Pointer;
        }
        var filtered = ws.Ensure(ref ws.Filtered, count);
        ws.Ensure(ref ws.Sorted, count);
        EnsureMask(count);
        _kernels.Filter(_stream, new FilterParams
        {
            Logits = logits.Pointer, Reg = reg.Pointer, Landmarks = lmk, Boxes = boxes, Out = filtered.Pointer, Marks = marks,
            Count = Counter(counterSlot),
            Batch = count, Threshold = threshold, RegressKept = landmarks is null ? 0 : 1,
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

    private void Dense(NetKind n, string layer, string? prelu, ulong input, ulong output, int batch, int inputs, int outputs)
    {
        string prefix = NetArchitecture.Prefix(n);
        _kernels.Dense(_stream, new DenseParams
        {
            In = input, Weight = _params[$"{prefix}.{layer}.weight"], Bias = _params[$"{prefix}.{layer}.bias"],
            Alpha = prelu is null ? 0 : _params[$"{prefix}.{prelu}.weight"], Out = output,
            Batch = batch, Inputs = inputs, Outputs = outputs,
        });
    }

    private void Crop(ulong planar, int w, int h, ulong boxes, int count, int size, ulong output) =>
        _kernels.Crop(_stream, new CropParams
        {
            Planar = planar, Boxes = boxes, Out = output, Count = count, Width = w, Height = h, Size = size,
            Clip = _options.EdgeMode == EdgeMode.Clip ? 1 : 0, Mean = _weights.PixelMean, Scale = _weights.PixelScale,
        });

    private void EnsureMask(long capacity)
    {
        long words = (capacity + 63) / 64;
        _ws.Ensure(ref _ws.Mask, capacity * words);
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
