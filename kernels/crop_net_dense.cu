// crop_net_dense: the first dense layer of RNet/ONet as one tiled GEMM over the batch of crops, bias and PReLU fused:
//   out[n][o] = prelu(bias[o] + sum_i in[n][i] * w[o][i], alpha[o])          (CpuOps.Dense; alpha == null: none)
// Layout: in N x I (the last conv's C x H x W maps, one row per crop), w O x I (columns in C x H x W order:
// MtcnnWeights.FirstDenseWeightNchw), out N x O; all row-major floats.
// Tiles: 64 crops x 64 outputs per block, k-steps of 16 staged in shared memory (transposed, padded against bank
// conflicts); each of the 256 threads accumulates a 4 x 4 register tile. Rows past min(batch, *live) and columns past
// O are guarded (any I, O, N).
// Launch: grid (ceil(O / 64), ceil(N / 64)), block 256, no dynamic shared memory.
#include "common.cuh"

struct CropDenseParams
{
    const float* in;
    const float* weight;
    const float* bias;
    const float* alpha;   // may be null
    float* out;
    const int* live;      // may be null: the live row count on the device
    int batch, inputs, outputs;
};

#define DENSE_TILE 64
#define DENSE_STEP 16

extern "C" __global__ void crop_net_dense(const CropDenseParams p)
{
    __shared__ float a_tile[DENSE_STEP][DENSE_TILE + 4];   // a_tile[k][row]
    __shared__ float b_tile[DENSE_STEP][DENSE_TILE + 4];   // b_tile[k][output]
    int rows = p.live ? min(p.batch, *p.live) : p.batch;
    int row0 = blockIdx.y * DENSE_TILE, col0 = blockIdx.x * DENSE_TILE;
    if (row0 >= rows) return;   // uniform over the block
    int tr = threadIdx.x / 16, tc = threadIdx.x % 16;   // this thread's rows tr*4.., outputs tc*4..
    float acc[4][4];
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++) acc[i][j] = 0.0f;
    for (int k0 = 0; k0 < p.inputs; k0 += DENSE_STEP)
    {
        // 64 x 16 elements of each operand, 4 per thread; consecutive threads read consecutive k (coalesced rows).
        for (int e = threadIdx.x; e < DENSE_TILE * DENSE_STEP; e += blockDim.x)
        {
            int r = e / DENSE_STEP, k = e - r * DENSE_STEP, kg = k0 + k;
            int row = row0 + r, col = col0 + r;
            a_tile[k][r] = row < rows && kg < p.inputs ? p.in[(long long)row * p.inputs + kg] : 0.0f;
            b_tile[k][r] = col < p.outputs && kg < p.inputs ? p.weight[(long long)col * p.inputs + kg] : 0.0f;
        }
        __syncthreads();
        for (int k = 0; k < DENSE_STEP; k++)
        {
            float a[4], b[4];
            for (int i = 0; i < 4; i++) a[i] = a_tile[k][tr * 4 + i];
            for (int j = 0; j < 4; j++) b[j] = b_tile[k][tc * 4 + j];
            for (int i = 0; i < 4; i++)
                for (int j = 0; j < 4; j++) acc[i][j] += a[i] * b[j];
        }
        __syncthreads();
    }
    for (int i = 0; i < 4; i++)
    {
        int row = row0 + tr * 4 + i;
        if (row >= rows) break;
        for (int j = 0; j < 4; j++)
        {
            int col = col0 + tc * 4 + j;
            if (col >= p.outputs) break;
            float v = acc[i][j] + p.bias[col];
            p.out[(long long)row * p.outputs + col] = p.alpha ? prelu(v, p.alpha[col]) : v;
        }
    }
}
