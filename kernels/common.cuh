// Shared definitions of the MTCNN kernels. Plain CUDA C accepted by NVRTC 11.2 .. 13: no standard headers.
// Arithmetic that must match the CPU oracle bit for bit (box maths, IoU) uses the _rn intrinsics, so the
// compiler cannot contract a*b+c into an FMA where the C# code rounds the product first.
#pragma once

// A face candidate between stages; mirrors MtcnnCuda.Cascade.Candidate plus an ordering key.
// key orders equal scores like the CPU's stable sort (original position in the stage's input list).
struct Candidate
{
    float x1, y1, x2, y2, score;
    float dx1, dy1, dx2, dy2;
    int key;
};

__device__ __forceinline__ float prelu(float v, float alpha) { return v < 0.0f ? v * alpha : v; }

// True when candidate a comes before b in the CPU's order: descending score, ties by ascending key.
__device__ __forceinline__ bool comes_before(const Candidate& a, const Candidate& b)
{
    return a.score > b.score || (a.score == b.score && a.key < b.key);
}

// BoxOps.Regress: x1 += dx1*w ... with w = x2 - x1 (+1 when plus_one).
__device__ __forceinline__ Candidate regress(Candidate c, int plus_one)
{
    float one = plus_one ? 1.0f : 0.0f;
    float w = __fadd_rn(__fsub_rn(c.x2, c.x1), one), h = __fadd_rn(__fsub_rn(c.y2, c.y1), one);
    Candidate r = c;
    r.x1 = __fadd_rn(c.x1, __fmul_rn(c.dx1, w));
    r.y1 = __fadd_rn(c.y1, __fmul_rn(c.dy1, h));
    r.x2 = __fadd_rn(c.x2, __fmul_rn(c.dx2, w));
    r.y2 = __fadd_rn(c.y2, __fmul_rn(c.dy2, h));
    return r;
}

// BoxOps.Square: grow the shorter side around the centre to l = max(w, h).
__device__ __forceinline__ Candidate square(Candidate c)
{
    float w = __fsub_rn(c.x2, c.x1), h = __fsub_rn(c.y2, c.y1), l = fmaxf(w, h);
    Candidate r = c;
    r.x1 = __fsub_rn(__fadd_rn(c.x1, __fmul_rn(w, 0.5f)), __fmul_rn(l, 0.5f));
    r.y1 = __fsub_rn(__fadd_rn(c.y1, __fmul_rn(h, 0.5f)), __fmul_rn(l, 0.5f));
    r.x2 = __fadd_rn(r.x1, l);
    r.y2 = __fadd_rn(r.y1, l);
    return r;
}

// BoxOps.Coordinate: a box corner truncated to an int with NaN -> 0 and the value clamped to +-2^29 first, so
// the float->int cast never sees NaN or an out-of-range value (undefined in C, saturating on the GPU, wrapping
// on x86) and window arithmetic (x - 1, x2 - x1) cannot overflow.
__device__ __forceinline__ int box_coordinate(float v)
{
    const float limit = 536870912.0f;
    if (!(v == v)) return 0;
    return (int)truncf(fminf(fmaxf(v, -limit), limit));
}

// Area-resampling bounds (PyTorch adaptive pooling): [floor(i*in/out), ceil((i+1)*in/out)).
__device__ __forceinline__ int area_start(int i, int in, int out) { return (int)(((long long)i * in) / out); }
__device__ __forceinline__ int area_end(int i, int in, int out) { return (int)(((long long)(i + 1) * in + out - 1) / out); }

// ---- Segmented NMS (kernels/top_k.cu, nms_sort.cu, nms_mask.cu, nms.cu) ----
// One NMS runs over up to NMS_MAX_SEGMENTS independent box lists ("segments": PNet's pyramid levels, or one list)
// in the same launches. Segment s reads in[s] with its live count min(*count[s], capacity[s]); when capacity[s] > k
// it is first cut to its k best (top_k.cu) into capped[first[s] ..]; otherwise ("direct") the sort reads in[s].
// Its work arrays (keys, positions, sorted, keep) start at first[s] and its bit mask at mask[mask_first[s]].
#define NMS_MAX_SEGMENTS 32
#define NMS_SORT_TILE 2048      // keys one block sorts in shared memory (nms_sort.cu)

struct NmsParams
{
    const Candidate* in[NMS_MAX_SEGMENTS];
    const int* count[NMS_MAX_SEGMENTS];
    int capacity[NMS_MAX_SEGMENTS];
    int first[NMS_MAX_SEGMENTS];
    long long mask_first[NMS_MAX_SEGMENTS];
    Candidate* capped;                  // top_k output (k best of a capped segment, arbitrary order)
    int* capped_count;                  // per segment: boxes appended to capped
    unsigned long long* kth;            // per segment: the k-th largest order key (0: keep all)
    unsigned long long* keys;           // order keys, sorted within each NMS_SORT_TILE tile
    int* positions;                     // source index of each tile-sorted key
    Candidate* sorted;                  // the segment in the CPU's order
    unsigned long long* mask;           // per segment n x ceil(n/64) words, upper triangle only
    int* keep;                          // per segment: sorted indices of the survivors, in order
    int* kept_count;                    // per segment: survivors
    int* base;                          // *out_count when the NMS started (written by nms_greedy)
    Candidate* out;
    int* out_count;
    float threshold;
    int min_mode, plus_one, post_op, rekey;
    int segments, k;
    int always_cut;                     // 1: cut every segment, even one that fits k (the TopK wrapper)
};

__device__ __forceinline__ bool nms_direct(const NmsParams& p, int s) { return !p.always_cut && p.capacity[s] <= p.k; }

// Live boxes of segment s entering the sort (at most k).
__device__ __forceinline__ int nms_live(const NmsParams& p, int s)
{
    return nms_direct(p, s) ? min(*p.count[s], p.capacity[s]) : min(p.capped_count[s], p.k);
}

__device__ __forceinline__ const Candidate* nms_source(const NmsParams& p, int s)
{
    return nms_direct(p, s) ? p.in[s] : p.capped + p.first[s];
}

// Order key: larger comes first in the CPU's order (descending score, ties by ascending key). Scores are mapped to
// unsigned integers with the float order (sign flip); -0 counts as +0 and NaN as the smallest, as float.CompareTo
// does. Always > 0 for key >= 0, so 0 pads a sort.
__device__ __forceinline__ unsigned long long order_key(const Candidate& c)
{
    float score = c.score == 0.0f ? 0.0f : c.score;
    unsigned bits = (unsigned)__float_as_int(score);
    unsigned ordered = !(score == score) ? 0u : (bits & 0x80000000u) ? ~bits : (bits | 0x80000000u);
    return ((unsigned long long)ordered << 32) | (unsigned long long)(0xFFFFFFFFu - (unsigned)c.key);
}

// Nms.Overlap: IoU (Union) or inter / min(area) (Min), widths x2 - x1 (+1 with plus_one).
__device__ __forceinline__ float nms_overlap(const Candidate& a, const Candidate& b, int min_mode, float one)
{
    float area_a = __fmul_rn(__fadd_rn(__fsub_rn(a.x2, a.x1), one), __fadd_rn(__fsub_rn(a.y2, a.y1), one));
    float area_b = __fmul_rn(__fadd_rn(__fsub_rn(b.x2, b.x1), one), __fadd_rn(__fsub_rn(b.y2, b.y1), one));
    float iw = fmaxf(0.0f, __fadd_rn(__fsub_rn(fminf(a.x2, b.x2), fmaxf(a.x1, b.x1)), one));
    float ih = fmaxf(0.0f, __fadd_rn(__fsub_rn(fminf(a.y2, b.y2), fmaxf(a.y1, b.y1)), one));
    float inter = __fmul_rn(iw, ih);
    float denominator = min_mode ? fminf(area_a, area_b) : __fsub_rn(__fadd_rn(area_a, area_b), inter);
    return denominator > 0.0f ? __fdiv_rn(inter, denominator) : 0.0f;
}

// The live batch of a device-resident stage: *live read on the device (clamped to the launch's capacity), or the
// capacity itself when live is null (callers that know the exact batch). Launches are sized by the capacity
// (the candidate cap); threads past the live count do nothing.
__device__ __forceinline__ int live_count(const int* live, int capacity)
{
    return live ? min(*live, capacity) : capacity;
}
