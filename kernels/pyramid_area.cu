// pyramid_area: every pyramid level (up to PYRAMID_MAX_LEVELS per launch) resampled from one planar image with
// PyTorch "area" interpolation (adaptive average pooling) and normalised, in a single launch.
// Level l is 3 x lh[l] x lw[l] at out + offset[l]. For output (c, oy, ox) with input rows [y0,y1) and columns
// [x0,x1) (area_start/area_end): v = (sum_y (sum_x in[c][y][x]) / (x1-x0)) * (1/(y1-y0)) — the same order of
// operations as AreaResample.Planar (columns first, then rows) — then out = (v - mean) * scale.
// Launch: 1-D over offset[levels] total outputs; each thread finds its level by a short linear scan.
#include "common.cuh"

#define PYRAMID_MAX_LEVELS 32

struct PyramidParams
{
    const float* planar;   // 3 x height x width, raw 0..255
    float* out;
    float mean, scale;
    int width, height, levels;
    int offset[PYRAMID_MAX_LEVELS + 1];  // offset[levels] = total elements
    int lw[PYRAMID_MAX_LEVELS];
    int lh[PYRAMID_MAX_LEVELS];
};

extern "C" __global__ void pyramid_area(const PyramidParams p)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= p.offset[p.levels]) return;
    int l = 0;
    while (l + 1 < p.levels && i >= p.offset[l + 1]) l++;
    int lw = p.lw[l], lh = p.lh[l];
    int r = i - p.offset[l];
    int c = r / (lw * lh);
    int rem = r - c * lw * lh;
    int oy = rem / lw, ox = rem - oy * lw;
    int y0 = area_start(oy, p.height, lh), y1 = area_end(oy, p.height, lh);
    int x0 = area_start(ox, p.width, lw), x1 = area_end(ox, p.width, lw);
    const float* plane = p.planar + (long long)c * p.width * p.height;
    float columns = (float)(x1 - x0);
    float acc = 0.0f;
    for (int y = y0; y < y1; y++)
    {
        const float* row = plane + (long long)y * p.width;
        float s = 0.0f;
        for (int x = x0; x < x1; x++) s += row[x];
        acc += s / columns;
    }
    acc *= 1.0f / (float)(y1 - y0);
    p.out[i] = (acc - p.mean) * p.scale;
}
