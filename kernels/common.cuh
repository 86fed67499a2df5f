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

// The live batch of a device-resident stage: *live read on the device (clamped to the launch's capacity), or the
// capacity itself when live is null (callers that know the exact batch). Launches are sized by the capacity
// (the candidate cap); threads past the live count do nothing.
__device__ __forceinline__ int live_count(const int* live, int capacity)
{
    return live ? min(*live, capacity) : capacity;
}
