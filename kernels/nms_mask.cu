// nms_mask: the overlap bit mask of every segment's sorted boxes (see NmsParams in common.cuh), tile by tile:
//   bit (j mod 64) of mask[mask_first[s] + i * words + j / 64] is set when j > i and overlap(i, j) > threshold,
//   overlap being IoU (Union) or inter / min(area) (Min) with widths x2 - x1 (+1 with plus_one) — exactly
//   Nms.Overlap; words = ceil(n / 64) for the segment's live count n (rows packed for that n, not the capacity).
// Block (x, y, s) computes the 64x64 tile of rows y*64.. against columns x*64..: the 64 column boxes are staged in
// shared memory, each thread owns one row and writes one word. Tiles left of the diagonal (x < y) are never read
// by nms_greedy and are skipped, so about n^2 / 2 overlaps are computed.
// Launch: grid (min(ceil(k / 64), 32), min(ceil(k / 64), 32), segments) striding over the tiles, block 64, 2.5 KiB
// static shared memory.
#include "common.cuh"

extern "C" __global__ void nms_mask(const NmsParams p)
{
    __shared__ Candidate cols[64];
    int s = blockIdx.z;
    int n = nms_live(p, s);
    int words = (n + 63) / 64;
    const Candidate* boxes = p.sorted + p.first[s];
    float one = p.plus_one ? 1.0f : 0.0f;
    // Blocks stride over the tiles below the live count (the grid is capped, so a cap-sized launch with few live
    // boxes is one small grid); tile bounds are uniform over the block, so no barrier is skipped.
    for (int ty = blockIdx.y; ty < words; ty += gridDim.y)
        for (int tx = blockIdx.x; tx < words; tx += gridDim.x)
        {
            if (tx < ty) continue;
            int row0 = ty * 64, col0 = tx * 64;
            if (col0 + (int)threadIdx.x < n) cols[threadIdx.x] = boxes[col0 + threadIdx.x];
            __syncthreads();
            int row = row0 + threadIdx.x;
            if (row < n)
            {
                Candidate me = boxes[row];
                unsigned long long bits = 0;
                int limit = min(64, n - col0);
                for (int t = 0; t < limit; t++)
                {
                    int j = col0 + t;
                    if (j > row && nms_overlap(me, cols[t], p.min_mode, one) > p.threshold) bits |= 1ULL << t;
                }
                p.mask[p.mask_first[s] + (long long)row * words + tx] = bits;
            }
            __syncthreads();   // the next tile overwrites cols
        }
}
