// Bitmask non-maximum suppression on the device (Nms.Select on the CPU) for up to 32 segments at once — every
// pyramid level of PNet in the same launches, or one list (see NmsParams in common.cuh). The pipeline:
//   top_k_select + top_k_compact (top_k.cu)  cut segments above the cap k to their k best    (only if any is)
//   nms_sort_tiles + nms_sort_merge (nms_sort.cu)  the CPU's order: descending score, ties by ascending key
//   nms_mask (nms_mask.cu)                  overlap bits of every box against the later ones, 64x64 tiles
//   nms_greedy (this file)                  the greedy pass, one warp per segment
//   nms_gather (this file)                  survivors concatenated in segment order, post-op, rekey
// Seven launches however many segments (five when nothing is cut), all sized by host-known upper bounds; live counts
// are read on the device, so no host round trip is needed.
//
// nms_greedy: one warp walks its segment's sorted boxes 64 at a time (chunk b). Lane l holds the diagonal mask
//   words of boxes b*64+l and b*64+32+l. The chunk is resolved with ballots: the live boxes past the cursor are
//   __ballot_sync'ed into a 64-bit word, __ffsll picks the next survivor t, its diagonal word is broadcast with
//   __shfl_sync and each lane marks its boxes that t suppresses; repeat until no box is left (one round per
//   survivor, not per box). Survivors go to keep[first + ..] in order; then the lanes OR the mask rows of the
//   chunk's survivors into the later words of the removal set (shared memory, atomicOr), the (survivor, word)
//   pairs spread over the lanes so the loads are independent. The next chunk's diagonal words are prefetched.
//   Launch: grid (segments), block 32, dynamic shared memory 8 * ceil(k / 64) bytes + 256 static. Per segment:
//   n/64 chunks, ~4 warp instructions per survivor, survivors x (n/64 - b) mask words over 32 lanes.
//   Segment 0 also records *out_count as the base of the concatenation.
// nms_gather: survivor j of segment s goes to out[offset_s + j], offset_s = base + the survivors of segments < s
//   (an exclusive scan over at most 32 counts, computed on the device), after an optional post-op: 1 = regress
//   (w = x2 - x1) then square, 2 = regress (w = x2 - x1 + 1) then square. rekey != 0 sets the box's key to its
//   position in out (the CPU's list order for the next sort). The last segment's block 0 advances *out_count, so
//   successive NMS calls on one stream keep appending.
//   Launch: grid (ceil(k / 256), segments), block 256.
#include "common.cuh"

extern "C" __global__ void nms_greedy(const NmsParams p)
{
    extern __shared__ unsigned long long removed[];
    __shared__ int chunk_rows[64];   // sorted indices of the current chunk's survivors
    const unsigned full = 0xFFFFFFFFu;
    int s = blockIdx.x;
    int lane = threadIdx.x;
    int n = nms_live(p, s);
    int words = (n + 63) / 64;
    const unsigned long long* mask = p.mask + p.mask_first[s];
    int* keep = p.keep + p.first[s];
    for (int w = lane; w < words; w += 32) removed[w] = 0;
    if (s == 0 && lane == 0) *p.base = *p.out_count;
    __syncwarp();
    int kept_total = 0;
    // The chunk's diagonal words, loaded one chunk ahead so their latency overlaps the previous chunk's work.
    unsigned long long next_lo = lane < n ? mask[(long long)lane * words] : 0ULL;
    unsigned long long next_hi = lane + 32 < n ? mask[(long long)(lane + 32) * words] : 0ULL;
    for (int b = 0; b < words; b++)
    {
        int lo = b * 64 + lane, hi = lo + 32;
        unsigned long long row_lo = next_lo, row_hi = next_hi;
        if (b + 1 < words)
        {
            next_lo = lo + 64 < n ? mask[(long long)(lo + 64) * words + b + 1] : 0ULL;
            next_hi = hi + 64 < n ? mask[(long long)(hi + 64) * words + b + 1] : 0ULL;
        }
        unsigned long long rem = removed[b];
        bool dead_lo = lo >= n || ((rem >> lane) & 1ULL);
        bool dead_hi = hi >= n || ((rem >> (lane + 32)) & 1ULL);
        unsigned long long kept = 0ULL;
        int cursor = -1;   // boxes of the chunk up to here are decided
        for (;;)
        {
            unsigned alive_lo = __ballot_sync(full, !dead_lo && lane > cursor);
            unsigned alive_hi = __ballot_sync(full, !dead_hi && lane + 32 > cursor);
            unsigned long long alive = ((unsigned long long)alive_hi << 32) | alive_lo;
            if (alive == 0ULL) break;
            int t = __ffsll((long long)alive) - 1;
            kept |= 1ULL << t;
            cursor = t;
            unsigned long long row = __shfl_sync(full, t < 32 ? row_lo : row_hi, t & 31);
            dead_lo = dead_lo || ((row >> lane) & 1ULL);
            dead_hi = dead_hi || ((row >> (lane + 32)) & 1ULL);
        }
        if (kept != 0ULL)
        {
            int survivors = __popcll(kept);
            if ((kept >> lane) & 1ULL)
            {
                int r = __popcll(kept & ((1ULL << lane) - 1ULL));
                keep[kept_total + r] = lo;
                chunk_rows[r] = lo;
            }
            if ((kept >> (lane + 32)) & 1ULL)
            {
                int r = __popcll(kept & ((1ULL << (lane + 32)) - 1ULL));
                keep[kept_total + r] = hi;
                chunk_rows[r] = hi;
            }
            kept_total += survivors;
            __syncwarp();
            // (survivor, later word) pairs spread over the lanes: independent loads, adjacent lanes on adjacent words.
            int later = words - b - 1;
            for (int pair = lane; pair < survivors * later; pair += 32)
            {
                int w = b + 1 + pair % later;
                unsigned long long bits = mask[(long long)chunk_rows[pair / later] * words + w];
                if (bits != 0ULL) atomicOr(&removed[w], bits);
            }
        }
        __syncwarp();
    }
    if (lane == 0) p.kept_count[s] = kept_total;
}

extern "C" __global__ void nms_gather(const NmsParams p)
{
    int s = blockIdx.y;
    int j = blockIdx.x * blockDim.x + threadIdx.x;
    int offset = *p.base;
    for (int u = 0; u < s; u++) offset += p.kept_count[u];
    int kept = p.kept_count[s];
    if (blockIdx.x == 0 && threadIdx.x == 0 && s == p.segments - 1) *p.out_count = offset + kept;
    if (j >= kept) return;
    Candidate c = p.sorted[p.first[s] + p.keep[p.first[s] + j]];
    if (p.post_op == 1) c = square(regress(c, 0));
    else if (p.post_op == 2) c = square(regress(c, 1));
    if (p.rekey) c.key = offset + j;
    p.out[offset + j] = c;
}
