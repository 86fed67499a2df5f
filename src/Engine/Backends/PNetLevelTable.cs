using MtcnnCuda.Cpu;

namespace MtcnnCuda.Backends;

/// <summary>
/// The level/tile table of kernels/pnet_fused.cu: each pyramid level's PNet output map cut into
/// <see cref="TileWidth"/> × <see cref="TileHeight"/> tiles, numbered level by level (a block computes one tile at a time).
/// </summary>
internal static class PNetLevelTable
{
    /// <summary>Output cells of one tile (PNET_TILE_W × PNET_TILE_H in the kernel); one thread per cell.</summary>
    public const int TileWidth = 16, TileHeight = 8;

    /// <summary>
    /// Fills the table of <paramref name="p"/> with levels of the given sizes (level width, height) and scales,
    /// whose candidates go to Out + <paramref name="cellOffset"/>[l] (relative to Out). Returns the tile count.
    /// </summary>
    public static unsafe int Fill(ref PNetFusedParams p, ReadOnlySpan<(int W, int H)> sizes, ReadOnlySpan<double> scales, ReadOnlySpan<long> cellOffset)
    {
        int levels = sizes.Length;
        if (levels is 0 or > PNetFusedParams.MaxLevels)
            throw new ArgumentOutOfRangeException(nameof(sizes), $"pnet_fused takes 1..{PNetFusedParams.MaxLevels} levels, not {levels}.");
        p.Levels = levels;
        int tiles = 0;
        for (int l = 0; l < levels; l++)
        {
            var (w, h) = sizes[l];
            if (w < 12 || h < 12) throw new ArgumentOutOfRangeException(nameof(sizes), $"PNet level {l} is {w}×{h}, under its 12×12 input.");
            var (hf, wf) = CpuNets.PNetOutputSize(h, w);
            int tilesX = (wf + TileWidth - 1) / TileWidth, tilesY = (hf + TileHeight - 1) / TileHeight;
            p.Widths[l] = w;
            p.Heights[l] = h;
            p.Scales[l] = scales[l];
            p.TilesX[l] = tilesX;
            p.TileStart[l] = tiles;
            p.CellOffset[l] = checked((int)cellOffset[l]);
            tiles = checked(tiles + tilesX * tilesY);
        }
        p.TileStart[levels] = tiles;
        return tiles;
    }
}
