using MtcnnCuda.Cascade;

namespace MtcnnCuda.Cpu;

/// <summary>
/// The PNet stage: for each pyramid level (largest first) load it (area resample + normalise, channels-last,
/// rows split across the workers), run PNet band by band on the workers, turn cells above the threshold into
/// boxes, keep the best <see cref="CandidateLimits.PNetPerScale"/> and NMS them per scale; then NMS across
/// scales, regress and square. Candidates keep row-major cell order within a level whatever the scheduling.
/// </summary>
internal sealed partial class CpuBackend
{
    /// <summary>PNet over the pyramid; returns regressed, squared candidates in descending score order.</summary>
    internal Candidate[] RunPNetStage(float[] planar, int w, int h) => WithScratch(s => RunPNetStage(FromPlanar(planar, w, h, s), s));

    private Candidate[] RunPNetStage(RowSums image, Scratch scratch)
    {
        int w = image.Width, h = image.Height;
        var scales = Pyramid.Scales(w, h, _options.MinFaceSize, _options.ScaleFactor);
        var perScale = new Candidate[scales.Length][];
        for (int i = 0; i < scales.Length; i++)
        {
            var (lw, lh) = Pyramid.LevelSize(w, h, scales[i]);
            LoadLevel(image, lw, lh, scratch);
            var level = scratch.Floats(ScratchSlots.Level, 3 * lw * lh);
            var found = _nets is CpuNets cpu
                ? LevelCandidates(cpu, level, lw, lh, scales[i])
                : PeerLevelCandidates(level, lw, lh, scales[i]);
            var cells = CandidateLimits.Top(found, _options.Caps.PNetPerScale);
            perScale[i] = Nms.Apply(cells, _options.PNetScaleNms, NmsMode.Union);
        }
        int total = 0;
        foreach (var c in perScale) total += c.Length;
        var all = new Candidate[total];
        int o = 0;
        foreach (var c in perScale)
        {
            c.CopyTo(all, o);
            o += c.Length;
        }
        all = CandidateLimits.Top(all, _options.Caps.PNetAllScales);
        var merged = Nms.Apply(all, _options.PNetCrossScaleNms, NmsMode.Union);
        for (int i = 0; i < merged.Length; i++) merged[i] = BoxOps.Square(BoxOps.Regress(merged[i], plusOne: false));
        return merged;
    }

    /// <summary>Area-resamples and normalises a level (channels-last) into the scratch's level buffer, rows split across the workers.</summary>
    private void LoadLevel(RowSums image, int lw, int lh, Scratch scratch)
    {
        var level = scratch.Floats(ScratchSlots.Level, 3 * lw * lh);
        var windows = scratch.Ints(ScratchSlots.LevelWindows, 2 * lw);
        var divisors = scratch.Floats(ScratchSlots.LevelDivisors, lw);
        LevelLoader.ColumnWindows(image.Width, lw, windows, divisors);
        float mean = _weights.PixelMean, pixelScale = _weights.PixelScale;
        int loadChunks = Math.Min(lh, 4 * _parallel.MaxDegreeOfParallelism);
        Parallel.For(0, loadChunks, _parallel, _workers.Rent, (chunk, _, worker) =>
        {
            int y0 = (int)((long)chunk * lh / loadChunks), y1 = (int)((long)(chunk + 1) * lh / loadChunks);
            LevelLoader.Rows(image, windows, divisors, lh, lw, mean, pixelScale, y0, y1, level,
                worker.Floats(ScratchSlots.LevelRowSums, LevelLoader.RowScratchLength(lw)));
            return worker;
        }, _workers.Return);
    }

    /// <summary>One loaded level through the engine's own PNet, in bands on the workers; nothing per level is allocated but the candidates.</summary>
    private Candidate[] LevelCandidates(CpuNets nets, float[] level, int lw, int lh, double scale)
    {
        var (hf, wf) = CpuNets.PNetOutputSize(lh, lw);
        int bands = CpuNets.PNetBandCount(hf), stride = nets.PNetHeadStride;
        var perBand = new List<Candidate>?[bands];
        float threshold = _options.PNetThreshold;
        var mode = _options.EdgeMode;
        Parallel.For(0, bands, _parallel, _workers.Rent, (band, _, worker) =>
        {
            var (j0, j1) = CpuNets.PNetBandRows(band, hf);
            var heads = nets.PNetBand(level.AsSpan(0, 3 * lw * lh), lh, lw, j0, j1, worker);
            List<Candidate>? found = null;
            for (int i = 0, cells = (j1 - j0) * wf; i < cells; i++)
            {
                var cell = heads.Slice(i * stride, 6);
                float p = CpuOps.FaceProbability(cell[0], cell[1]);
                if (!(p >= threshold)) continue;
                (found ??= new List<Candidate>()).Add(BoxOps.PNetBox(i % wf, j0 + i / wf, scale, p, cell[2], cell[3], cell[4], cell[5], mode));
            }
            perBand[band] = found;
            return worker;
        }, _workers.Return);
        int count = 0;
        foreach (var b in perBand) count += b?.Count ?? 0;
        var result = new Candidate[count];
        int o = 0;
        foreach (var b in perBand)
        {
            if (b is null) continue;
            b.CopyTo(result, o);
            o += b.Count;
        }
        return result;
    }

    /// <summary>One loaded level through a peer's PNet (planar input, whole maps), as the nets interface defines it.</summary>
    private Candidate[] PeerLevelCandidates(float[] level, int lw, int lh, double scale)
    {
        int plane = lw * lh;
        var planar = new float[3 * plane];
        for (int i = 0; i < plane; i++)
            for (int c = 0; c < 3; c++) planar[c * plane + i] = level[3 * i + c];
        var output = _nets.RunPNet(planar, lh, lw, parallel: true);
        return BoxOps.FromPNet(output.Prob, output.Reg, output.Height, output.Width, scale, _options.PNetThreshold, _options.EdgeMode).ToArray();
    }
}
