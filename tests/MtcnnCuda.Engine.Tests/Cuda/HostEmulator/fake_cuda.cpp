// A fake libcuda.so.1 that runs the engine's kernels on the host (see emu_prelude.h). Implements exactly the
// driver entry points CudaDriver binds; device pointers are host addresses; streams and events are no-ops
// (everything completes at launch). Build and use: run.sh. The device calls itself a host emulator.
#include "emu_prelude.h"
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>
#include <functional>

emu_dim3 threadIdx, blockIdx, blockDim, gridDim;
unsigned char* emu_dynamic_shared;
float emu_shfl_slots[1024];

#include "kernels.inc"   // the kernel sources, with dynamic shared memory rewritten (run.sh)

namespace {
struct Kernel { const char* name; bool cooperative; std::function<void(void**)> call; std::function<void*(void**)> clone; };
#define K(name, type, coop) Kernel{#name, coop, [](void** a) { name(*(const type*)a[0]); }, \
    [](void** a) -> void* { return new type(*(const type*)a[0]); }}
std::vector<Kernel> kernels = {
    K(to_planar, ToPlanarParams, false), K(pyramid_area, PyramidParams, false), K(conv_prelu_pool, ConvParams, false),
    K(pnet_heads, PNetHeadsParams, false), K(nms_rank_sort, NmsSortParams, false), K(nms_mask, NmsMaskParams, true),
    K(nms_reduce, NmsReduceParams, true), K(crop_resize, CropParams, false), K(dense_prelu, DenseParams, true),
    K(stage_filter, FilterParams, false),
    K(align_warp, AlignWarpParams, false),
};

// Cooperative blocks: one ucontext fiber per thread; emu_yield returns to the scheduler, which runs every live
// fiber up to its next barrier before starting the next round.
ucontext_t scheduler;
std::vector<ucontext_t> fibers;
std::vector<std::vector<char>> stacks;
std::vector<bool> done;
std::vector<emu_dim3> fiberThread;
int current;
std::function<void(void**)>* fiberCall;
void** fiberArgs;

void fiber_main(int index)
{
    threadIdx = fiberThread[index];
    (*fiberCall)(fiberArgs);
    done[index] = true;
    swapcontext(&fibers[index], &scheduler);
}
}

void emu_yield()
{
    if (fibers.empty()) { std::fprintf(stderr, "fake_cuda: barrier in a non-cooperative kernel\n"); std::abort(); }
    swapcontext(&fibers[current], &scheduler);
    threadIdx = fiberThread[current];
}

static void run_block(Kernel& k, void** args, unsigned threads)
{
    if (!k.cooperative)
    {
        for (unsigned z = 0; z < blockDim.z; z++)
            for (unsigned y = 0; y < blockDim.y; y++)
                for (unsigned x = 0; x < blockDim.x; x++)
                {
                    threadIdx = {x, y, z};
                    k.call(args);
                }
        return;
    }
    fibers.assign(threads, ucontext_t{});
    stacks.resize(threads);
    done.assign(threads, false);
    fiberThread.resize(threads);
    fiberCall = &k.call;
    fiberArgs = args;
    for (unsigned i = 0; i < threads; i++)
    {
        stacks[i].resize(64 * 1024);
        fiberThread[i] = {i % blockDim.x, (i / blockDim.x) % blockDim.y, i / (blockDim.x * blockDim.y)};
        getcontext(&fibers[i]);
        fibers[i].uc_stack.ss_sp = stacks[i].data();
        fibers[i].uc_stack.ss_size = stacks[i].size();
        fibers[i].uc_link = nullptr;
        makecontext(&fibers[i], (void (*)())fiber_main, 1, (int)i);
    }
    for (;;)
    {
        bool any = false;
        for (unsigned i = 0; i < threads; i++)
        {
            if (done[i]) continue;
            any = true;
            current = (int)i;
            threadIdx = fiberThread[i];
            swapcontext(&scheduler, &fibers[i]);
        }
        if (!any) break;
    }
    fibers.clear();
}

extern "C" {
typedef int CUresult;
int cuInit(unsigned) { return 0; }
int cuDriverGetVersion(int* v) { *v = 12040; return 0; }
int cuDeviceGetCount(int* c) { *c = 1; return 0; }
int cuDeviceGet(int* d, int ordinal) { if (ordinal != 0) return 101; *d = 0; return 0; }
int cuDeviceGetAttribute(int* v, int attribute, int)
{
    switch (attribute)
    {
        case 75: *v = 8; break;            // compute capability 8.0
        case 76: *v = 0; break;
        case 16: *v = 1; break;
        case 1: *v = 1024; break;
        default: *v = 0; break;
    }
    return 0;
}
int cuDeviceGetName(char* name, int length, int) { std::snprintf(name, length, "MtcnnCuda host emulator (not a GPU)"); return 0; }
int cuDeviceTotalMem_v2(size_t* bytes, int) { *bytes = (size_t)8 << 30; return 0; }
int cuGetErrorName(int, const char** s) { *s = "emulated"; return 0; }
int cuGetErrorString(int, const char** s) { *s = "emulated"; return 0; }
int cuDevicePrimaryCtxRetain(void** ctx, int) { static int c; *ctx = &c; return 0; }
int cuDevicePrimaryCtxRelease_v2(int) { return 0; }
int cuCtxSetCurrent(void*) { return 0; }
int cuCtxGetCurrent(void** c) { *c = nullptr; return 0; }
int cuCtxSynchronize() { return 0; }
int cuModuleLoadData(void** m, const void*) { static int mod; *m = &mod; return 0; }
int cuModuleLoadDataEx(void** m, const void* image, unsigned, int*, void**) { return cuModuleLoadData(m, image); }
int cuModuleUnload(void*) { return 0; }
int cuModuleGetFunction(void** f, void*, const char* name)
{
    for (auto& k : kernels) if (std::string(k.name) == name) { *f = &k; return 0; }
    return 500;
}
// Stream capture: while capturing, launches and async copies are recorded (parameters copied) and replayed by
// cuGraphLaunch, so capture-then-replay logic runs here too. Synchronous calls during capture are not checked.
static bool capturing;
static std::vector<std::function<void()>>* recording;

static int launch_now(void* f, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz,
                   unsigned shared, void** params);

int cuLaunchKernel(void* f, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz,
                   unsigned shared, void*, void** params, void**)
{
    if (capturing)
    {
        void* copy = ((Kernel*)f)->clone(params);
        recording->push_back([=] { void* a[1] = {copy}; launch_now(f, gx, gy, gz, bx, by, bz, shared, a); });
        return 0;
    }
    return launch_now(f, gx, gy, gz, bx, by, bz, shared, params);
}

static int launch_now(void* f, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz,
                   unsigned shared, void** params)
{
    auto& k = *(Kernel*)f;
    if (bx * by * bz > 1024 || bx * by * bz == 0) return 1;
    gridDim = {gx, gy, gz};
    blockDim = {bx, by, bz};
    std::vector<unsigned char> dynamicShared(shared + 16);
    emu_dynamic_shared = dynamicShared.data();
    for (unsigned z = 0; z < gz; z++)
        for (unsigned y = 0; y < gy; y++)
            for (unsigned x = 0; x < gx; x++)
            {
                blockIdx = {x, y, z};
                run_block(k, params, bx * by * bz);
            }
    return 0;
}
int cuMemAlloc_v2(uint64_t* p, size_t bytes)
{
    void* m = nullptr;
    if (posix_memalign(&m, 256, bytes ? bytes : 1)) return 2;
    std::memset(m, 0xCD, bytes); // garbage, like fresh device memory
    *p = (uint64_t)m;
    return 0;
}
int cuMemFree_v2(uint64_t p) { std::free((void*)p); return 0; }
int cuMemsetD8_v2(uint64_t p, unsigned char v, size_t n) { std::memset((void*)p, v, n); return 0; }
int cuMemsetD8Async(uint64_t p, unsigned char v, size_t n, void*)
{
    if (capturing) { recording->push_back([=] { std::memset((void*)p, v, n); }); return 0; }
    std::memset((void*)p, v, n);
    return 0;
}
int cuMemsetD32Async(uint64_t p, unsigned v, size_t n, void*) { for (size_t i = 0; i < n; i++) ((unsigned*)p)[i] = v; return 0; }
int cuMemcpyHtoD_v2(uint64_t d, const void* s, size_t n) { std::memcpy((void*)d, s, n); return 0; }
int cuMemcpyDtoH_v2(void* d, uint64_t s, size_t n) { std::memcpy(d, (void*)s, n); return 0; }
int cuMemcpyDtoD_v2(uint64_t d, uint64_t s, size_t n) { std::memmove((void*)d, (void*)s, n); return 0; }
int cuMemcpyHtoDAsync_v2(uint64_t d, const void* s, size_t n, void*)
{
    if (capturing) { recording->push_back([=] { cuMemcpyHtoD_v2(d, s, n); }); return 0; }
    return cuMemcpyHtoD_v2(d, s, n);
}
int cuMemcpyDtoHAsync_v2(void* d, uint64_t s, size_t n, void*)
{
    if (capturing) { recording->push_back([=] { cuMemcpyDtoH_v2(d, s, n); }); return 0; }
    return cuMemcpyDtoH_v2(d, s, n);
}
int cuMemcpyDtoDAsync_v2(uint64_t d, uint64_t s, size_t n, void*)
{
    if (capturing) { recording->push_back([=] { cuMemcpyDtoD_v2(d, s, n); }); return 0; }
    return cuMemcpyDtoD_v2(d, s, n);
}
int cuMemHostAlloc(void** p, size_t bytes, unsigned) { *p = std::malloc(bytes ? bytes : 1); return *p ? 0 : 2; }
int cuMemFreeHost(void* p) { std::free(p); return 0; }
int cuStreamCreate(void** s, unsigned) { static int st; *s = &st; return 0; }
int cuStreamDestroy_v2(void*) { return 0; }
int cuStreamSynchronize(void*) { return 0; }
int cuEventCreate(void** e, unsigned) { static int ev; *e = &ev; return 0; }
int cuEventDestroy_v2(void*) { return 0; }
int cuEventRecord(void*, void*) { return 0; }
int cuEventSynchronize(void*) { return 0; }
int cuEventElapsedTime(float* ms, void*, void*) { *ms = 0; return 0; }
int cuStreamBeginCapture_v2(void*, int)
{
    if (capturing) return 401;
    capturing = true;
    recording = new std::vector<std::function<void()>>();
    return 0;
}
int cuStreamEndCapture(void*, void** graph)
{
    if (!capturing) return 903;
    capturing = false;
    *graph = recording;
    recording = nullptr;
    return 0;
}
int cuGraphInstantiateWithFlags(void** exec, void* graph, unsigned long long) { *exec = graph; return 0; }
int cuGraphLaunch(void* exec, void*)
{
    for (auto& step : *(std::vector<std::function<void()>>*)exec) step();
    return 0;
}
int cuGraphExecDestroy(void*) { return 0; }
int cuGraphDestroy(void* graph) { delete (std::vector<std::function<void()>>*)graph; return 0; }
}
