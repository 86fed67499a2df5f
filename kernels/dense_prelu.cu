// dense_prelu: fully connected layer on a batch, optional PReLU.
//   out[n][o] = prelu(bias[o] + sum_i w[o][i] * in[n][i], alpha[o])   (alpha == null: no PReLU)
// Layout: in N x I, w O x I (row-major, columns in plain C x H x W flatten order), out N x O.
// live (may be null) points at the device-side batch size: rows n >= min(*live, N) are skipped.
// Launch: 2-D, one warp per (n, o): block (32, 8), grid (ceil(O / 8), G) with G <= N; block row y handles rows
// y, y + G, ... (a whole block takes the same rows, so every lane reaches the shuffles); lanes split i and
// shuffle-reduce.
#include "common.cuh"

struct DenseParams
{
    const float* in;
    const float* weight;
    const float* bias;
    const float* alpha;   // may be null
    float* out;
    int batch, inputs, outputs;
    const int* live;      // device-side batch size, or null: batch
};

extern "C" __global__ void dense_prelu(const DenseParams p)
{
    int o = blockIdx.x * blockDim.y + threadIdx.y;
    if (o >= p.outputs) return;
    int rows = live_count(p.live, p.batch);
    for (int n = blockIdx.y; n < rows; n += gridDim.y)
    {
        const float* x = p.in + (long long)n * p.inputs;
        const float* w = p.weight + (long long)o * p.inputs;
        float acc = 0.0f;
        for (int i = threadIdx.x; i < p.inputs; i += 32) acc += x[i] * w[i];
        for (int offset = 16; offset > 0; offset >>= 1) acc += __shfl_down_sync(0xffffffffu, acc, offset);
        if (threadIdx.x == 0)
        {
            acc += p.bias[o];
            p.out[(long long)n * p.outputs + o] = p.alpha ? prelu(acc, p.alpha[o]) : acc;
        }
    }
}
