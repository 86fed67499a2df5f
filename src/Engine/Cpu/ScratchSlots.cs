namespace MtcnnCuda.Cpu;

/// <summary>Which <see cref="Scratch"/> buffer each piece of working memory uses (one purpose per slot).</summary>
internal static class ScratchSlots
{
    // Float buffers: PNet band intermediates (per worker).
    public const int PNetConv1 = 0, PNetPool1 = 1, PNetConv2 = 2, PNetConv3 = 3, PNetHeads = 4;
    // Float buffers: one RNet/ONet crop (per worker).
    public const int CropInput = 5, CropA = 6, CropB = 7;
    // Float buffers owned by the caller of a whole stage (the detection's own scratch).
    public const int Level = 9, LevelRowSums = 10, StageBatch = 11, StageFeatures = 12, StageDense = 13, StageHeads = 14;
    // Float buffer of one crop's area sums (per worker).
    public const int CropRows = 15;
    // Float buffer of a level's column-window divisors (the detection's own scratch).
    public const int LevelDivisors = 16;

    // Int buffers.
    public const int PNetOffsets1 = 0, PNetOffsets2 = 1, PNetOffsets3 = 2, LevelWindows = 3;

    // Ushort buffers.
    public const int RowSums = 0;
}
