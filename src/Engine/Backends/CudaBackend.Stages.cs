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
            ws.Pixels!.Pointer, ws.RowSums!.Pointer,
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
