// to_planar: interleaved 8-bit pixels (RGB/BGR/RGBA/BGRA, any row stride) -> planar float 3xHxW, values 0..255,
// planes in the nets' channel order (the host picks the byte offsets c0,c1,c2 of planes 0,1,2 within a pixel).
// out[c][y][x] = pixels[y*stride + x*bpp + c_c]
// Launch: 1-D, one thread per pixel, grid = ceil(W*H / block).
#include "common.cuh"

struct ToPlanarParams
{
    const unsigned char* pixels;
    float* planar;
    int width, height, stride, bpp;
    int c0, c1, c2;
};

extern "C" __global__ void to_planar(const ToPlanarParams p)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    int plane = p.width * p.height;
    if (i >= plane) return;
    int y = i / p.width, x = i - y * p.width;
    const unsigned char* px = p.pixels + (long long)y * p.stride + (long long)x * p.bpp;
    p.planar[i] = (float)px[p.c0];
    p.planar[plane + i] = (float)px[p.c1];
    p.planar[2 * plane + i] = (float)px[p.c2];
}
