using MtcnnCuda.Cuda;
using MtcnnCuda.Weights;

namespace MtcnnCuda.Backends;

/// <summary>
/// RNet and ONet over all crops of a stage: each conv layer is one crop_net_conv launch (a block per crop; the
/// first layer cuts its crop straight from the uploaded pixels), the first dense layer one GEMM over the batch
/// (crop_net_dense), and the heads, threshold and compaction one crop_net_heads launch.
/// </summary>
internal sealed partial class CudaBackend
{
    /// <summary>The uploaded input image as the crop loader reads it: interleaved bytes and the nets' plane order.</summary>
    private readonly record struct CropSource(ulong Pixels, int Width, int Height, int Stride, int Bpp, int C0, int C1, int C2);

    private CropSource PixelSource(CudaInput image)
    {
        bool swap = image.Format.IsRedFirst() != _weights.RgbInput;
        return new CropSource(_ws.Pixels!.Pointer, image.Width, image.Height, image.Stride, image.Format.BytesPerPixel(),
            swap ? 2 : 0, 1, swap ? 0 : 2);
    }

    /// <summary>
    /// Refuses, at construction rather than mid-call, a device whose shared memory cannot hold the crop nets' layer
    /// plans (before sm_80) and a precision the device cannot run (TF32 needs sm_80+).
    /// </summary>
    private static void CheckPrecision(DetectorOptions options, CudaKernelSet kernels)
    {
        CropNetLayer.CheckDevice(kernels.CropConvSharedLimit);
        if (options.GpuPrecision == GpuPrecision.Tf32 && !kernels.SupportsTf32)
            throw new NotSupportedException("GpuPrecision.Tf32 needs a GPU of compute capability 8.0 or newer (TF32 tensor cores).");
    }

    private void RunRNet(CropSource source, ulong boxes, int count, ulong live)
    {
        var maps = CropConvs(CropNetLayer.RNet, source, boxes, count, live);
        var dense = _ws.Ensure(ref _ws.Dense, (long)count * 128);
        Dense(NetKind.RNet, "dense4", "prelu4", maps, dense.Pointer, count, 576, 128, live);
        Heads(NetKind.RNet, "dense5_1", "dense5_2", null, dense.Pointer, count, 128, boxes, _options.RNetThreshold, RNetFiltered, live);
    }

    private void RunONet(CropSource source, ulong boxes, int count, ulong live)
    {
        var maps = CropConvs(CropNetLayer.ONet, source, boxes, count, live);
        var dense = _ws.Ensure(ref _ws.Dense, (long)count * 256);
        Dense(NetKind.ONet, "dense5", "prelu5", maps, dense.Pointer, count, 1152, 256, live);
        Heads(NetKind.ONet, "dense6_1", "dense6_2", "dense6_3", dense.Pointer, count, 256, boxes, _options.ONetThreshold, ONetFiltered, live);
    }

    /// <summary>The conv layers of one net, ping-ponging between StageA and StageB; returns the last maps' address.</summary>
    private ulong CropConvs(CropNetLayer[] layers, CropSource source, ulong boxes, int count, ulong live)
    {
        var ws = _ws;
        long largest = layers.Max(l => (long)l.OutputsPerCrop) * count;
        var a = ws.Ensure(ref ws.StageA, largest);
        var b = ws.Ensure(ref ws.StageB, largest);
        ulong input = 0, output = a.Pointer;
        foreach (var layer in layers)
        {
            CropConv(layer, input, output, source, boxes, count, live);
            input = output;
            output = output == a.Pointer ? b.Pointer : a.Pointer;
        }
        return input;
    }

    private void CropConv(CropNetLayer layer, ulong input, ulong output, CropSource source, ulong boxes, int count, ulong live)
    {
        bool tf32 = _options.GpuPrecision == GpuPrecision.Tf32;
        int coTile = layer.CoTile(tf32, _kernels.CropConvSharedLimit);
        string prefix = NetArchitecture.Prefix(layer.Net);
        _kernels.CropConv(_stream, new CropConvParams
        {
            In = input, Pixels = input == 0 ? source.Pixels : 0, Boxes = boxes,
            Weight = _params[$"{prefix}.{layer.Conv}.weight"], Bias = _params[$"{prefix}.{layer.Conv}.bias"],
            Alpha = _params[$"{prefix}.{layer.Prelu}.weight"], Out = output, Live = live,
            Count = count, Cin = layer.Cin, H = layer.Size, W = layer.Size, Cout = layer.Cout, K = layer.K,
            PoolK = layer.PoolK, PoolS = layer.PoolS, OutH = layer.OutSize, OutW = layer.OutSize,
            CoTile = coTile, KPad = layer.KPad, ChunksPerBlock = layer.ChunksPerBlock(coTile, count, _kernels.Multiprocessors),
            Width = source.Width, Height = source.Height, Stride = source.Stride, Bpp = source.Bpp,
            C0 = source.C0, C1 = source.C1, C2 = source.C2, Clip = _options.EdgeMode == EdgeMode.Clip ? 1 : 0,
            Mean = _weights.PixelMean, Scale = _weights.PixelScale, Tf32 = tf32 ? 1 : 0,
        });
    }

    private void Dense(NetKind n, string layer, string prelu, ulong input, ulong output, int batch, int inputs, int outputs, ulong live)
    {
        string prefix = NetArchitecture.Prefix(n);
        _kernels.CropDense(_stream, new CropDenseParams
        {
            In = input, Weight = _params[$"{prefix}.{layer}.weight"], Bias = _params[$"{prefix}.{layer}.bias"],
            Alpha = _params[$"{prefix}.{prelu}.weight"], Out = output, Live = live,
            Batch = batch, Inputs = inputs, Outputs = outputs,
        });
    }

    private void Heads(NetKind n, string cls, string box, string? landmarks, ulong features, int count, int inputs,
        ulong boxes, float threshold, int counterSlot, ulong live)
    {
        var ws = _ws;
        string prefix = NetArchitecture.Prefix(n);
        ulong marks = landmarks is null ? 0 : ws.Ensure(ref ws.Marks, 10L * count).Pointer;
        var filtered = ws.Ensure(ref ws.Filtered, count);
        ws.Ensure(ref ws.Sorted, count);
        EnsureMask(count);
        _kernels.CropHeads(_stream, new CropHeadsParams
        {
            Features = features, ClsWeight = _params[$"{prefix}.{cls}.weight"], ClsBias = _params[$"{prefix}.{cls}.bias"],
            BoxWeight = _params[$"{prefix}.{box}.weight"], BoxBias = _params[$"{prefix}.{box}.bias"],
            MarksWeight = landmarks is null ? 0 : _params[$"{prefix}.{landmarks}.weight"],
            MarksBias = landmarks is null ? 0 : _params[$"{prefix}.{landmarks}.bias"],
            Boxes = boxes, Out = filtered.Pointer, Marks = marks, Count = Counter(counterSlot), Live = live,
            Batch = count, FeaturesPerCrop = inputs, Threshold = threshold, RegressKept = landmarks is null ? 0 : 1,
        });
    }
}
