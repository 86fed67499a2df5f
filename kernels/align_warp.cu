// align_warp: aligned face crops for every face of one image in one launch (the CPU op it must equal:
// MtcnnCuda.Align.AffineWarp). Output pixel (u, v) of face n samples the raw image at
//   x = A*u + B*v + C,  y = D*u + E*v + F       (M_n = transforms[6n .. 6n+5], crop -> image, float32)
// bilinearly: x0 = floor(x), ax = x - x0, v = (p00(1-ax) + p10 ax)(1-ay) + (p01(1-ax) + p11 ax) ay, where a tap
// outside the image reads `border` (replicate = 0) or the nearest edge pixel (replicate = 1); x, y are first
// clamped to [-1, width] x [-1, height] (no effect on the result, keeps the int conversion in range).
// Arithmetic uses _rn intrinsics so no FMA contraction makes it differ from the C# loop.
// Output: bytes (is_float = 0) round half up, clamp to 0..255, layout count x H x W x 3 interleaved;
// floats (is_float = 1) (v - mean) * scale, layout count x 3 x H x W. Channel k of the output reads byte
// c0/c1/c2 of a source pixel (the host picks RGB or BGR order from the input format).
// Layout in: raw interleaved pixels, `stride` bytes per row, `bpp` bytes per pixel.
// Launch: 1-D, one thread per output pixel of all faces (3 channels each), grid = ceil(count*H*W / block).

struct AlignWarpParams
{
    const unsigned char* pixels;
    const float* transforms;
    void* out;
    int count, width, height, stride, bpp, c0, c1, c2;
    int out_width, out_height, is_float, replicate;
    float border, mean, scale;
};

__device__ __forceinline__ float align_tap(const AlignWarpParams& p, int c, int x, int y)
{
    if (x < 0 || y < 0 || x >= p.width || y >= p.height)
    {
        if (!p.replicate) return p.border;
        x = min(max(x, 0), p.width - 1);
        y = min(max(y, 0), p.height - 1);
    }
    return (float)p.pixels[(long long)y * p.stride + (long long)x * p.bpp + c];
}

__device__ __forceinline__ float align_sample(const AlignWarpParams& p, int c, float x, float y)
{
    x = fminf(fmaxf(x, -1.0f), (float)p.width);
    y = fminf(fmaxf(y, -1.0f), (float)p.height);
    float xf = floorf(x), yf = floorf(y);
    int x0 = (int)xf, y0 = (int)yf;
    float ax = __fsub_rn(x, xf), ay = __fsub_rn(y, yf);
    float top = __fadd_rn(__fmul_rn(align_tap(p, c, x0, y0), __fsub_rn(1.0f, ax)), __fmul_rn(align_tap(p, c, x0 + 1, y0), ax));
    float bottom = __fadd_rn(__fmul_rn(align_tap(p, c, x0, y0 + 1), __fsub_rn(1.0f, ax)), __fmul_rn(align_tap(p, c, x0 + 1, y0 + 1), ax));
    return __fadd_rn(__fmul_rn(top, __fsub_rn(1.0f, ay)), __fmul_rn(bottom, ay));
}

extern "C" __global__ void align_warp(const AlignWarpParams p)
{
    long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    long long plane = (long long)p.out_width * p.out_height;
    if (i >= (long long)p.count * plane) return;
    int n = (int)(i / plane);
    int o = (int)(i - (long long)n * plane);
    int v = o / p.out_width, u = o - v * p.out_width;
    const float* m = p.transforms + 6 * n;
    float fu = (float)u, fv = (float)v;
    float x = __fadd_rn(__fadd_rn(__fmul_rn(m[0], fu), __fmul_rn(m[1], fv)), m[2]);
    float y = __fadd_rn(__fadd_rn(__fmul_rn(m[3], fu), __fmul_rn(m[4], fv)), m[5]);
    float s0 = align_sample(p, p.c0, x, y), s1 = align_sample(p, p.c1, x, y), s2 = align_sample(p, p.c2, x, y);
    if (p.is_float)
    {
        float* out = (float*)p.out + (long long)n * 3 * plane;
        out[o] = __fmul_rn(__fsub_rn(s0, p.mean), p.scale);
        out[plane + o] = __fmul_rn(__fsub_rn(s1, p.mean), p.scale);
        out[2 * plane + o] = __fmul_rn(__fsub_rn(s2, p.mean), p.scale);
    }
    else
    {
        unsigned char* out = (unsigned char*)p.out + (long long)n * 3 * plane + 3 * o;
        out[0] = (unsigned char)min(max((int)floorf(__fadd_rn(s0, 0.5f)), 0), 255);
        out[1] = (unsigned char)min(max((int)floorf(__fadd_rn(s1, 0.5f)), 0), 255);
        out[2] = (unsigned char)min(max((int)floorf(__fadd_rn(s2, 0.5f)), 0), 255);
    }
}
