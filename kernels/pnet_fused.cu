// pnet_fused: PNet on every pyramid level (up to PNET_MAX_LEVELS per launch) in one launch, from the image's row
// sums (row_sums.cu, one launch before it) to compacted candidates. Replaces a per-level chain of launches (area
// resize, three conv layers, heads): no per-level float copy of the image, no activation map in global memory.
//
// Math, per level l (lw × lh, scale s_l), the CPU backend's PNet stage (LevelLoader + CpuNets.PNetBand + BoxOps):
//   load:   v[c][y][x] = ((Σ_{iy∈rows} (Σ_{ix∈cols} px[iy][ix][c]) / |cols|) · (1/|rows|) − mean) · scale
//           with the area windows of area_start/area_end; the column sums come exactly from the row sums (two
//           loads a window row), then the same float operations in the same order as LevelLoader.Rows, so the
//           loaded level is bit-identical to the CPU's
//   conv1:  3→10, 3×3 valid, + bias, PReLU, then max-pool 2×2 stride 2 ceil mode (windows clipped at the edge)
//   conv2:  10→16, 3×3 valid, + bias, PReLU;  conv3: 16→32, 3×3 valid, + bias, PReLU
//   heads:  z_k = b41[k] + Σ_c w41[k][c]·f[c] (k = 0,1), prob = 1/(1 + exp(z0 − z1)); reg_k likewise from w42, b42
//   prob ≥ threshold: Candidate{ floor((2x+1)/s), floor((2y+1)/s), floor((2x+12)/s), floor((2y+12)/s), prob, reg,
//   key = y·W3 + x } appended at out[cell_offset[l] + n], n from counts[l] (BoxOps.PNetBox: the division in double
//   for ZeroPad, in float32 for Clip (clip_float = 1)). Append order is arbitrary; key restores the CPU's order.
//   The convolutions use FMA (not bit-exact with the CPU: tests compare with tolerances).
// Tile: one block computes TILE_W × TILE_H = 16 × 8 output cells of one level. Going back through the net, it needs
//   conv2 18 × 10, pool1 20 × 12, conv1 40 × 24 and input 42 × 26 pixels (each 3×3 conv adds 2, the pool doubles).
// Shared memory (static, 48,448 bytes ≤ the 48 KiB default): weights, bias and PReLU of conv1-3 transposed to
//   [ci·9 + ky·3 + kx][co] (25,736 B: a thread's output channels are contiguous, read as float4 broadcasts); the
//   input tile 3×26×42, which conv2's output 16×10×18 later overwrites (13,104 B); pool1's output 10×12×20
//   (9,600 B). The heads' 198 weights are read from global memory (uniform, cached).
// Work per tile: conv1 240 pool cells × 4 × 270 MACs, conv2 180 × 1440, conv3 128 × 4608, heads 128 × 192
//   ≈ 1.13 M MACs for 128 cells (8.8 k a cell, 1.25× the 7.3 k of an untiled PNet: the halo). Per tile it reads
//   ≈ 1.1 k input pixels × window rows × 3 channels × 2 row sums of 2 bytes (≈ 13 kB on the largest levels, mostly
//   from L1/L2) and writes only candidates: ≈ 2.3 MFLOP per ≈ 13 kB, ~ 170 FLOP/byte, compute-bound.
// Launch: 1-D grid over the level/tile table, PNET_THREADS = 128 threads; thread t owns output cell (t % 16, t / 16)
//   of the tile. Tiles are numbered level by level, largest level first (tile_start[l] is the first tile of level
//   l); block b takes the tiles T−1−b, T−1−b−gridDim.x, ... (smallest levels first), loading the weights once.
// Compaction: one atomicAdd per warp on counts[l] (ballot + popc: warp-aggregated), lanes write in ballot order.
#include "common.cuh"

#define PNET_MAX_LEVELS 32
#define PNET_TILE_W 16
#define PNET_TILE_H 8
#define PNET_THREADS (PNET_TILE_W * PNET_TILE_H)
#define PNET_C2_W (PNET_TILE_W + 2)
#define PNET_C2_H (PNET_TILE_H + 2)
#define PNET_P1_W (PNET_TILE_W + 4)
#define PNET_P1_H (PNET_TILE_H + 4)
#define PNET_IN_W (2 * PNET_P1_W + 2)
#define PNET_IN_H (2 * PNET_P1_H + 2)
#define PNET_IN_FLOATS (3 * PNET_IN_H * PNET_IN_W)
#define PNET_C2_FLOATS (16 * PNET_C2_H * PNET_C2_W)
#define PNET_IO_FLOATS (PNET_IN_FLOATS > PNET_C2_FLOATS ? PNET_IN_FLOATS : PNET_C2_FLOATS)

struct PNetFusedParams
{
    const unsigned short* sums;    // the image's row sums (row_sums.cu): 3 x height x (width + 1), nets' channel order
    const float* w1; const float* b1; const float* a1;      // conv1 10×3×3×3, bias, PReLU
    const float* w2; const float* b2; const float* a2;      // conv2 16×10×3×3
    const float* w3; const float* b3; const float* a3;      // conv3 32×16×3×3
    const float* w41; const float* b41; const float* w42; const float* b42;   // heads 2×32, 4×32
    Candidate* out;                // level l's candidates from out + cell_offset[l] (room for one per cell)
    int* counts;                   // level l's candidate count at counts[l] (zeroed before the launch)
    double scales[PNET_MAX_LEVELS];
    float mean, scale, threshold;
    int width, height;
    int clip_float, levels;
    int widths[PNET_MAX_LEVELS], heights[PNET_MAX_LEVELS], tiles_x[PNET_MAX_LEVELS];
    int tile_start[PNET_MAX_LEVELS + 1];   // tile_start[levels] = total tiles
    int cell_offset[PNET_MAX_LEVELS];
};

// Σ of columns [xs, xs + n) of one row from its modular prefix sums, exactly (RowSums.WindowSum).
__device__ __forceinline__ int pnet_window_sum(const unsigned short* row, int xs, int n)
{
    if (n <= 257) return (unsigned short)(row[xs + n] - row[xs]);
    int sum = 0;
    for (int k = 0; k < n; k += 257) sum += (unsigned short)(row[xs + min(n, k + 257)] - row[xs + k]);
    return sum;
}

// Area-resampled, normalised input pixel (ix, iy) of a lw × lh level, channels into v0..v2.
__device__ __forceinline__ void pnet_load_pixel(const PNetFusedParams& p, int ix, int iy, int lw, int lh, float& v0, float& v1, float& v2)
{
    int xs = area_start(ix, p.width, lw), n = area_end(ix, p.width, lw) - xs;
    int ys = area_start(iy, p.height, lh), ye = area_end(iy, p.height, lh);
    const long long pitch = p.width + 1, plane = (long long)p.height * pitch;
    float columns = (float)n;
    float a0 = 0.0f, a1 = 0.0f, a2 = 0.0f;
    for (int y = ys; y < ye; y++)
    {
        const unsigned short* row = p.sums + y * pitch;
        a0 = __fadd_rn(a0, __fdiv_rn((float)pnet_window_sum(row, xs, n), columns));
        a1 = __fadd_rn(a1, __fdiv_rn((float)pnet_window_sum(row + plane, xs, n), columns));
        a2 = __fadd_rn(a2, __fdiv_rn((float)pnet_window_sum(row + 2 * plane, xs, n), columns));
    }
    float inv = __fdiv_rn(1.0f, (float)(ye - ys));
    v0 = __fmul_rn(__fsub_rn(__fmul_rn(a0, inv), p.mean), p.scale);
    v1 = __fmul_rn(__fsub_rn(__fmul_rn(a1, inv), p.mean), p.scale);
    v2 = __fmul_rn(__fsub_rn(__fmul_rn(a2, inv), p.mean), p.scale);
}

extern "C" __global__ void __launch_bounds__(PNET_THREADS, 4) pnet_fused(const PNetFusedParams p)
{
    __shared__ float2 s_w1[27 * 10 / 2];   // vector types for alignment: 10 channels are read as 5 float2
    __shared__ float4 s_w2[90 * 16 / 4];
    __shared__ float4 s_w3[144 * 32 / 4];
    __shared__ float s_b1[10], s_a1[10], s_b2[16], s_a2[16], s_b3[32], s_a3[32];
    __shared__ float s_io[PNET_IO_FLOATS];                       // input tile, then conv2's output
    __shared__ float s_pool[10 * PNET_P1_H * PNET_P1_W];         // conv1 + PReLU + pool
    const int tid = threadIdx.x;
    float* w1 = (float*)s_w1;
    float* w2 = (float*)s_w2;
    float* w3 = (float*)s_w3;
    for (int i = tid; i < 270; i += PNET_THREADS) w1[(i % 27) * 10 + i / 27] = p.w1[i];
    for (int i = tid; i < 1440; i += PNET_THREADS) w2[(i % 90) * 16 + i / 90] = p.w2[i];
    for (int i = tid; i < 4608; i += PNET_THREADS) w3[(i % 144) * 32 + i / 144] = p.w3[i];
    if (tid < 10) { s_b1[tid] = p.b1[tid]; s_a1[tid] = p.a1[tid]; }
    if (tid < 16) { s_b2[tid] = p.b2[tid]; s_a2[tid] = p.a2[tid]; }
    if (tid < 32) { s_b3[tid] = p.b3[tid]; s_a3[tid] = p.a3[tid]; }
    __syncthreads();

    const int total = p.tile_start[p.levels];
    for (int i = blockIdx.x; i < total; i += gridDim.x)
    {
        // Smallest levels first: their tiles are few but their loaders sum the widest windows, so they start at
        // once instead of lengthening the tail.
        const int t = total - 1 - i;
        int l = 0;
        while (l + 1 < p.levels && t >= p.tile_start[l + 1]) l++;
        const int lw = p.widths[l], lh = p.heights[l];
        const int w1c = lw - 2, h1c = lh - 2;                        // conv1 map
        const int wp = (w1c + 1) / 2, hp = (h1c + 1) / 2;            // pool (ceil mode)
        const int w3 = wp - 4, h3 = hp - 4;                          // conv3 map = output cells
        const int local = t - p.tile_start[l];
        const int ty = local / p.tiles_x[l], tx = local - ty * p.tiles_x[l];
        const int x0 = tx * PNET_TILE_W, y0 = ty * PNET_TILE_H;      // first output / conv2 / pool cell of the tile

        // 1. Input tile: level pixels [2·x0, 2·x0 + 42) × [2·y0, 2·y0 + 26); outside the level 0 (never used).
        for (int i = tid; i < PNET_IN_H * PNET_IN_W; i += PNET_THREADS)
        {
            int r = i / PNET_IN_W, c = i - r * PNET_IN_W;
            int ix = 2 * x0 + c, iy = 2 * y0 + r;
            float v0 = 0.0f, v1 = 0.0f, v2 = 0.0f;
            if (ix < lw && iy < lh) pnet_load_pixel(p, ix, iy, lw, lh, v0, v1, v2);
            s_io[i] = v0;
            s_io[PNET_IN_H * PNET_IN_W + i] = v1;
            s_io[2 * PNET_IN_H * PNET_IN_W + i] = v2;
        }
        __syncthreads();

        // 2. conv1 + PReLU + 2×2/2 max-pool: one pool cell (all 10 channels) per thread and round.
        for (int i = tid; i < PNET_P1_H * PNET_P1_W; i += PNET_THREADS)
        {
            int r = i / PNET_P1_W, c = i - r * PNET_P1_W;
            int px = x0 + c, py = y0 + r;
            float m[10];
            bool inside = px < wp && py < hp;
            for (int co = 0; co < 10; co++) m[co] = inside ? -__int_as_float(0x7f800000) : 0.0f;
            for (int dy = 0; dy < 2; dy++)
                for (int dx = 0; dx < 2; dx++)
                {
                    if (!inside || 2 * py + dy >= h1c || 2 * px + dx >= w1c) continue;
                    float acc[10];
                    for (int co = 0; co < 10; co++) acc[co] = s_b1[co];
                    for (int ci = 0; ci < 3; ci++)
                        for (int ky = 0; ky < 3; ky++)
                            for (int kx = 0; kx < 3; kx++)
                            {
                                float v = s_io[(ci * PNET_IN_H + 2 * r + dy + ky) * PNET_IN_W + 2 * c + dx + kx];
                                const float2* wk = (const float2*)(w1 + (ci * 9 + ky * 3 + kx) * 10);
                                for (int q = 0; q < 5; q++)
                                {
                                    float2 wq = wk[q];
                                    acc[2 * q] += v * wq.x;
                                    acc[2 * q + 1] += v * wq.y;
                                }
                            }
                    for (int co = 0; co < 10; co++) m[co] = fmaxf(m[co], prelu(acc[co], s_a1[co]));
                }
            for (int co = 0; co < 10; co++) s_pool[(co * PNET_P1_H + r) * PNET_P1_W + c] = m[co];
        }
        __syncthreads();

        // 3. conv2 + PReLU into s_io (the input tile is dead): items are (8-channel group, position).
        for (int i = tid; i < 2 * PNET_C2_H * PNET_C2_W; i += PNET_THREADS)
        {
            int g = i / (PNET_C2_H * PNET_C2_W), pos = i - g * (PNET_C2_H * PNET_C2_W);
            int r = pos / PNET_C2_W, c = pos - r * PNET_C2_W;
            float acc[8];
            for (int k = 0; k < 8; k++) acc[k] = s_b2[8 * g + k];
            for (int ci = 0; ci < 10; ci++)
                for (int ky = 0; ky < 3; ky++)
                    for (int kx = 0; kx < 3; kx++)
                    {
                        float v = s_pool[(ci * PNET_P1_H + r + ky) * PNET_P1_W + c + kx];
                        float4 wa = s_w2[(ci * 9 + ky * 3 + kx) * 4 + 2 * g];
                        float4 wb = s_w2[(ci * 9 + ky * 3 + kx) * 4 + 2 * g + 1];
                        acc[0] += v * wa.x; acc[1] += v * wa.y; acc[2] += v * wa.z; acc[3] += v * wa.w;
                        acc[4] += v * wb.x; acc[5] += v * wb.y; acc[6] += v * wb.z; acc[7] += v * wb.w;
                    }
            for (int k = 0; k < 8; k++)
                s_io[((8 * g + k) * PNET_C2_H + r) * PNET_C2_W + c] = prelu(acc[k], s_a2[8 * g + k]);
        }
        __syncthreads();

        // 4. conv3 + PReLU (32 channels in registers) and the heads, one output cell per thread.
        const int cx = tid % PNET_TILE_W, cy = tid / PNET_TILE_W;
        float f[32];
        for (int k = 0; k < 32; k++) f[k] = s_b3[k];
        for (int ci = 0; ci < 16; ci++)
            for (int ky = 0; ky < 3; ky++)
                for (int kx = 0; kx < 3; kx++)
                {
                    float v = s_io[(ci * PNET_C2_H + cy + ky) * PNET_C2_W + cx + kx];
                    const float4* wk = s_w3 + (ci * 9 + ky * 3 + kx) * 8;
                    for (int q = 0; q < 8; q++)
                    {
                        float4 wq = wk[q];
                        f[4 * q] += v * wq.x; f[4 * q + 1] += v * wq.y; f[4 * q + 2] += v * wq.z; f[4 * q + 3] += v * wq.w;
                    }
                }
        float z0 = p.b41[0], z1 = p.b41[1];
        float r0 = p.b42[0], r1 = p.b42[1], r2 = p.b42[2], r3 = p.b42[3];
        for (int k = 0; k < 32; k++)
        {
            float v = prelu(f[k], s_a3[k]);
            z0 += v * p.w41[k]; z1 += v * p.w41[32 + k];
            r0 += v * p.w42[k]; r1 += v * p.w42[32 + k]; r2 += v * p.w42[64 + k]; r3 += v * p.w42[96 + k];
        }
        const int x = x0 + cx, y = y0 + cy;
        float prob = 1.0f / (1.0f + expf(z0 - z1));
        bool keep = x < w3 && y < h3 && prob >= p.threshold;

        // 5. Warp-aggregated append: one atomicAdd per warp, each kept lane at base + (kept lanes below it).
        unsigned kept = __ballot_sync(0xffffffffu, keep);
        int lane = tid & 31, base = 0;
        if (kept != 0 && lane == __ffs(kept) - 1) base = atomicAdd(p.counts + l, __popc(kept));
        base = __shfl_sync(0xffffffffu, base, kept != 0 ? __ffs(kept) - 1 : 0);
        if (keep)
        {
            Candidate c;
            double s = p.scales[l];
            if (p.clip_float)
            {
                float sf = (float)s;
                c.x1 = floorf(__fdiv_rn((float)(2 * x + 1), sf));
                c.y1 = floorf(__fdiv_rn((float)(2 * y + 1), sf));
                c.x2 = floorf(__fdiv_rn((float)(2 * x + 12), sf));
                c.y2 = floorf(__fdiv_rn((float)(2 * y + 12), sf));
            }
            else
            {
                c.x1 = (float)floor((2.0 * x + 1.0) / s);
                c.y1 = (float)floor((2.0 * y + 1.0) / s);
                c.x2 = (float)floor((2.0 * x + 12.0) / s);
                c.y2 = (float)floor((2.0 * y + 12.0) / s);
            }
            c.score = prob;
            c.dx1 = r0; c.dy1 = r1; c.dx2 = r2; c.dy2 = r3;
            c.key = y * w3 + x;
            p.out[p.cell_offset[l] + base + __popc(kept & ((1u << lane) - 1u))] = c;
        }
        __syncthreads();   // the next tile's loader overwrites s_io
    }
}
