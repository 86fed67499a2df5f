using MtcnnCuda.Cascade;
using MtcnnCuda.Cuda;
using MtcnnCuda.Weights;

namespace MtcnnCuda.Backends;

// The device-resident cascade (issue 12, item 4).
//  - No host round trip inside the cascade: every candidate count (per PNet level, after each NMS, after RNet's and
//    ONet's thresholds) stays in the device counter array. Every later launch is sized by the input shape and the
//    candidate caps (CascadeSizes) and reads its live count on the device: NMS and top-k take a count pointer plus a
//    capacity; the RNet/ONet kernels (crop_net_*) take a `live` pointer: blocks past min(*live,
//    capacity) exit at once.
//  - One CUDA graph per input shape (CascadeGraphCache, LRU of 8): row sums → fused PNet → every level's
//    top-k + NMS (one set of launches) → cross-scale top-k + NMS → RNet → NMS → ONet → NMS → pack_faces →
//    one copy of count + boxes + landmarks of the first 128 faces (CascadeSizes.DefaultInlineFaces) into pinned memory. The first call with a
//    shape runs eagerly and sizes the workspace, the second captures, later calls replay: one graph launch and one
//    cuStreamSynchronize per Detect (a second copy and wait only when more than 128 faces are found). Buffers that
//    grow for a new shape bump the workspace generation; graphs of an older generation are re-captured.
//    Nothing is allocated once a shape is warm (GpuResidentTests counts it on the host emulator).
//  - Memory and work bounds (default caps 20,000 / 20,000 / 8,000 / 2,000): the largest NMS sees 20,000 boxes: its
//    bit mask is 20,000 × 313 words = 50 MB (×1.5 growth slack), the sort scratch 0.8 MB; PNet's candidate buffer
//    holds every cell of every level (1080p, minFace 20: ≈ 0.35 M cells, 14 MB). The mask and sort work is
//    O(live²): nms_mask's grid covers the capacity's upper-triangle 64×64 tiles and tiles past the live count
//    exit at once (a capped, striding grid is the next step if a GPU profile shows the empty tiles); the worst case
//    (20,000 live boxes) is 200 M IoU tests per NMS.
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

    private Face[] DetectLocked(CudaInput image)
    {
        int w = image.Width, h = image.Height, bpp = image.Format.BytesPerPixel(), stride = image.Stride;
        var scales = Pyramid.Scales(w, h, _options.MinFaceSize, _options.ScaleFactor);
        if (scales.Length == 0) return [];
        var ws = _ws;
        var format = image.Format;
        var plan = PlanPyramid(w, h, scales);
        var sizes = CascadeSizes.For(plan.CellOffset, _options.Caps, InlineFaces);
        EnsurePNetBuffers(plan, stride, bpp);
        EnsureCascadeBuffers(sizes);
        _counterBase = scales.Length;
        // The pixels' upload (staged, straight from page-locked memory, or device to device: CudaBackend.Input.cs)
        // runs before the graph, so the graph's addresses do not depend on where the caller's pixels are.
        UploadInput(image);
        var source = PixelSource(image);
        // Stage times need events between the stages: that call runs the cascade eagerly instead of the graph.
        if (_timing) EnqueueCascade(plan, sizes, source, format, scales);
        else
            _graphs.Run(new ShapeKey(w, h, stride, format), ws.Generation, _stream,
                () => EnqueueCascade(plan, sizes, source, format, scales), () => ws.Generation);
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
        ws.Ensure(ref ws.Sorted, Math.Max(sizes.AllScales, sizes.LargestNms));
        ws.Ensure(ref ws.Mask, Math.Max(CudaKernelSet.NmsLevelsScratchWords(sizes.LevelCells, _options.Caps.PNetPerScale),
            CudaKernelSet.NmsScratchWords(sizes.LargestNms)));
        ws.Ensure(ref ws.StageIn, sizes.CrossNms);
        ws.Ensure(ref ws.Final, sizes.ONet);
        ws.Ensure(ref ws.Packed, CascadeSizes.PackedFloats(sizes.ONet));
        ws.Ensure(ref ws.PackedStaging, CascadeSizes.PackedFloats(sizes.ONet));
    }

    /// <summary>
    /// The whole cascade as stream work on already-sized buffers (legal inside a capture once the shape has run
    /// eagerly): no launch size depends on a candidate count, no host wait.
    /// </summary>
    private void EnqueueCascade(PyramidPlan plan, CascadeSizes sizes, CropSource source, PixelFormat format, double[] scales)
    {
        var ws = _ws;
        var s = _stream;
        int levels = scales.Length;
        BeginStage(CudaStage.PNet);
        EnqueuePNet(plan, source.Stride, format, scales);
        EndStage(CudaStage.PNet);
        var counters = ws.Counters!;
        var topOut = ws.TopKOut!;
        var topCounts = ws.TopKCounts!;
        var all = ws.All!;
        var stageIn = ws.StageIn!;
        topCounts.Clear(s);

        // 3. Every level cut to its best PNetPerScale (where it has more cells) and NMS'd (Union) in the same launches,
        //    survivors appended level after level; then across levels (cut to PNetAllScales) with regression + square.
        BeginStage(CudaStage.Nms);
        _kernels.NmsLevels(s, ws.LevelCandidates!.Pointer, plan.CellOffset, counters.Pointer, sizes.LevelCells, _options.Caps.PNetPerScale,
            ws.Sorted!.Pointer, ws.Mask!.Pointer, _options.PNetScaleNms, minMode: false, plusOne: false, all.Pointer, Counter(AllCount), NmsNone, rekey: true);
        ulong allBoxes = all.Pointer, allCount = Counter(AllCount);
        if (sizes.AllScales > sizes.CrossNms)
        {
            _kernels.TopK(s, allBoxes, allCount, checked((int)sizes.AllScales), sizes.CrossNms, topOut.Pointer, topCounts.At(levels), ws.TopKThreshold!.Pointer);
            (allBoxes, allCount) = (topOut.Pointer, topCounts.At(levels));
        }
        _kernels.Nms(s, allBoxes, allCount, sizes.CrossNms, ws.Sorted!.Pointer, ws.Mask!.Pointer,
            _options.PNetCrossScaleNms, minMode: false, plusOne: false, stageIn.Pointer, Counter(PNetOut), NmsRegressSquare, rekey: true);
        EndStage(CudaStage.Nms);

        // 4. RNet on the first min(count, RNet cap) boxes, threshold, NMS (Union), regression (+1) + square.
        BeginStage(CudaStage.RNet);
        RunRNet(source, stageIn.Pointer, sizes.RNet, Counter(PNetOut));
        _kernels.Nms(s, ws.Filtered!.Pointer, Counter(RNetFiltered), sizes.RNet, ws.Sorted!.Pointer, ws.Mask!.Pointer,
            _options.RNetNms, minMode: false, plusOne: false, stageIn.Pointer, Counter(RNetOut), NmsRegressPlusOneSquare, rekey: true);
        EndStage(CudaStage.RNet);

        // 5. ONet on the first min(count, ONet cap): threshold, landmarks, regression (+1), NMS 'Min' with +1 areas.
        BeginStage(CudaStage.ONet);
        RunONet(source, stageIn.Pointer, sizes.ONet, Counter(RNetOut));
        var final = ws.Final!;
        _kernels.Nms(s, ws.Filtered!.Pointer, Counter(ONetFiltered), sizes.ONet, ws.Sorted!.Pointer, ws.Mask!.Pointer,
            _options.ONetNms, minMode: true, plusOne: true, final.Pointer, Counter(FinalCount), NmsNone, rekey: false);
        EndStage(CudaStage.ONet);

        // 6. Count, boxes and landmarks packed together; the first InlineFaces come back with the graph.
        BeginStage(CudaStage.Download);
        var packed = ws.Packed!;
        _kernels.PackFaces(s, new PackFacesParams
        {
            Faces = final.Pointer, Count = Counter(FinalCount), Marks = ws.Marks!.Pointer, Out = packed.Pointer, Capacity = sizes.ONet,
        });
        packed.CopyToAsync(ws.PackedStaging!, CascadeSizes.PackedFloats(sizes.InlineCopy), s);
        EndStage(CudaStage.Download);
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

    private void EnsureMask(long capacity) => _ws.Ensure(ref _ws.Mask, CudaKernelSet.NmsScratchWords(checked((int)capacity)));
}
