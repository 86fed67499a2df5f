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

// Launch bounds only guide the register allocator of a real compiler.
#define __launch_bounds__(...)

// CUDA's vector types (their alignment, so float4 shared arrays can be read as 16-byte units on a GPU).
struct alignas(8) float2 { float x, y; };
struct alignas(16) float4 { float x, y, z, w; };

// Bit intrinsics.
inline int __popc(unsigned v) { return __builtin_popcount(v); }
inline int __ffs(int v) { return __builtin_ffs(v); }
inline int __ffs(unsigned v) { return __builtin_ffs((int)v); }

// Warp vote and int shuffle, emulated like __shfl_down_sync with block-wide yields: every thread of the block
// must reach them (blocks are whole warps). Each lane publishes its value, then reads its warp's 32 slots.
inline int emu_warp_slots[1024];
inline unsigned __ballot_sync(unsigned, int predicate)
{
    unsigned tid = threadIdx.y * blockDim.x + threadIdx.x, warp = tid - tid % 32;
    emu_warp_slots[tid] = predicate != 0;
    emu_yield();
    unsigned bits = 0;
    for (unsigned i = 0; i < 32; i++) if (emu_warp_slots[warp + i]) bits |= 1u << i;
    emu_yield();
    return bits;
}
inline int __shfl_sync(unsigned, int v, int src)
{
    unsigned tid = threadIdx.y * blockDim.x + threadIdx.x, warp = tid - tid % 32;
    emu_warp_slots[tid] = v;
    emu_yield();
    int r = emu_warp_slots[warp + (src & 31)];
    emu_yield();
    return r;
}
