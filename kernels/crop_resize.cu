// crop_resize: the RNet/ONet input batch, straight from the planar image and the candidate boxes.
// For candidate n: window = BoxOps.Window (corners sanitised and truncated by box_coordinate; 1-based inclusive -> 0-based [x0,x1) x [y0,y1);
// clip mode intersects with the image), pixels outside the image read 0 (zero padding), sides capped at
// 32768 like CropSampler; the window is area-resampled to size x size (columns first, then rows, as
// AreaResample) and normalised: out = (v - mean) * scale. An empty window gives a crop of -mean*scale.
// Layout: planar 3 x H x W raw 0..255; boxes[count]; out count x 3 x size x size.
// count is the capacity; live (may be null) points at the device-side batch size: min(*live, count) crops are
// made, so no host round trip decides the batch.
// Launch: 1-D, one thread per output element in a grid-stride loop: any grid up to ceil(count*3*size*size / block)
// (CudaKernelSet caps it, so a cap-sized batch with few live crops costs a small fixed grid).
#include "common.cuh"

struct CropParams
{
    const float* planar;
    const Candidate* boxes;
    float* out;
    int count, width, height, size, clip;
    float mean, scale;
    const int* live;   // device-side batch size, or null: count
};

__device__ __forceinline__ void crop_element(const CropParams& p, long long i, int per)
{
    int n = (int)(i / per);
    int r = (int)(i - (long long)n * per);
    int c = r / (p.size * p.size);
    int rem = r - c * p.size * p.size;
    int oy = rem / p.size, ox = rem - oy * p.size;
    Candidate b = p.boxes[n];
    int x = box_coordinate(b.x1), y = box_coordinate(b.y1), ex = box_coordinate(b.x2), ey = box_coordinate(b.y2);
    if (p.clip)
    {
        x = max(x, 1); y = max(y, 1);
        ex = min(ex, p.width); ey = min(ey, p.height);
    }
    int wx0 = x - 1, wy0 = y - 1;
    int cw = ex - wx0, ch = ey - wy0;
    if (cw <= 0 || ch <= 0)
    {
        p.out[i] = -p.mean * p.scale;
        return;
    }
    cw = min(cw, 32768); ch = min(ch, 32768);
    int y0 = area_start(oy, ch, p.size), y1 = area_end(oy, ch, p.size);
    int x0 = area_start(ox, cw, p.size), x1 = area_end(ox, cw, p.size);
    const float* plane = p.planar + (long long)c * p.width * p.height;
    float columns = (float)(x1 - x0);
    float acc = 0.0f;
    for (int yy = y0; yy < y1; yy++)
    {
        int sy = wy0 + yy;
        float s = 0.0f;
        if (sy >= 0 && sy < p.height)
        {
            const float* row = plane + (long long)sy * p.width;
            for (int xx = x0; xx < x1; xx++)
            {
                int sx = wx0 + xx;
                s += (sx >= 0 && sx < p.width) ? row[sx] : 0.0f;
            }
        }
        acc += s / columns;
    }
    acc *= 1.0f / (float)(y1 - y0);
    p.out[i] = (acc - p.mean) * p.scale;
}

extern "C" __global__ void crop_resize(const CropParams params)
{
    CropParams p = params;
    p.count = live_count(p.live, p.count);
    int per = 3 * p.size * p.size;
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x;; i += (long long)gridDim.x * blockDim.x)
    {
        if (i >= (long long)p.count * per) return;
        crop_element(p, i, per);
    }
}
