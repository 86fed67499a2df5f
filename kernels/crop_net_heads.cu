// crop_net_heads: RNet/ONet heads + threshold + compaction in one pass (the former stage_filter semantics):
//   z = W1 f + b1 (2 logits), r = W2 f + b2 (4 offsets), l = W3 f + b3 (10 landmarks, ONet only)   (CpuOps.Dense)
//   prob = 1 / (1 + exp(z0 - z1)); keep when prob > threshold (strict, as CpuBackend's RNet/ONet stages).
//   Kept: Candidate{ input box, prob, offsets r, key = n } appended at out[atomicAdd(count, 1)].
//   With landmarks (ONet): marks[n][k] = (bw*l[k] + x1 - 1, bh*l[5+k] + y1 - 1) for the INPUT box (bw = x2 - x1 + 1),
//   written as marks[n*10 + 2k], marks[n*10 + 2k + 1]; and the kept box is regressed with the +1 convention before
//   it is stored (ONet's NMS runs on regressed boxes).
// Layout: features N x F (the dense layer's PReLU output), head weights O x F row-major; boxes N; marks N x 10.
// Per block: 128 crops, one thread each; the (at most 16 x 256) head weights are staged in shared memory first.
// Launch: grid (ceil(N / 128)), block 128, no dynamic shared memory.
#include "common.cuh"

struct CropHeadsParams
{
    const float* features;
    const float* cls_weight;
    const float* cls_bias;
    const float* box_weight;
    const float* box_bias;
    const float* marks_weight;   // null: no landmark head (RNet)
    const float* marks_bias;
    const Candidate* boxes;
    Candidate* out;
    float* marks;
    int* count;
    const int* live;        // may be null: the live crop count on the device
    int batch, features_per_crop;
    float threshold;
    int regress_kept;
};

#define HEADS_MAX_FEATURES 256
#define HEADS_MAX_OUTPUTS 16

extern "C" __global__ void crop_net_heads(const CropHeadsParams p)
{
    __shared__ float weights[HEADS_MAX_OUTPUTS * HEADS_MAX_FEATURES];
    __shared__ float biases[HEADS_MAX_OUTPUTS];
    int f = p.features_per_crop, outputs = p.marks_weight ? 16 : 6;
    for (int i = threadIdx.x; i < outputs * f; i += blockDim.x)
    {
        int o = i / f, c = i - o * f;
        weights[i] = o < 2 ? p.cls_weight[o * f + c] : (o < 6 ? p.box_weight[(o - 2) * f + c] : p.marks_weight[(o - 6) * f + c]);
    }
    for (int o = threadIdx.x; o < outputs; o += blockDim.x)
        biases[o] = o < 2 ? p.cls_bias[o] : (o < 6 ? p.box_bias[o - 2] : p.marks_bias[o - 6]);
    __syncthreads();
    int n = blockIdx.x * blockDim.x + threadIdx.x;
    int live = p.live ? min(p.batch, *p.live) : p.batch;
    if (n >= live) return;
    const float* x = p.features + (long long)n * f;
    float h[HEADS_MAX_OUTPUTS];
    // Fully unrolled over the 16 slots (registers, not local memory); RNet's 6 outputs skip the rest.
#pragma unroll
    for (int o = 0; o < HEADS_MAX_OUTPUTS; o++) h[o] = 0.0f;
    for (int c = 0; c < f; c++)
    {
        float v = x[c];
#pragma unroll
        for (int o = 0; o < HEADS_MAX_OUTPUTS; o++)
            if (o < outputs) h[o] += v * weights[o * f + c];
    }
#pragma unroll
    for (int o = 0; o < HEADS_MAX_OUTPUTS; o++)
        if (o < outputs) h[o] += biases[o];
    float prob = 1.0f / (1.0f + expf(h[0] - h[1]));
    if (!(prob > p.threshold)) return;
    Candidate b = p.boxes[n];
    if (p.marks_weight && p.marks)
    {
        float bw = __fadd_rn(__fsub_rn(b.x2, b.x1), 1.0f), bh = __fadd_rn(__fsub_rn(b.y2, b.y1), 1.0f);
        for (int k = 0; k < 5; k++)
        {
            p.marks[10 * n + 2 * k] = __fsub_rn(__fadd_rn(__fmul_rn(bw, h[6 + k]), b.x1), 1.0f);
            p.marks[10 * n + 2 * k + 1] = __fsub_rn(__fadd_rn(__fmul_rn(bh, h[11 + k]), b.y1), 1.0f);
        }
    }
    Candidate c = b;
    c.score = prob;
    c.dx1 = h[2]; c.dy1 = h[3]; c.dx2 = h[4]; c.dy2 = h[5];
    c.key = n;
    if (p.regress_kept) c = regress(c, 1);
    p.out[atomicAdd(p.count, 1)] = c;
}
