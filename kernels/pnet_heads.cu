// pnet_heads: PNet's 1x1 heads on conv3's features, face probability, threshold and candidate compaction.
//   z_k = b41[k] + sum_c w41[k][c] * f[c][y][x]  (k = 0,1);  prob = 1 / (1 + exp(z0 - z1))
//   reg_k = b42[k] + sum_c w42[k][c] * f[c][y][x] (k = 0..3)
//   prob >= threshold: append Candidate{ floor((2x+1)/s), floor((2y+1)/s), floor((2x+12)/s), floor((2y+12)/s),
//   prob, reg, key = y*W + x } at out[atomicAdd(count, 1)] (BoxOps.PNetBox: the division in double for ZeroPad,
//   like the MATLAB original; in float32 for Clip (clip_float = 1), like facenet-pytorch).
// The append order is arbitrary; key restores the CPU's row-major order when NMS sorts.
// Layout: features 32 x H x W; w41 2x32, w42 4x32. out has room for H*W candidates (one per cell).
// Launch: 1-D, one thread per output cell, grid = ceil(H*W / block).
#include "common.cuh"

struct PNetHeadsParams
{
    const float* features;
    const float* w41;
    const float* b41;
    const float* w42;
    const float* b42;
    Candidate* out;
    int* count;
    double scale;
    float threshold;
    int height, width, channels;
    int clip_float;
};

extern "C" __global__ void pnet_heads(const PNetHeadsParams p)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    int plane = p.height * p.width;
    if (i >= plane) return;
    float z0 = p.b41[0], z1 = p.b41[1];
    float r0 = p.b42[0], r1 = p.b42[1], r2 = p.b42[2], r3 = p.b42[3];
    for (int c = 0; c < p.channels; c++)
    {
        float f = p.features[c * plane + i];
        z0 = __fadd_rn(z0, __fmul_rn(f, p.w41[c]));
        z1 = __fadd_rn(z1, __fmul_rn(f, p.w41[p.channels + c]));
        r0 = __fadd_rn(r0, __fmul_rn(f, p.w42[c]));
        r1 = __fadd_rn(r1, __fmul_rn(f, p.w42[p.channels + c]));
        r2 = __fadd_rn(r2, __fmul_rn(f, p.w42[2 * p.channels + c]));
        r3 = __fadd_rn(r3, __fmul_rn(f, p.w42[3 * p.channels + c]));
    }
    float prob = 1.0f / (1.0f + expf(z0 - z1));
    if (!(prob >= p.threshold)) return;
    int y = i / p.width, x = i - y * p.width;
    Candidate c;
    if (p.clip_float)
    {
        float s = (float)p.scale;
        c.x1 = floorf(__fdiv_rn((float)(2 * x + 1), s));
        c.y1 = floorf(__fdiv_rn((float)(2 * y + 1), s));
        c.x2 = floorf(__fdiv_rn((float)(2 * x + 12), s));
        c.y2 = floorf(__fdiv_rn((float)(2 * y + 12), s));
    }
    else
    {
        c.x1 = (float)floor((2.0 * x + 1.0) / p.scale);
        c.y1 = (float)floor((2.0 * y + 1.0) / p.scale);
        c.x2 = (float)floor((2.0 * x + 12.0) / p.scale);
        c.y2 = (float)floor((2.0 * y + 12.0) / p.scale);
    }
    c.score = prob;
    c.dx1 = r0; c.dy1 = r1; c.dx2 = r2; c.dy2 = r3;
    c.key = i;
    p.out[atomicAdd(p.count, 1)] = c;
}
