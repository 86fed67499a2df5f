// top_k: CandidateLimits.Top on the device for every segment of an NMS at once (see NmsParams in common.cuh) — keep
// the k candidates of a segment that come first in the CPU's order (descending score, ties by ascending key), so
// the NMS never sees more than its cap. Only segments with capacity > k are cut; "direct" ones are skipped.
//   order key K(c) = (ordered(score) << 32) | (0xFFFFFFFF - key): unique per candidate, larger K comes first.
//  1. top_k_select: one block per segment finds K* = the k-th largest K among its n = min(*count, capacity)
//     candidates by an 8-pass radix select (8 bits per pass, a 256-bin shared histogram of the candidates whose
//     higher bits equal the prefix found so far). n <= k gives K* = 0 (keep all). Writes kth[s] = K* and clears
//     capped_count[s] for the compaction that follows.
//     Launch: grid (1, segments), block 256, no dynamic shared memory. O(8 n / 256) steps per block.
//  2. top_k_compact: every candidate with K >= K* is appended at capped[first[s] + atomicAdd(capped_count[s], 1)]
//     (exactly min(n, k) of them; the append order is arbitrary, nms_sort restores the CPU's order by key).
//     Launch: grid (x, segments), block 256, grid-stride over each segment's capacity.
#include "common.cuh"

extern "C" __global__ void top_k_select(const NmsParams p)
{
    __shared__ int histogram[256];
    __shared__ unsigned long long prefix;
    __shared__ int remaining;
    int s = blockIdx.y;
    if (nms_direct(p, s)) return;
    int n = min(*p.count[s], p.capacity[s]);
    const Candidate* in = p.in[s];
    if (n <= p.k)
    {
        if (threadIdx.x == 0) { p.kth[s] = 0ULL; p.capped_count[s] = 0; }
        return;
    }
    if (threadIdx.x == 0) { prefix = 0ULL; remaining = p.k; }
    for (int shift = 56; shift >= 0; shift -= 8)
    {
        for (int b = threadIdx.x; b < 256; b += blockDim.x) histogram[b] = 0;
        __syncthreads();
        unsigned long long high = shift == 56 ? 0ULL : ~0ULL << (shift + 8);
        unsigned long long want = prefix;
        for (int i = threadIdx.x; i < n; i += blockDim.x)
        {
            unsigned long long key = order_key(in[i]);
            if ((key & high) == want) atomicAdd(&histogram[(int)((key >> shift) & 255ULL)], 1);
        }
        __syncthreads();
        if (threadIdx.x == 0)
        {
            // Walk the bins from the largest digit down until the k-th largest falls inside one.
            int above = 0, bin = 255;
            for (; bin > 0; bin--)
            {
                if (above + histogram[bin] >= remaining) break;
                above += histogram[bin];
            }
            remaining -= above;
            prefix = want | ((unsigned long long)bin << shift);
        }
        __syncthreads();
    }
    if (threadIdx.x == 0) { p.kth[s] = prefix; p.capped_count[s] = 0; }
}

extern "C" __global__ void top_k_compact(const NmsParams p)
{
    int s = blockIdx.y;
    if (nms_direct(p, s)) return;
    int n = min(*p.count[s], p.capacity[s]);
    unsigned long long kth = p.kth[s];
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x)
    {
        Candidate c = p.in[s][i];
        if (order_key(c) >= kth) p.capped[p.first[s] + atomicAdd(&p.capped_count[s], 1)] = c;
    }
}
