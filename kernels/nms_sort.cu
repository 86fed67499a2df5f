// nms_sort: puts every segment's boxes in the CPU's order (descending score, ties by ascending key — the stable
// sort of Nms.Select) for the NMS that follows (see NmsParams in common.cuh). Keys are the 64-bit order keys of
// common.cuh (score bits << 32 | inverted key), unique within a segment.
//  1. nms_sort_tiles: one block sorts one tile of NMS_SORT_TILE (2048) keys of one segment in shared memory with a
//     bitonic network sized to the next power of two of the tile's live boxes (padding key 0 sorts last), and
//     writes the sorted keys with their source positions to keys/positions[first + tile * 2048 ..].
//     Launch: grid (ceil(k / 2048), segments), block 256, 24 KiB static shared memory.
//     O(m log^2 m / 256) steps per block for a tile of m keys.
//  2. nms_sort_merge: one thread per box: its final rank is its rank in its own tile plus, for every other tile, the
//     number of keys there that come first (binary search; ties — impossible for unique keys — go to the lower
//     tile), then sorted[first + rank] = source[position]. A merge of all tiles at once, without extra passes.
//     Launch: grid (ceil(k / 256), segments), block 256. O(tiles * log 2048) per box: for 20,000 boxes 10 tiles.
#include "common.cuh"

extern "C" __global__ void nms_sort_tiles(const NmsParams p)
{
    __shared__ unsigned long long tile_keys[NMS_SORT_TILE];
    __shared__ int tile_positions[NMS_SORT_TILE];
    int s = blockIdx.y;
    int n = nms_live(p, s);
    int start = blockIdx.x * NMS_SORT_TILE;
    if (start >= n) return;
    int live = min(NMS_SORT_TILE, n - start);
    int m = 1;
    while (m < live) m <<= 1;
    const Candidate* source = nms_source(p, s);
    for (int i = threadIdx.x; i < m; i += blockDim.x)
    {
        tile_keys[i] = i < live ? order_key(source[start + i]) : 0ULL;
        tile_positions[i] = start + i;
    }
    __syncthreads();
    for (int size = 2; size <= m; size <<= 1)
        for (int stride = size >> 1; stride > 0; stride >>= 1)
        {
            for (int pair = threadIdx.x; pair < (m >> 1); pair += blockDim.x)
            {
                int i = (pair / stride) * 2 * stride + pair % stride, j = i + stride;
                bool descending = (i & size) == 0;
                unsigned long long a = tile_keys[i], b = tile_keys[j];
                if ((a < b) == descending)
                {
                    tile_keys[i] = b;
                    tile_keys[j] = a;
                    int t = tile_positions[i];
                    tile_positions[i] = tile_positions[j];
                    tile_positions[j] = t;
                }
            }
            __syncthreads();
        }
    for (int i = threadIdx.x; i < live; i += blockDim.x)
    {
        p.keys[p.first[s] + start + i] = tile_keys[i];
        p.positions[p.first[s] + start + i] = tile_positions[i];
    }
}

// Keys of tiles[begin, end) (descending) that come before `key`: greater ones, and equal ones when or_equal.
__device__ __forceinline__ int keys_before(const unsigned long long* keys, int begin, int end, unsigned long long key, bool or_equal)
{
    int lo = begin, hi = end;
    while (lo < hi)
    {
        int mid = (lo + hi) >> 1;
        bool before = or_equal ? keys[mid] >= key : keys[mid] > key;
        if (before) lo = mid + 1; else hi = mid;
    }
    return lo - begin;
}

extern "C" __global__ void nms_sort_merge(const NmsParams p)
{
    int s = blockIdx.y;
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    int n = nms_live(p, s);
    if (i >= n) return;
    const unsigned long long* keys = p.keys + p.first[s];
    unsigned long long key = keys[i];
    int own = i / NMS_SORT_TILE;
    int rank = i - own * NMS_SORT_TILE;
    for (int t = 0; t * NMS_SORT_TILE < n; t++)
        if (t != own) rank += keys_before(keys, t * NMS_SORT_TILE, min(n, (t + 1) * NMS_SORT_TILE), key, t < own);
    p.sorted[p.first[s] + rank] = nms_source(p, s)[p.positions[p.first[s] + i]];
}
