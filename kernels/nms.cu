// Bitmask non-maximum suppression on the device, in three launches (one op, like Nms.Select on the CPU):
//  1. nms_rank_sort: out[rank(i)] = in[i], rank = #{j : in[j] comes before in[i]} (descending score, ties by
//     ascending key = the CPU's stable sort). O(n^2) compares, trivial for the few thousand boxes MTCNN has.
//     Launch: 1-D over capacity threads.
//  2. nms_mask: bit j of mask[i][j/64] is set when j > i and overlap(i, j) > threshold, overlap being IoU
//     (Union) or inter / min(area) (Min), widths x2 - x1 (+1 with plus_one) — exactly Nms.Overlap.
//     Only tiles on or above the diagonal are built (nms_reduce reads no other word); tiles past the live count
//     are skipped, so the work is O(count^2) whatever the capacity. Launch: block 64, any 2-D grid up to
//     (ceil(capacity/64), ceil(capacity/64)): blocks stride over the tiles (the launcher caps the grid).
//  3. nms_reduce: one block walks the sorted boxes 64 at a time: thread 0 resolves a 64-box chunk serially with
//     its diagonal mask word, then all threads OR the kept rows into the later words of the removal set
//     (shared memory, words = ceil(capacity/64)). Kept boxes are appended in order to out starting at *out_count
//     (so successive launches on one stream concatenate, as PNet's per-level NMS needs), after an optional
//     post-op: 1 = regress (w = x2 - x1) then square, 2 = regress (w = x2 - x1 + 1) then square. rekey != 0 sets
//     each appended box's key to its position in out (the CPU's list order for the next sort).
//     Launch: grid 1, block 256, dynamic shared memory = 8 * ceil(capacity/64) bytes.
// The live count is read on the device from *count (never more than capacity), so no host round trip is needed.
#include "common.cuh"

struct NmsSortParams
{
    const Candidate* in;
    Candidate* out;
    const int* count;
    int capacity;
};

extern "C" __global__ void nms_rank_sort(const NmsSortParams p)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    int n = min(*p.count, p.capacity);
    if (i >= n) return;
    Candidate me = p.in[i];
    int rank = 0;
    for (int j = 0; j < n; j++)
        if (j != i && comes_before(p.in[j], me)) rank++;
    p.out[rank] = me;
}

struct NmsMaskParams
{
    const Candidate* boxes;
    unsigned long long* mask;   // capacity x words
    const int* count;
    int capacity, words;
    float threshold;
    int min_mode, plus_one;
};

__device__ __forceinline__ float overlap(const Candidate& a, const Candidate& b, int min_mode, float one)
{
    float area_a = __fmul_rn(__fadd_rn(__fsub_rn(a.x2, a.x1), one), __fadd_rn(__fsub_rn(a.y2, a.y1), one));
    float area_b = __fmul_rn(__fadd_rn(__fsub_rn(b.x2, b.x1), one), __fadd_rn(__fsub_rn(b.y2, b.y1), one));
    float iw = fmaxf(0.0f, __fadd_rn(__fsub_rn(fminf(a.x2, b.x2), fmaxf(a.x1, b.x1)), one));
    float ih = fmaxf(0.0f, __fadd_rn(__fsub_rn(fminf(a.y2, b.y2), fmaxf(a.y1, b.y1)), one));
    float inter = __fmul_rn(iw, ih);
    float denominator = min_mode ? fminf(area_a, area_b) : __fsub_rn(__fadd_rn(area_a, area_b), inter);
    return denominator > 0.0f ? __fdiv_rn(inter, denominator) : 0.0f;
}

extern "C" __global__ void nms_mask(const NmsMaskParams p)
{
    int n = min(*p.count, p.capacity);
    int tiles = (n + 63) / 64;
    __shared__ Candidate cols[64];
    float one = p.plus_one ? 1.0f : 0.0f;
    for (int ty = blockIdx.y; ty < tiles; ty += gridDim.y)
        for (int tx = blockIdx.x; tx < tiles; tx += gridDim.x)
        {
            if (tx < ty) continue;
            int row = ty * 64 + threadIdx.x;
            int col0 = tx * 64;
            __syncthreads();   // every thread is done with the previous tile's columns
            if (col0 + (int)threadIdx.x < n) cols[threadIdx.x] = p.boxes[col0 + threadIdx.x];
            __syncthreads();
            if (row >= n) continue;
            Candidate me = p.boxes[row];
            unsigned long long bits = 0;
            int limit = min(64, n - col0);
            for (int t = 0; t < limit; t++)
            {
                int j = col0 + t;
                if (j > row && overlap(me, cols[t], p.min_mode, one) > p.threshold) bits |= 1ULL << t;
            }
            p.mask[(long long)row * p.words + tx] = bits;
        }
}

struct NmsReduceParams
{
    const Candidate* sorted;
    const unsigned long long* mask;
    const int* count;
    Candidate* out;
    int* out_count;
    int capacity, words;
    int post_op, rekey;
};

extern "C" __global__ void nms_reduce(const NmsReduceParams p)
{
    extern __shared__ unsigned long long removed[];
    __shared__ unsigned long long kept_bits;
    __shared__ int base;
    int n = min(*p.count, p.capacity);
    int words = (n + 63) / 64;
    for (int w = threadIdx.x; w < words; w += blockDim.x) removed[w] = 0;
    if (threadIdx.x == 0) base = *p.out_count;
    __syncthreads();
    for (int b = 0; b < words; b++)
    {
        if (threadIdx.x == 0)
        {
            unsigned long long rem = removed[b], kept = 0;
            for (int t = 0; t < 64; t++)
            {
                int i = b * 64 + t;
                if (i >= n) break;
                if ((rem >> t) & 1ULL) continue;
                kept |= 1ULL << t;
                rem |= p.mask[(long long)i * p.words + b];
                Candidate c = p.sorted[i];
                if (p.post_op == 1) c = square(regress(c, 0));
                else if (p.post_op == 2) c = square(regress(c, 1));
                if (p.rekey) c.key = base;
                p.out[base++] = c;
            }
            kept_bits = kept;
        }
        __syncthreads();
        unsigned long long kept = kept_bits;
        for (int w = b + 1 + threadIdx.x; w < words; w += blockDim.x)
        {
            unsigned long long acc = removed[w];
            for (int t = 0; t < 64; t++)
                if ((kept >> t) & 1ULL) acc |= p.mask[(long long)(b * 64 + t) * p.words + w];
            removed[w] = acc;
        }
        __syncthreads();
    }
    if (threadIdx.x == 0) *p.out_count = base;
}
