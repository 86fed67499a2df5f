// conv_prelu_pool: valid convolution (stride 1) + bias + PReLU, optionally followed by a ceil-mode max-pool,
// on a batch of planar maps. Used for PNet's conv layers (one pyramid level, batch 1); RNet/ONet use crop_net_conv.
//   conv[n][co][y][x] = prelu(bias[co] + sum_{ci,ky,kx} w[co][ci][ky][kx] * in[n][ci][y+ky][x+kx], alpha[co])
//   (accumulation order ci, ky, kx from bias, as CpuOps.Conv2d; alpha == null means no PReLU)
//   pool_k > 0: out[n][co][oy][ox] = max over conv rows [oy*s, min(oy*s+k, convH)) x cols likewise
//   (CpuOps.MaxPool, PyTorch ceil_mode: windows clipped at the edge). pool_k == 0: out = conv.
// Layout: in N x Cin x H x W, w Cout x Cin x K x K, out N x Cout x outH x outW (all row-major floats).
// live (may be null) points at the device-side batch size: only min(*live, batch) maps are computed (RNet/ONet
// batches are sized by the candidate cap, the live count never comes back to the host).
// Launch: 1-D, one thread per output element in a grid-stride loop: any grid up to ceil(N*Cout*outH*outW / block)
// (CudaKernelSet caps it for live-count launches).
#include "common.cuh"

struct ConvParams
{
    const float* in;
    const float* weight;
    const float* bias;
    const float* alpha;   // may be null
    float* out;
    int batch, cin, h, w, cout, k;
    int conv_h, conv_w;   // h - k + 1, w - k + 1
    int pool_k, pool_s;   // pool_k == 0: no pool
    int out_h, out_w;
    const int* live;      // device-side batch size, or null: batch
};

__device__ __forceinline__ float conv_at(const ConvParams& p, const float* in, const float* wco, float b, float a, int y, int x)
{
    float acc = b;
    int plane = p.h * p.w, kk = p.k * p.k;
    for (int ci = 0; ci < p.cin; ci++)
    {
        const float* src = in + ci * plane + y * p.w + x;
        const float* wk = wco + ci * kk;
        for (int ky = 0; ky < p.k; ky++)
            for (int kx = 0; kx < p.k; kx++)
                acc = __fadd_rn(acc, __fmul_rn(src[ky * p.w + kx], wk[ky * p.k + kx]));
    }
    return p.alpha ? prelu(acc, a) : acc;
}

__device__ __forceinline__ void conv_element(const ConvParams& p, long long i)
{
    int ox = (int)(i % p.out_w);
    long long t = i / p.out_w;
    int oy = (int)(t % p.out_h);
    t /= p.out_h;
    int co = (int)(t % p.cout);
    int n = (int)(t / p.cout);
    const float* in = p.in + (long long)n * p.cin * p.h * p.w;
    const float* wco = p.weight + (long long)co * p.cin * p.k * p.k;
    float b = p.bias[co];
    float a = p.alpha ? p.alpha[co] : 0.0f;
    float result;
    if (p.pool_k == 0)
    {
        result = conv_at(p, in, wco, b, a, oy, ox);
    }
    else
    {
        int y0 = oy * p.pool_s, y1 = min(y0 + p.pool_k, p.conv_h);
        int x0 = ox * p.pool_s, x1 = min(x0 + p.pool_k, p.conv_w);
        result = -__int_as_float(0x7f800000);  // -infinity
        for (int y = y0; y < y1; y++)
            for (int x = x0; x < x1; x++)
                result = fmaxf(result, conv_at(p, in, wco, b, a, y, x));
    }
    p.out[i] = result;
}

extern "C" __global__ void conv_prelu_pool(const ConvParams p)
{
    long long total = (long long)live_count(p.live, p.batch) * p.cout * p.out_h * p.out_w;
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < total; i += (long long)gridDim.x * blockDim.x)
        conv_element(p, i);
}
