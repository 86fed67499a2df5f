// pack_faces: the cascade's result in one compact block, so one device->host copy brings the faces back.
//   n = min(*count, capacity) faces; out[0] = n (int bits), out[1..3] = 0;
//   face f at out[4 + 15 f ..]: x1, y1, x2, y2, score of faces[f], then its five landmarks as x1, y1, ..., x5, y5
//   taken from marks[10 * faces[f].key] (stage_filter wrote them per ONet batch row; key is that row).
// Layout: faces[capacity] Candidate; marks rows x 10 floats (row = key); out 4 + 15 * capacity floats.
// Launch: 1-D grid-stride over the faces (any grid; one block is plenty for the few faces ONet keeps).
#include "common.cuh"

struct PackFacesParams
{
    const Candidate* faces;
    const int* count;
    const float* marks;
    float* out;
    int capacity;
};

extern "C" __global__ void pack_faces(const PackFacesParams p)
{
    int n = min(*p.count, p.capacity);
    int first = blockIdx.x * blockDim.x + threadIdx.x;
    if (first == 0)
    {
        p.out[0] = __int_as_float(n);
        p.out[1] = p.out[2] = p.out[3] = 0.0f;
    }
    for (int f = first; f < n; f += gridDim.x * blockDim.x)
    {
        Candidate c = p.faces[f];
        float* o = p.out + 4 + 15 * f;
        o[0] = c.x1; o[1] = c.y1; o[2] = c.x2; o[3] = c.y2; o[4] = c.score;
        const float* m = p.marks + 10LL * c.key;
        for (int k = 0; k < 10; k++) o[5 + k] = m[k];
    }
}
