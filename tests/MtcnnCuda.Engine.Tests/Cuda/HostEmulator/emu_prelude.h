// Host emulation of the CUDA C subset the kernels use, so the real kernel sources can run on a CPU inside a
// fake libcuda (fake_cuda.cpp). A development check of the engine's orchestration without a GPU — never a
// substitute for the GPU tests. Blocks run one after another, so `static` locals behave as __shared__; they live
// in the emu_shared section, which the emulator fills with 0xFF before every block (uninitialised shared memory).
#pragma once
#include <cmath>
#include <cstdint>
#include <cstring>
#include <algorithm>

struct emu_dim3 { unsigned x = 1, y = 1, z = 1; };
extern emu_dim3 threadIdx, blockIdx, blockDim, gridDim;
extern unsigned char* emu_dynamic_shared;
void emu_yield();   // a block-wide barrier: switches to the next thread of the block

#define __global__
#define __device__
#define __forceinline__ inline
#define __shared__ static __attribute__((section("emu_shared")))
inline void __syncthreads() { emu_yield(); }

using std::min;
using std::max;
inline float __fadd_rn(float a, float b) { return a + b; }
inline float __fsub_rn(float a, float b) { return a - b; }
inline float __fmul_rn(float a, float b) { return a * b; }
inline float __fdiv_rn(float a, float b) { return a / b; }
inline float __int_as_float(int v) { float f; std::memcpy(&f, &v, 4); return f; }
inline int __float_as_int(float f) { int v; std::memcpy(&v, &f, 4); return v; }
// Threads of a block run one at a time (fibers switch only at barriers), so a plain add is atomic here.
inline int atomicAdd(int* p, int v) { int old = *p; *p += v; return old; }

extern float emu_shfl_slots[1024];
inline float __shfl_down_sync(unsigned, float v, int offset)
{
    unsigned tid = threadIdx.y * blockDim.x + threadIdx.x;
    unsigned lane = threadIdx.x % 32;
    emu_shfl_slots[tid] = v;
    emu_yield();
    float r = lane + offset < 32 ? emu_shfl_slots[tid + offset] : v;
    emu_yield();
    return r;
}

// Warp intrinsics of the NMS greedy pass (kernels/nms.cu). Lanes are the block's threads tid / 32 * 32 .. + 31 (a
// warp); like __shfl_down_sync, every thread of the block must reach the call (two block-wide yields: all values
// are published before any is read, and read before the slots are reused).
extern unsigned long long emu_warp_slots[1024];
inline unsigned emu_thread_index() { return (threadIdx.z * blockDim.y + threadIdx.y) * blockDim.x + threadIdx.x; }
inline void __syncwarp(unsigned = 0xFFFFFFFFu) { emu_yield(); }
inline unsigned __ballot_sync(unsigned mask, int predicate)
{
    unsigned tid = emu_thread_index(), threads = blockDim.x * blockDim.y * blockDim.z, warp = tid / 32 * 32;
    emu_warp_slots[tid] = predicate != 0;
    emu_yield();
    unsigned bits = 0;
    for (unsigned lane = 0; lane < 32 && warp + lane < threads; lane++)
        if (emu_warp_slots[warp + lane]) bits |= 1u << lane;
    emu_yield();
    return bits & mask;
}
template <typename T> inline T __shfl_sync(unsigned, T v, int src_lane)
{
    static_assert(sizeof(T) <= sizeof(unsigned long long), "__shfl_sync emulates values of up to 8 bytes");
    unsigned tid = emu_thread_index(), threads = blockDim.x * blockDim.y * blockDim.z, source = tid / 32 * 32 + (unsigned)(src_lane & 31);
    std::memcpy(&emu_warp_slots[tid], &v, sizeof(T));
    emu_yield();
    T r = v;
    if (source < threads) std::memcpy(&r, &emu_warp_slots[source], sizeof(T));
    emu_yield();
    return r;
}
inline int __ffsll(long long v) { return __builtin_ffsll(v); }
inline int __ffs(int v) { return __builtin_ffs(v); }
inline int __popcll(unsigned long long v) { return __builtin_popcountll(v); }
inline int __popc(unsigned v) { return __builtin_popcount(v); }
// Threads switch only at barriers, so a plain read-modify-write is atomic here (as atomicAdd above).
inline unsigned long long atomicOr(unsigned long long* p, unsigned long long v) { unsigned long long old = *p; *p |= v; return old; }
// CUDA's vector types (16/8-byte aligned, as on the GPU: UBSan checks the alignment of float4 loads).
struct alignas(8) float2 { float x, y; };
struct alignas(16) float4 { float x, y, z, w; };
inline int __ffs(unsigned v) { return __builtin_ffs((int)v); }
// Launch bounds only guide the register allocator of a real compiler.
#define __launch_bounds__(...)
