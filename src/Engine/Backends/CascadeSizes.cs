using MtcnnCuda.Cascade;

namespace MtcnnCuda.Backends;

/// <summary>
/// Every launch size and buffer size of the device cascade for one input shape, from the pyramid's cell counts and
/// the candidate caps alone: the counts that decide how much of each launch does work stay on the device.
/// Capacities follow CandidateLimits as the CPU applies them: a level's cells are cut to PNetPerScale before its
/// NMS, all levels' survivors to PNetAllScales before the cross-scale NMS, RNet's and ONet's inputs (NMS outputs,
/// already in the CPU's order) to prefixes of RNet and ONet boxes.
/// </summary>
internal sealed record CascadeSizes(int[] LevelCells, int[] LevelNms, long AllScales, int CrossNms, int RNet, int ONet, int InlineFaces)
{
    /// <summary>Faces whose record comes back with the graph's one copy (7.7 KB); more need a second copy and wait.</summary>
    public const int DefaultInlineFaces = 128;

    /// <summary>Floats of the packed result (kernels/pack_faces.cu): a 4-float header, then 15 per face.</summary>
    public static long PackedFloats(int faces) => 4 + 15L * faces;

    public static CascadeSizes For(long[] cellOffset, CandidateCaps caps, int inlineFaces = DefaultInlineFaces)
    {
        int levels = cellOffset.Length - 1;
        var cells = new int[levels];
        var nms = new int[levels];
        long all = 0;
        for (int l = 0; l < levels; l++)
        {
            cells[l] = checked((int)(cellOffset[l + 1] - cellOffset[l]));
            nms[l] = Math.Min(cells[l], caps.PNetPerScale);
            all += nms[l];
        }
        int cross = (int)Math.Min(all, caps.PNetAllScales);
        int rnet = Math.Min(cross, caps.RNet);
        return new CascadeSizes(cells, nms, all, cross, rnet, Math.Min(rnet, caps.ONet), Math.Max(1, inlineFaces));
    }

    /// <summary>The most boxes any one NMS launch sees (its sort scratch and its capacity² bit mask).</summary>
    public int LargestNms => Math.Max(LevelNms.Max(), CrossNms);

    /// <summary>The most candidates one top-k cut keeps (0: no level and no cross-scale cut).</summary>
    public int LargestTopK
    {
        get
        {
            int k = AllScales > CrossNms ? CrossNms : 0;
            for (int l = 0; l < LevelCells.Length; l++)
                if (LevelCells[l] > LevelNms[l]) k = Math.Max(k, LevelNms[l]);
            return k;
        }
    }

    /// <summary>Faces copied back inside the graph.</summary>
    public int InlineCopy => Math.Min(ONet, InlineFaces);
}
