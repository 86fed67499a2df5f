// crop_net_conv: one conv layer of RNet/ONet over a batch of crops, each convolution computed ONCE and then pooled
// (no recompute under overlapping 3x3/2 pools):
//   conv[co][y][x] = prelu(bias[co] + sum_{ci,ky,kx} w[co][ci][ky][kx] * in[ci][y+ky][x+kx], alpha[co])   (CpuOps.Conv2d)
//   out[n][co][oy][ox] = max over conv [oy*s, min(oy*s+k, convH)) x [ox*s, min(ox*s+k, convW)) (CpuOps.MaxPool,
//   ceil mode) when pool_k > 0, else out = conv.
// Input: the previous layer's maps (in, N x Cin x H x W floats), or, for the first layer (in == null), the crop
// itself, cut by the fused crop loader straight from the uint8 pixel buffer (see load_crop: CropSampler semantics).
// Layout: out N x Cout x outH x outW (for the last layer: the dense layer's C x H x W input row).
// Per block: one crop and a slice of its output channels (chunks_per_block chunks: small batches still fill the
// GPU); blocks at or past min(count, *live) exit at once. Dynamic shared memory, in floats:
//   x[Cin*H*W, padded to 4] | w[k_pad][co_tile + 4] (transposed, zero-padded) | conv[co_tile*convH*convW] | koff[k_pad] (ints)
// The block loops over chunks of co_tile output channels: stage the chunk's weights, conv into shared, pool out.
// FP32 path: each thread computes a 4-pixel x 4-channel register tile (4 input loads + one float4 of weights per
// 16 FMAs). TF32 path (p.tf32, sm_80+ only: mma.sync m16n8k8 through inline PTX, FP32 accumulation; inputs and
// weights rounded to TF32 when staged): the chunk is an implicit GEMM conv[M = convH*convW][N = co_tile] over
// K = Cin*k*k; a warp takes 16 pixels x the whole chunk (<= 32 channels). The emulator and devices below sm_80
// compile only the FP32 path (the host never asks them for TF32).
// Launch: grid (min(count, 1024), ceil(chunks / chunks_per_block)) striding over the crops, block 256, dynamic shared = CropNetLayer.ConvSharedBytes.
#include "common.cuh"

struct CropConvParams
{
    const float* in;              // previous layer's maps, or null: the crop loader reads pixels
    const unsigned char* pixels;  // first layer: the input image (interleaved, any stride)
    const Candidate* boxes;       // first layer: the crop boxes
    const float* weight;
    const float* bias;
    const float* alpha;
    float* out;
    const int* live;              // may be null: the live crop count on the device (blocks past it exit)
    int count, cin, h, w, cout, k;
    int pool_k, pool_s, out_h, out_w;
    int co_tile, k_pad;           // channels per chunk (multiple of 4, of 8 with tf32); cin*k*k rounded up to 8
    int width, height, stride, bpp, c0, c1, c2, clip;   // crop loader: image, channel byte offsets, EdgeMode.Clip
    float mean, scale;
    int tf32;
    int chunks_per_block;         // channel chunks per block: blockIdx.y takes channels [y*chunks*co_tile, ...)
};

// The crop of box b (size x size x 3 planes, normalised) into x: BoxOps.Window (clip mode intersects with the
// image), sides capped at 32768, area resampling columns first (row means = exact integer sums / window width),
// then rows summed from 0 in increasing order, times 1/(window height); out = (v - mean) * scale. Pixels outside
// the image are zero; an empty window gives -mean*scale everywhere.
__device__ void load_crop(const CropConvParams& p, const Candidate b, float* x)
{
    int size = p.h, per = 3 * size * size;
    int bx = box_coordinate(b.x1), by = box_coordinate(b.y1), ex = box_coordinate(b.x2), ey = box_coordinate(b.y2);
    if (p.clip)
    {
        bx = max(bx, 1); by = max(by, 1);
        ex = min(ex, p.width); ey = min(ey, p.height);
    }
    int wx0 = bx - 1, wy0 = by - 1;
    int cw = ex - wx0, ch = ey - wy0;
    if (cw <= 0 || ch <= 0)
    {
        for (int i = threadIdx.x; i < per; i += blockDim.x) x[i] = -p.mean * p.scale;
        return;
    }
    cw = min(cw, 32768); ch = min(ch, 32768);
    // Window rows [row_lo, row_hi) and columns [col_lo, col_hi) lie inside the image.
    int row_lo = min(max(-wy0, 0), ch), row_hi = min(max(p.height - wy0, row_lo), ch);
    int col_lo = min(max(-wx0, 0), cw), col_hi = min(max(p.width - wx0, col_lo), cw);
    for (int i = threadIdx.x; i < per; i += blockDim.x)
    {
        int c = i / (size * size), r = i - c * size * size;
        int oy = r / size, ox = r - oy * size;
        int y0 = area_start(oy, ch, size), y1 = area_end(oy, ch, size);
        int x0 = area_start(ox, cw, size), x1 = area_end(ox, cw, size);
        int xs = max(x0, col_lo), xe = min(x1, col_hi);
        float columns = (float)(x1 - x0);
        int offset = c == 0 ? p.c0 : (c == 1 ? p.c1 : p.c2);
        float acc = 0.0f;
        for (int y = max(y0, row_lo), ye = min(y1, row_hi); y < ye; y++)
        {
            const unsigned char* row = p.pixels + (long long)(wy0 + y) * p.stride + (long long)(wx0 + xs) * p.bpp + offset;
            int sum = 0;
            for (int xx = xs; xx < xe; xx++) sum += row[(long long)(xx - xs) * p.bpp];
            acc = __fadd_rn(acc, __fdiv_rn((float)sum, columns));
        }
        float inv = __fdiv_rn(1.0f, (float)(y1 - y0));
        x[i] = __fmul_rn(__fsub_rn(__fmul_rn(acc, inv), p.mean), p.scale);
    }
}

// Stores conv + bias (+ PReLU) of chunk channel co at pixel m.
__device__ __forceinline__ void store_conv(const CropConvParams& p, float* conv, int co0, int co, int m, int pixels, float acc)
{
    float v = acc + p.bias[co0 + co];
    conv[co * pixels + m] = p.alpha ? prelu(v, p.alpha[co0 + co]) : v;
}

// FP32: a thread computes a 4 x 4 register tile (4 consecutive conv pixels in row-major order x 4 channels), so each
// step of the patch loads 4 inputs and one float4 of weights (ws is [k][co], row stride co_tile + 4) for 16 FMAs.
__device__ void conv_chunk_fp32(const CropConvParams& p, const float* x, const float* ws,
    float* conv, int co0, int n, int conv_w, int pixels)
{
    int groups = (n + 3) / 4, quads = (pixels + 3) / 4, wstride = p.co_tile + 4, plane = p.h * p.w;
    for (int item = threadIdx.x; item < groups * quads; item += blockDim.x)
    {
        int g = item / quads, q = item - g * quads;
        int base[4];
        for (int i = 0; i < 4; i++)
        {
            int m = min(4 * q + i, pixels - 1);   // a short last quad recomputes its last pixel (never stored twice)
            base[i] = (m / conv_w) * p.w + m % conv_w;
        }
        float acc[4][4];
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++) acc[i][j] = 0.0f;
        const float* wt = ws + 4 * g;
        for (int ci = 0; ci < p.cin; ci++)
            for (int ky = 0; ky < p.k; ky++)
                for (int kx = 0; kx < p.k; kx++, wt += wstride)
                {
                    int off = ci * plane + ky * p.w + kx;
                    float4 wv = *(const float4*)wt;
                    for (int i = 0; i < 4; i++)
                    {
                        float v = x[base[i] + off];
                        acc[i][0] += v * wv.x;
                        acc[i][1] += v * wv.y;
                        acc[i][2] += v * wv.z;
                        acc[i][3] += v * wv.w;
                    }
                }
        for (int i = 0; i < 4; i++)
        {
            int m = 4 * q + i;
            if (m >= pixels) break;
            for (int j = 0; j < 4; j++)
                if (4 * g + j < n) store_conv(p, conv, co0, 4 * g + j, m, pixels, acc[i][j]);
        }
    }
}

#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 800
// Rounds to TF32 (round to nearest, ties away) at staging time, so the mma loop feeds raw bits.
__device__ __forceinline__ float tf32_round(float v)
{
    unsigned r;
    asm("cvt.rna.tf32.f32 %0, %1;" : "=r"(r) : "f"(v));
    return __uint_as_float(r);
}

// TF32 tensor cores: D(16x8) += A(16x8, conv pixels x k) * B(8x8, k x channels), fragments as the PTX ISA's
// m16n8k8 .tf32 layout: a0 (g, t), a1 (g+8, t), a2 (g, t+4), a3 (g+8, t+4); b0 (t, g), b1 (t+4, g);
// c0 (g, 2t), c1 (g, 2t+1), c2 (g+8, 2t), c3 (g+8, 2t+1) with g = lane / 4, t = lane % 4. A warp takes 16 pixels
// and every 8-channel tile of the chunk (at most 4), loading each A fragment once for all of them.
__device__ void conv_chunk_tf32(const CropConvParams& p, const float* x, const float* ws, const int* koff,
    float* conv, int co0, int n, int kk, int conv_w, int pixels)
{
    int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, warps = blockDim.x >> 5;
    int g = lane >> 2, t = lane & 3, wstride = p.co_tile + 4;
    int m_tiles = (pixels + 15) / 16, n_tiles = (n + 7) / 8;
    for (int mt = warp; mt < m_tiles; mt += warps)
    {
        int m_lo = mt * 16 + g, m_hi = m_lo + 8;
        // Pixel bases of the two rows this lane loads (rows past the map read pixel 0 and are never stored).
        int base_lo = m_lo < pixels ? (m_lo / conv_w) * p.w + m_lo % conv_w : 0;
        int base_hi = m_hi < pixels ? (m_hi / conv_w) * p.w + m_hi % conv_w : 0;
        float d[4][4];
        for (int nt = 0; nt < 4; nt++)
            for (int r = 0; r < 4; r++) d[nt][r] = 0.0f;
        for (int k0 = 0; k0 < p.k_pad; k0 += 8)
        {
            int ka = k0 + t, kb = k0 + t + 4;
            // Past the patch (k >= kk) the weights are zero; the input read stays in range at offset 0.
            int oa = koff[ka], ob = koff[kb];
            unsigned a0 = __float_as_uint(x[base_lo + oa]), a1 = __float_as_uint(x[base_hi + oa]);
            unsigned a2 = __float_as_uint(x[base_lo + ob]), a3 = __float_as_uint(x[base_hi + ob]);
            for (int nt = 0; nt < 4; nt++)
            {
                if (nt >= n_tiles) break;
                unsigned b0 = __float_as_uint(ws[ka * wstride + nt * 8 + g]), b1 = __float_as_uint(ws[kb * wstride + nt * 8 + g]);
                asm volatile("mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};\n"
                    : "+f"(d[nt][0]), "+f"(d[nt][1]), "+f"(d[nt][2]), "+f"(d[nt][3])
                    : "r"(a0), "r"(a1), "r"(a2), "r"(a3), "r"(b0), "r"(b1));
            }
        }
        for (int nt = 0; nt < n_tiles && nt < 4; nt++)
            for (int r = 0; r < 4; r++)
            {
                int m = mt * 16 + g + (r >= 2 ? 8 : 0), co = nt * 8 + 2 * t + (r & 1);
                if (m < pixels && co < n) store_conv(p, conv, co0, co, m, pixels, d[nt][r]);
            }
    }
}
#endif

extern "C" __global__ void crop_net_conv(const CropConvParams p)
{
    extern __shared__ float crop_conv_shared[];
    int live = p.live ? min(p.count, *p.live) : p.count;
    // Blocks stride over the live crops (the grid is capped at CudaKernelSet.LiveGridBlocks, so a cap-sized launch
    // with few live crops is one small grid); the bound is uniform over the block, so no barrier is skipped.
    for (int crop = blockIdx.x; crop < live; crop += gridDim.x)
    {
        int kk = p.cin * p.k * p.k;
        int conv_h = p.h - p.k + 1, conv_w = p.w - p.k + 1, pixels = conv_h * conv_w;
        float* x = crop_conv_shared;
        float* ws = x + ((p.cin * p.h * p.w + 3) & ~3);   // 16-byte aligned for the float4 weight loads
        float* conv = ws + (p.co_tile + 4) * p.k_pad;
        int* koff = (int*)(conv + p.co_tile * pixels);
        if (p.in)
        {
            const float* src = p.in + (long long)crop * p.cin * p.h * p.w;
            for (int i = threadIdx.x; i < p.cin * p.h * p.w; i += blockDim.x) x[i] = src[i];
        }
        else
        {
            load_crop(p, p.boxes[crop], x);
        }
    #if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 800
        if (p.tf32)   // each thread rounds the elements it loaded itself (same index mapping): no barrier needed
            for (int i = threadIdx.x; i < p.cin * p.h * p.w; i += blockDim.x) x[i] = tf32_round(x[i]);
    #endif
        for (int i = threadIdx.x; i < p.k_pad; i += blockDim.x)
        {
            int ci = i / (p.k * p.k), r = i - ci * p.k * p.k;
            koff[i] = i < kk ? ci * p.h * p.w + (r / p.k) * p.w + r % p.k : 0;
        }
        float* out = p.out + (long long)crop * p.cout * p.out_h * p.out_w;
        int co_begin = blockIdx.y * p.chunks_per_block * p.co_tile, co_end = min(p.cout, co_begin + p.chunks_per_block * p.co_tile);
        for (int co0 = co_begin; co0 < co_end; co0 += p.co_tile)
        {
            int n = min(p.co_tile, p.cout - co0);
            // ws[t][co] (row stride co_tile + 4), read along t from global so that consecutive threads stay coalesced.
            for (int i = threadIdx.x; i < p.co_tile * p.k_pad; i += blockDim.x)
            {
                int co = i / p.k_pad, t = i - co * p.k_pad;
                float v = co < n && t < kk ? p.weight[(long long)(co0 + co) * kk + t] : 0.0f;
    #if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 800
                if (p.tf32) v = tf32_round(v);
    #endif
                ws[t * (p.co_tile + 4) + co] = v;
            }
            __syncthreads();   // x, koff (first chunk) and this chunk's weights are in place
    #if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 800
            if (p.tf32) conv_chunk_tf32(p, x, ws, koff, conv, co0, n, kk, conv_w, pixels);
            else
    #endif
            conv_chunk_fp32(p, x, ws, conv, co0, n, conv_w, pixels);
            __syncthreads();   // the chunk's conv map is complete
            int plane = p.out_h * p.out_w;
            for (int i = threadIdx.x; i < n * plane; i += blockDim.x)
            {
                int co = i / plane, r = i - co * plane;
                int oy = r / p.out_w, ox = r - oy * p.out_w;
                const float* map = conv + co * pixels;
                float v;
                if (p.pool_k == 0)
                {
                    v = map[r];
                }
                else
                {
                    int y0 = oy * p.pool_s, y1 = min(y0 + p.pool_k, conv_h);
                    int x0 = ox * p.pool_s, x1 = min(x0 + p.pool_k, conv_w);
                    v = -__int_as_float(0x7f800000);
                    for (int y = y0; y < y1; y++)
                        for (int xq = x0; xq < x1; xq++) v = fmaxf(v, map[y * conv_w + xq]);
                }
                out[(long long)(co0 + co) * plane + r] = v;
            }
            __syncthreads();   // the next chunk may overwrite ws and conv
        }
    }
}
