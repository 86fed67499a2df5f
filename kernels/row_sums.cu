// row_sums: modular prefix sums along every row of each channel of an 8-bit interleaved image (RowSums.FromPixels):
//   sums[(c·H + y)·(W + 1) + j] = (Σ_{k < j} pixels[y·stride + k·bpp + c_c]) mod 2^16,  j = 0..W,
// channels in the nets' order (the host picks the byte offsets c0, c1, c2 of channels 0..2 within a pixel).
// pnet_fused's loader reads area-window sums from them: (S[b] − S[a]) mod 2^16 is exact for windows of up to 257
// pixels (wider windows add 257-pixel spans), so every pyramid level costs two loads per window row instead of
// one per pixel — the small levels would otherwise each read the whole image inside a few blocks.
// Launch: one block of ROW_SUMS_THREADS threads per image row (grid = H). Thread t sums a contiguous chunk of the
// row, the chunk totals are scanned in shared memory by thread 0, then each thread writes its chunk's prefixes.
#include "common.cuh"

#define ROW_SUMS_THREADS 128

struct RowSumsParams
{
    const unsigned char* pixels;
    unsigned short* sums;   // 3 x height x (width + 1)
    int width, height, stride, bpp;
    int c0, c1, c2;
};

extern "C" __global__ void row_sums(const RowSumsParams p)
{
    __shared__ int s_total[3][ROW_SUMS_THREADS];
    const int y = blockIdx.x, t = threadIdx.x;
    const int chunk = (p.width + ROW_SUMS_THREADS - 1) / ROW_SUMS_THREADS;
    const int x0 = min(t * chunk, p.width), x1 = min(x0 + chunk, p.width);
    const unsigned char* row = p.pixels + (long long)y * p.stride;
    int a0 = 0, a1 = 0, a2 = 0;
    for (int x = x0; x < x1; x++)
    {
        const unsigned char* px = row + (long long)x * p.bpp;
        a0 += px[p.c0]; a1 += px[p.c1]; a2 += px[p.c2];
    }
    s_total[0][t] = a0; s_total[1][t] = a1; s_total[2][t] = a2;
    __syncthreads();
    if (t == 0)
    {
        // Exclusive scan of the chunk totals, modulo 2^16 (keeps every value small; the stored sums are modular anyway).
        int r0 = 0, r1 = 0, r2 = 0;
        for (int i = 0; i < ROW_SUMS_THREADS; i++)
        {
            int v0 = s_total[0][i], v1 = s_total[1][i], v2 = s_total[2][i];
            s_total[0][i] = r0; s_total[1][i] = r1; s_total[2][i] = r2;
            r0 = (r0 + v0) & 0xFFFF; r1 = (r1 + v1) & 0xFFFF; r2 = (r2 + v2) & 0xFFFF;
        }
    }
    __syncthreads();
    const long long pitch = p.width + 1;
    unsigned short* s0 = p.sums + (long long)y * pitch;
    unsigned short* s1 = s0 + (long long)p.height * pitch;
    unsigned short* s2 = s1 + (long long)p.height * pitch;
    a0 = s_total[0][t]; a1 = s_total[1][t]; a2 = s_total[2][t];
    if (t == 0) { s0[0] = 0; s1[0] = 0; s2[0] = 0; }
    for (int x = x0; x < x1; x++)
    {
        const unsigned char* px = row + (long long)x * p.bpp;
        a0 += px[p.c0]; a1 += px[p.c1]; a2 += px[p.c2];
        s0[x + 1] = (unsigned short)a0; s1[x + 1] = (unsigned short)a1; s2[x + 1] = (unsigned short)a2;
    }
}
