// top_k: CandidateLimits.Top on the device — keep the k candidates that come first in the CPU's order
// (descending score, ties by ascending key), so a stage's NMS never sees more than its cap.
//   order key K(c) = (ordered(score) << 32) | (0xFFFFFFFF - key): unique per candidate, larger K comes first;
//   ordered() maps float bits to an unsigned integer with the same order (sign flip trick).
//  1. top_k_select: one block finds K* = the k-th largest K among the n = min(*count, capacity) candidates by an
//     8-pass radix select (8 bits per pass, a 256-bin shared histogram of the candidates whose higher bits equal
//     the prefix found so far). n <= k gives K* = 0 (keep all). Writes K* to *threshold.
//     Launch: grid 1, block 256, no dynamic shared memory.
//  2. top_k_compact: every candidate with K >= K* is appended at out[atomicAdd(out_count, 1)] (exactly min(n, k)
//     of them; the append order is arbitrary, the NMS rank sort restores the CPU's order by key).
//     Launch: 1-D over capacity threads.
#include "common.cuh"

struct TopKParams
{
    const Candidate* in;
    const int* count;
    Candidate* out;
    int* out_count;
    unsigned long long* threshold;
    int capacity, k;
};

__device__ __forceinline__ unsigned long long order_key(const Candidate& c)
{
    unsigned bits = (unsigned)__float_as_int(c.score);
    unsigned ordered = (bits & 0x80000000u) ? ~bits : (bits | 0x80000000u);
    return ((unsigned long long)ordered << 32) | (unsigned long long)(0xFFFFFFFFu - (unsigned)c.key);
}

extern "C" __global__ void top_k_select(const TopKParams p)
{
    __shared__ int histogram[256];
    __shared__ unsigned long long prefix;
    __shared__ int remaining;
    int n = min(*p.count, p.capacity);
    if (n <= p.k)
    {
        if (threadIdx.x == 0) *p.threshold = 0ULL;
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
            unsigned long long key = order_key(p.in[i]);
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
    if (threadIdx.x == 0) *p.threshold = prefix;
}

extern "C" __global__ void top_k_compact(const TopKParams p)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    int n = min(*p.count, p.capacity);
    if (i >= n) return;
    Candidate c = p.in[i];
    if (order_key(c) >= *p.threshold) p.out[atomicAdd(p.out_count, 1)] = c;
}
