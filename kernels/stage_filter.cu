// stage_filter: RNet/ONet head outputs -> surviving candidates, compacted on the device.
//   prob = 1 / (1 + exp(z0 - z1)); keep when prob > threshold (strict, as CpuBackend's RNet/ONet stages).
//   Kept: Candidate{ input box, prob, offsets reg[n][0..3], key = n } appended at out[atomicAdd(count, 1)].
//   With landmarks (ONet): marks[n][k] = (bw*l[n][k] + x1 - 1, bh*l[n][5+k] + y1 - 1) for the INPUT box
//   (bw = x2 - x1 + 1), written as marks[n*10 + 2k], marks[n*10 + 2k + 1]; and the kept box is regressed
//   with the +1 convention before it is stored (ONet's NMS runs on regressed boxes).
// Layout: logits N x 2, reg N x 4, landmarks N x 10 (x1..x5, y1..y5) or null; boxes N; marks N x 10 or null.
// live (may be null) points at the device-side batch size: only n < min(*live, batch) are filtered.
// Launch: 1-D, one thread per candidate in a grid-stride loop (any grid up to ceil(batch / block)).
#include "common.cuh"

struct FilterParams
{
    const float* logits;
    const float* reg;
    const float* landmarks;
    const Candidate* boxes;
    Candidate* out;
    float* marks;
    int* count;
    int batch;
    float threshold;
    int regress_kept;
    const int* live;      // device-side batch size, or null: batch
};

__device__ __forceinline__ void filter_one(const FilterParams& p, int n)
{
    float prob = 1.0f / (1.0f + expf(p.logits[2 * n] - p.logits[2 * n + 1]));
    if (!(prob > p.threshold)) return;
    Candidate b = p.boxes[n];
    if (p.landmarks && p.marks)
    {
        float bw = __fadd_rn(__fsub_rn(b.x2, b.x1), 1.0f), bh = __fadd_rn(__fsub_rn(b.y2, b.y1), 1.0f);
        const float* l = p.landmarks + 10 * n;
        for (int k = 0; k < 5; k++)
        {
            p.marks[10 * n + 2 * k] = __fsub_rn(__fadd_rn(__fmul_rn(bw, l[k]), b.x1), 1.0f);
            p.marks[10 * n + 2 * k + 1] = __fsub_rn(__fadd_rn(__fmul_rn(bh, l[5 + k]), b.y1), 1.0f);
        }
    }
    Candidate c = b;
    c.score = prob;
    c.dx1 = p.reg[4 * n]; c.dy1 = p.reg[4 * n + 1]; c.dx2 = p.reg[4 * n + 2]; c.dy2 = p.reg[4 * n + 3];
    c.key = n;
    if (p.regress_kept) c = regress(c, 1);
    p.out[atomicAdd(p.count, 1)] = c;
}

extern "C" __global__ void stage_filter(const FilterParams p)
{
    int batch = live_count(p.live, p.batch);
    for (int n = blockIdx.x * blockDim.x + threadIdx.x; n < batch; n += gridDim.x * blockDim.x) filter_one(p, n);
}
