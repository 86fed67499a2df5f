// A fake libcuda.so.1 that runs the engine's kernels on the host (see emu_prelude.h). Implements exactly the
// driver entry points CudaDriver binds; device pointers are host addresses. Build and use: run.sh. The device
// calls itself a host emulator. Stricter than a GPU where it can be, so bugs a GPU exposes show up here:
//  - fresh device allocations and every block's shared memory are filled with 0xFF (NaN / -1), never zero;
//  - blocks run in a shuffled order and the threads of a block resume from barriers in a shuffled order when
//    FAKECUDA_ORDER is a seed > 0 (0: natural order);
//  - launches beyond the device limits fail: > 1024 threads per block, block x/y > 1024 or z > 64, grid y/z
//    > 65535, static + dynamic shared memory > 48 KiB (or > the MAX_DYNAMIC_SHARED_SIZE_BYTES attribute set
//    with cuFuncSetAttribute), a params struct > 4 KiB;
//  - streams are asynchronous: queued work (launches, async copies, memsets, graph launches) runs on a worker
//    thread only when the host synchronises (stream, event or context), so a missing synchronisation reads
//    stale data; synchronous calls on the legacy stream do not wait for the non-blocking streams;
//  - contexts form a per-thread stack (push/pop/set/get, cuCtxCreate for a host's own context);
//  - every stream, event and device allocation remembers its context (cuPointerGetAttribute, cuStreamGetCtx);
//    each stream captures on its own; events time the queued work with the host clock when it runs;
//    cuMemHostRegister refuses overlapping ranges and cuMemHostUnregister unknown ones, as the driver does;
//  - fakecuda_inject_fault(launches, code) makes a later launch fail with a sticky error: every call after it
//    returns that code until cuDevicePrimaryCtxReset;
//  - fakecuda_counters(out, n) reports how often the host synchronised, launched graphs and kernels (outside a
//    capture), captured, and allocated device or pinned memory, so tests can count round trips per call.
#include "emu_prelude.h"
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/common_interface_defs.h>
#endif

emu_dim3 threadIdx, blockIdx, blockDim, gridDim;
unsigned char* emu_dynamic_shared;
float emu_shfl_slots[1024];
unsigned long long emu_warp_slots[1024];

#include "kernels.inc"   // the kernel sources, with dynamic shared memory rewritten (run.sh)

extern "C" unsigned char __start_emu_shared[] __attribute__((weak));
extern "C" unsigned char __stop_emu_shared[] __attribute__((weak));

namespace {
enum { Success = 0, InvalidValue = 1, OutOfMemory = 2, InvalidContext = 201, InvalidHandle = 400, NotFound = 500 };

struct Kernel
{
    const char* name; bool cooperative; size_t paramBytes;
    std::function<void(void**)> call; std::function<void*(void**)> clone;
    int staticShared = 0, maxDynamicShared = 48 * 1024;
};
#define K(name, type, coop) Kernel{#name, coop, sizeof(type), [](void** a) { name(*(const type*)a[0]); }, \
    [](void** a) -> void* { return new type(*(const type*)a[0]); }}
std::vector<Kernel> kernels = {
    K(row_sums, RowSumsParams, true), K(pnet_fused, PNetFusedParams, true),
    K(nms_mask, NmsParams, true),
    K(top_k_select, NmsParams, true), K(top_k_compact, NmsParams, false),
    K(nms_sort_tiles, NmsParams, true), K(nms_sort_merge, NmsParams, false),
    K(nms_greedy, NmsParams, true), K(nms_gather, NmsParams, false),
    K(crop_net_conv, CropConvParams, true), K(crop_net_dense, CropDenseParams, true), K(crop_net_heads, CropHeadsParams, true),
    K(align_warp, AlignWarpParams, false), K(pack_faces, PackFacesParams, false),
};
struct StaticShared { const char* name; int bytes; };
const StaticShared staticShared[] = {
#include "static_shared.inc"
    {nullptr, 0},
};
const int SharedPerBlock = 48 * 1024, SharedOptIn = 163 * 1024, ParamLimit = 4096;

unsigned order_seed() { static unsigned seed = [] { const char* s = std::getenv("FAKECUDA_ORDER"); return s ? (unsigned)std::strtoul(s, nullptr, 10) : 0u; }(); return seed; }
std::mt19937 rng(order_seed());

template <class T> void maybe_shuffle(std::vector<T>& v) { if (order_seed() != 0) std::shuffle(v.begin(), v.end(), rng); }

// Cooperative blocks: one fiber (own stack) per thread; emu_yield switches back to the scheduler, which runs
// every live fiber up to its next barrier (in a shuffled order when FAKECUDA_ORDER > 0) before the next round.
// The switch is a few instructions of x86-64 assembly (emu_switch: save the callee-saved registers and the stack
// pointer, load the other's): no system call, unlike swapcontext (signal mask) or _longjmp under ASan (signal
// stack) — a test run switches millions of times. AddressSanitizer is told about every stack switch.
asm(R"(
    .text
    .globl emu_switch
    .hidden emu_switch
    .type emu_switch, @function
emu_switch:
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    movq %rsp, (%rdi)
    movq %rsi, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret
    .size emu_switch, .-emu_switch
)");
extern "C" void emu_switch(void** save, void* target);

struct Fiber { void* sp; bool done; emu_dim3 thread; void* fakeStack; };
std::vector<Fiber> fibers;
std::vector<std::vector<char>> stacks;
void* schedulerSp;
void* schedulerFakeStack;
const void* schedulerStackBottom;
size_t schedulerStackSize;
int current;
std::function<void(void**)>* fiberCall;
void** fiberArgs;
const size_t FiberStack = 64 * 1024;

inline void before_switch(void** save, const void* bottom, size_t size)
{
#if defined(__SANITIZE_ADDRESS__)
    __sanitizer_start_switch_fiber(save, bottom, size);
#else
    (void)save; (void)bottom; (void)size;
#endif
}

inline void after_switch(void* save, const void** bottom, size_t* size)
{
#if defined(__SANITIZE_ADDRESS__)
    __sanitizer_finish_switch_fiber(save, bottom, size);
#else
    (void)save; (void)bottom; (void)size;
#endif
}

[[noreturn]] __attribute__((no_sanitize_address)) void fiber_entry()
{
    after_switch(nullptr, &schedulerStackBottom, &schedulerStackSize);
    int index = current;
    threadIdx = fibers[index].thread;
    (*fiberCall)(fiberArgs);
    fibers[index].done = true;
    before_switch(nullptr, schedulerStackBottom, schedulerStackSize);
    void* unused;
    emu_switch(&unused, schedulerSp);
    __builtin_unreachable();
}

// A fresh fiber's stack as emu_switch leaves a suspended one: six saved registers, then the "return address"
// fiber_entry, placed so that the stack is ABI-aligned on entry.
__attribute__((no_sanitize_address)) void* fresh_stack(std::vector<char>& stack)
{
    auto top = (uintptr_t)(stack.data() + stack.size()) & ~(uintptr_t)15;
    auto* slots = (void**)(top - 16);
    slots[0] = (void*)&fiber_entry;
    for (int r = 1; r <= 6; r++) slots[-r] = nullptr;
    return slots - 6;
}

void resume(unsigned i)
{
    current = (int)i;
    before_switch(&schedulerFakeStack, stacks[i].data(), FiberStack);
    emu_switch(&schedulerSp, fibers[i].sp);
    after_switch(schedulerFakeStack, nullptr, nullptr);
}
}

void emu_yield()
{
    if (fibers.empty()) { std::fprintf(stderr, "fake_cuda: barrier in a non-cooperative kernel\n"); std::abort(); }
    int index = current;
    before_switch(&fibers[index].fakeStack, schedulerStackBottom, schedulerStackSize);
    emu_switch(&fibers[index].sp, schedulerSp);
    after_switch(fibers[index].fakeStack, nullptr, nullptr);
    threadIdx = fibers[index].thread;
}

static void run_block(Kernel& k, void** args, unsigned threads)
{
    std::vector<unsigned> order(threads);
    for (unsigned i = 0; i < threads; i++) order[i] = i;
    auto thread_of = [](unsigned i) { return emu_dim3{i % blockDim.x, (i / blockDim.x) % blockDim.y, i / (blockDim.x * blockDim.y)}; };
    if (!k.cooperative)
    {
        maybe_shuffle(order);
        for (unsigned i : order)
        {
            threadIdx = thread_of(i);
            k.call(args);
        }
        return;
    }
    fibers.assign(threads, Fiber{});
    if (stacks.size() < threads) stacks.resize(threads);
    for (unsigned i = 0; i < threads; i++)
    {
        if (stacks[i].size() != FiberStack) stacks[i].resize(FiberStack);
        fibers[i].thread = thread_of(i);
        fibers[i].sp = fresh_stack(stacks[i]);
    }
    fiberCall = &k.call;
    fiberArgs = args;
    for (;;)
    {
        bool any = false;
        maybe_shuffle(order);
        for (unsigned i : order)
        {
            if (fibers[i].done) continue;
            any = true;
            resume(i);
        }
        if (!any) break;
    }
    fibers.clear();
}

// Sticky errors and the asynchronous queue (one for every stream: their order is the order of issue).
static int sticky;                 // a sticky error code, or 0
static int faultAfter = -1, faultCode;
static std::vector<std::function<void()>> queue;
static std::mutex queueLock, flushLock;

static void launch_now(Kernel& k, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz, unsigned shared, void** params)
{
    if (sticky) return; // a faulted context runs nothing more
    if (faultAfter == 0) { sticky = faultCode; faultAfter = -1; std::fprintf(stderr, "fake_cuda: injected fault %d in kernel '%s'\n", faultCode, k.name); return; }
    if (faultAfter > 0) faultAfter--;
    gridDim = {gx, gy, gz};
    blockDim = {bx, by, bz};
    std::vector<unsigned char> dynamicShared(shared + 16);
    emu_dynamic_shared = dynamicShared.data();
    std::vector<emu_dim3> blocks;
    for (unsigned z = 0; z < gz; z++)
        for (unsigned y = 0; y < gy; y++)
            for (unsigned x = 0; x < gx; x++) blocks.push_back({x, y, z});
    maybe_shuffle(blocks);
    for (auto& b : blocks)
    {
        // Shared memory starts as garbage in every block: a kernel that relies on zeroes or on a value from an
        // earlier block is wrong on a GPU.
        std::memset(dynamicShared.data(), 0xFF, dynamicShared.size());
        if (__start_emu_shared && __stop_emu_shared) std::memset(__start_emu_shared, 0xFF, __stop_emu_shared - __start_emu_shared);
        blockIdx = b;
        run_block(k, params, bx * by * bz);
    }
}

// Runs the queued work on a worker thread (kernels on the host thread would share its thread-local state; the
// engine must not depend on where or when the device runs) and waits for it.
static void flush()
{
    std::lock_guard<std::mutex> one(flushLock);
    std::vector<std::function<void()>> work;
    { std::lock_guard<std::mutex> g(queueLock); work.swap(queue); }
    if (work.empty()) return;
    std::thread worker([&] { for (auto& step : work) step(); });
    worker.join();
}

static void enqueue(std::function<void()> step) { std::lock_guard<std::mutex> g(queueLock); queue.push_back(std::move(step)); }

// Contexts: the primary context and any created ones are plain tokens; each thread has a stack of them.
static int primaryContext;
static thread_local std::vector<void*> contextStack;

extern "C" {
typedef int CUresult;

// Host-side call counters (fakecuda_counters): what a test can count per Detect.
enum { SyncCalls, GraphLaunches, EagerLaunches, Captures, Allocations, EagerCopies, CounterCount };
static long long counters[CounterCount];

// Test hook: copies min(n, CounterCount) counters to out: host synchronisations (stream, event, context), graph
// launches, kernel launches outside a capture, stream captures begun, device + pinned allocations, and async
// copies/memsets outside a capture.
void fakecuda_counters(long long* out, int n) { for (int i = 0; i < n && i < CounterCount; i++) out[i] = counters[i]; }

// Test hook: the launch after `launches` more launches faults with `code` (e.g. 700, illegal address).
void fakecuda_inject_fault(int launches, int code) { flush(); faultAfter = launches; faultCode = code; }

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
        case 8: *v = SharedPerBlock; break;
        default: *v = 0; break;
    }
    return 0;
}
int cuDeviceGetName(char* name, int length, int) { std::snprintf(name, length, "MtcnnCuda host emulator (not a GPU)"); return 0; }
int cuDeviceTotalMem_v2(size_t* bytes, int) { *bytes = (size_t)8 << 30; return 0; }
int cuGetErrorName(int, const char** s) { *s = "emulated"; return 0; }
int cuGetErrorString(int, const char** s) { *s = "emulated"; return 0; }
int cuDevicePrimaryCtxRetain(void** ctx, int) { *ctx = &primaryContext; return 0; }
int cuDevicePrimaryCtxRelease_v2(int) { return 0; }
int cuDevicePrimaryCtxReset_v2(int) { { std::lock_guard<std::mutex> g(queueLock); queue.clear(); } sticky = 0; faultAfter = -1; return 0; }
int cuCtxSetCurrent(void* c)
{
    if (contextStack.empty()) { if (c) contextStack.push_back(c); }
    else if (c) contextStack.back() = c;
    else contextStack.pop_back();
    return 0;
}
int cuCtxGetCurrent(void** c) { *c = contextStack.empty() ? nullptr : contextStack.back(); return 0; }
int cuCtxPushCurrent_v2(void* c) { if (!c) return InvalidContext; contextStack.push_back(c); return 0; }
int cuCtxPopCurrent_v2(void** c)
{
    if (contextStack.empty()) return InvalidContext;
    if (c) *c = contextStack.back();
    contextStack.pop_back();
    return 0;
}
int cuCtxCreate_v2(void** c, unsigned, int) { *c = new int(0); contextStack.push_back(*c); return 0; }
int cuCtxDestroy_v2(void* c)
{
    for (size_t i = contextStack.size(); i-- > 0;) if (contextStack[i] == c) contextStack.erase(contextStack.begin() + i);
    if (c != &primaryContext) delete (int*)c;
    return 0;
}
static bool ours_current() { return !contextStack.empty() && contextStack.back() == &primaryContext; }
static void* current_context() { return contextStack.empty() ? nullptr : contextStack.back(); }
int cuCtxSynchronize() { counters[SyncCalls]++; flush(); return sticky; }
int cuModuleLoadData(void** m, const void*) { static int mod; *m = &mod; return sticky; }
int cuModuleLoadDataEx(void** m, const void* image, unsigned, int*, void**) { return cuModuleLoadData(m, image); }
int cuModuleUnload(void*) { return sticky; }
int cuModuleGetFunction(void** f, void*, const char* name)
{
    for (auto& k : kernels)
        if (std::string(k.name) == name)
        {
            for (auto* s = staticShared; s->name; s++) if (std::string(s->name) == name) k.staticShared = s->bytes;
            *f = &k;
            return sticky;
        }
    return NotFound;
}
int cuFuncGetAttribute(int* value, int attribute, void* f)
{
    auto& k = *(Kernel*)f;
    switch (attribute)
    {
        case 0: *value = 1024; return 0;
        case 1: *value = k.staticShared; return 0;
        case 8: *value = k.maxDynamicShared - k.staticShared; return 0;
        default: return InvalidValue;
    }
}
int cuFuncSetAttribute(void* f, int attribute, int value)
{
    auto& k = *(Kernel*)f;
    if (attribute != 8 || value < 0 || value + k.staticShared > SharedOptIn) return InvalidValue;
    k.maxDynamicShared = std::max(SharedPerBlock, value + k.staticShared);
    return 0;
}

// Stream capture: while a stream captures, launches and async copies issued to it are recorded (parameters
// copied) and replayed by cuGraphLaunch, so capture-then-replay logic runs here too; other streams (another thread's
// detector) keep running. Synchronous calls during capture are not checked. The legacy stream (0) never captures.
struct Stream { void* context; bool capturing; std::vector<std::function<void()>>* recording; };

static void record_or_enqueue(void* stream, std::function<void()> step, int eagerCounter = EagerCopies)
{
    auto* s = (Stream*)stream;
    if (s && (uintptr_t)s > 2 && s->capturing) s->recording->push_back(std::move(step));
    else { counters[eagerCounter]++; enqueue(std::move(step)); }
}

static int refuse(const char* kernel, const char* why)
{
    std::fprintf(stderr, "fake_cuda: launch of '%s' refused: %s\n", kernel, why);
    return InvalidValue;
}

int cuLaunchKernel(void* f, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz,
                   unsigned shared, void* stream, void** params, void**)
{
    if (sticky) return sticky;
    if (!ours_current()) return InvalidContext;
    auto& k = *(Kernel*)f;
    if ((unsigned long long)bx * by * bz > 1024 || bx * by * bz == 0) return refuse(k.name, "more than 1024 threads per block");
    if (bx > 1024 || by > 1024 || bz > 64) return refuse(k.name, "block dimension over 1024 x 1024 x 64");
    if (gx == 0 || gy == 0 || gz == 0 || gx > 0x7FFFFFFFu || gy > 65535 || gz > 65535) return refuse(k.name, "grid dimension 0 or over (2^31-1) x 65535 x 65535");
    if ((long long)shared + k.staticShared > k.maxDynamicShared)
        return refuse(k.name, "static + dynamic shared memory over the per-block limit (48 KiB without cuFuncSetAttribute)");
    if (k.paramBytes > (size_t)ParamLimit) return refuse(k.name, "kernel parameters over 4 KiB");
    void* copy = k.clone(params);
    record_or_enqueue(stream, [=, &k] { void* a[1] = {copy}; launch_now(k, gx, gy, gz, bx, by, bz, shared, a); }, EagerLaunches);
    return 0;
}
// Every allocation the driver knows: device memory with its context, pinned host memory, registered host ranges.
struct Allocation { size_t bytes; void* context; int memoryType; bool registered; };
static std::map<uintptr_t, Allocation> allocations;
static std::mutex allocationLock;
static void* current_context();

static std::map<uintptr_t, Allocation>::iterator find_allocation(uintptr_t p)
{
    auto it = allocations.upper_bound(p);
    if (it == allocations.begin()) return allocations.end();
    --it;
    return p < it->first + std::max<size_t>(it->second.bytes, 1) ? it : allocations.end();
}

int cuMemAlloc_v2(uint64_t* p, size_t bytes)
{
    if (sticky) return sticky;
    void* m = std::malloc(bytes ? bytes : 1);
    if (!m) return OutOfMemory;
    counters[Allocations]++;
    std::memset(m, 0xFF, bytes); // garbage (NaN as float, -1 as int), like fresh device memory
    *p = (uint64_t)m;
    std::lock_guard<std::mutex> g(allocationLock);
    allocations[(uintptr_t)m] = {bytes, current_context(), 2, false};
    return 0;
}
int cuMemFree_v2(uint64_t p)
{
    if (sticky) return sticky;
    { std::lock_guard<std::mutex> g(allocationLock); allocations.erase((uintptr_t)p); }
    std::free((void*)p);
    return 0;
}
int cuMemsetD8_v2(uint64_t p, unsigned char v, size_t n) { if (sticky) return sticky; std::memset((void*)p, v, n); return 0; }
int cuMemsetD8Async(uint64_t p, unsigned char v, size_t n, void* stream)
{
    if (sticky) return sticky;
    record_or_enqueue(stream, [=] { std::memset((void*)p, v, n); });
    return 0;
}
int cuMemsetD32Async(uint64_t p, unsigned v, size_t n, void* stream)
{
    if (sticky) return sticky;
    record_or_enqueue(stream, [=] { for (size_t i = 0; i < n; i++) ((unsigned*)p)[i] = v; });
    return 0;
}
// Synchronous copies run at once on the legacy stream, which does not wait for non-blocking streams.
int cuMemcpyHtoD_v2(uint64_t d, const void* s, size_t n) { if (sticky) return sticky; if (n) std::memcpy((void*)d, s, n); return 0; }
int cuMemcpyDtoH_v2(void* d, uint64_t s, size_t n) { if (sticky) return sticky; if (n) std::memcpy(d, (void*)s, n); return 0; }
int cuMemcpyDtoD_v2(uint64_t d, uint64_t s, size_t n) { if (sticky) return sticky; if (n) std::memmove((void*)d, (void*)s, n); return 0; }
int cuMemcpyHtoDAsync_v2(uint64_t d, const void* s, size_t n, void* stream)
{
    if (sticky) return sticky;
    record_or_enqueue(stream, [=] { if (n) std::memcpy((void*)d, s, n); });
    return 0;
}
int cuMemcpyDtoHAsync_v2(void* d, uint64_t s, size_t n, void* stream)
{
    if (sticky) return sticky;
    record_or_enqueue(stream, [=] { if (n) std::memcpy(d, (void*)s, n); });
    return 0;
}
int cuMemcpyDtoDAsync_v2(uint64_t d, uint64_t s, size_t n, void* stream)
{
    if (sticky) return sticky;
    record_or_enqueue(stream, [=] { if (n) std::memmove((void*)d, (void*)s, n); });
    return 0;
}
int cuMemHostAlloc(void** p, size_t bytes, unsigned)
{
    if (sticky) return sticky;
    *p = std::malloc(bytes ? bytes : 1);
    if (*p) std::memset(*p, 0xFF, bytes);
    counters[Allocations]++;
    if (!*p) return OutOfMemory;
    std::lock_guard<std::mutex> g(allocationLock);
    allocations[(uintptr_t)*p] = {bytes, current_context(), 1, false};
    return 0;
}
int cuMemFreeHost(void* p)
{
    { std::lock_guard<std::mutex> g(allocationLock); allocations.erase((uintptr_t)p); }
    std::free(p);
    return sticky;
}
enum { HostMemoryAlreadyRegistered = 712, HostMemoryNotRegistered = 713, NotReady = 600 };
int cuMemHostRegister_v2(void* p, size_t bytes, unsigned)
{
    if (sticky) return sticky;
    if (!p || bytes == 0) return InvalidValue;
    std::lock_guard<std::mutex> g(allocationLock);
    auto next = allocations.lower_bound((uintptr_t)p);
    if (find_allocation((uintptr_t)p) != allocations.end() || (next != allocations.end() && next->first < (uintptr_t)p + bytes))
        return HostMemoryAlreadyRegistered;
    allocations[(uintptr_t)p] = {bytes, current_context(), 1, true};
    return 0;
}
int cuMemHostUnregister(void* p)
{
    if (sticky) return sticky;
    std::lock_guard<std::mutex> g(allocationLock);
    auto it = allocations.find((uintptr_t)p);
    if (it == allocations.end() || !it->second.registered) return HostMemoryNotRegistered;
    allocations.erase(it);
    return 0;
}
int cuMemHostGetDevicePointer_v2(uint64_t* d, void* p, unsigned flags)
{
    if (sticky) return sticky;
    if (flags != 0) return InvalidValue;
    std::lock_guard<std::mutex> g(allocationLock);
    auto it = find_allocation((uintptr_t)p);
    if (it == allocations.end() || it->second.memoryType != 1) return InvalidValue;
    *d = (uint64_t)p; // unified addressing: the host address is the device address
    return 0;
}
int cuPointerGetAttribute(void* data, int attribute, uint64_t p)
{
    std::lock_guard<std::mutex> g(allocationLock);
    auto it = find_allocation((uintptr_t)p);
    if (it == allocations.end()) return InvalidValue;
    switch (attribute)
    {
        case 1: *(void**)data = it->second.context; return 0;        // CU_POINTER_ATTRIBUTE_CONTEXT
        case 2: *(unsigned*)data = it->second.memoryType; return 0;  // CU_POINTER_ATTRIBUTE_MEMORY_TYPE
        case 9: *(int*)data = 0; return 0;                          // CU_POINTER_ATTRIBUTE_DEVICE_ORDINAL
        default: return InvalidValue;
    }
}
int cuMemGetAddressRange_v2(uint64_t* base, size_t* bytes, uint64_t p)
{
    std::lock_guard<std::mutex> g(allocationLock);
    auto it = find_allocation((uintptr_t)p);
    if (it == allocations.end() || it->second.memoryType != 2) return NotFound;
    if (base) *base = it->first;
    if (bytes) *bytes = it->second.bytes;
    return 0;
}
int cuStreamCreate(void** s, unsigned) { if (sticky) return sticky; *s = new Stream{current_context(), false, nullptr}; return 0; }
int cuStreamDestroy_v2(void* s) { if ((uintptr_t)s > 2) delete (Stream*)s; return sticky; }
int cuStreamSynchronize(void*) { counters[SyncCalls]++; flush(); return sticky; }
int cuStreamGetCtx(void* s, void** c)
{
    if ((uintptr_t)s <= 2) { *c = current_context(); return *c ? 0 : InvalidContext; } // legacy / per-thread handles
    *c = ((Stream*)s)->context;
    return 0;
}
// Events: a record is a queued step that stamps the host clock when the work before it has run; elapsed time is
// the difference of two stamps (the emulator's, not a GPU's). Timing-disabled events refuse, as the driver does.
struct Event { bool timing; bool stamped; double ms; };
static double now_ms() { return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count(); }
int cuEventCreate(void** e, unsigned flags) { if (sticky) return sticky; *e = new Event{(flags & 2) == 0, false, 0}; return 0; }
int cuEventDestroy_v2(void* e) { delete (Event*)e; return sticky; }
int cuEventRecord(void* e, void* stream)
{
    if (sticky) return sticky;
    if (!e) return InvalidHandle;
    auto* ev = (Event*)e;
    ev->stamped = false;
    record_or_enqueue(stream, [ev] { ev->ms = now_ms(); ev->stamped = true; });
    return 0;
}
int cuEventSynchronize(void*) { counters[SyncCalls]++; flush(); return sticky; }
int cuEventElapsedTime(float* ms, void* start, void* end)
{
    if (sticky) return sticky;
    auto *a = (Event*)start, *b = (Event*)end;
    if (!a || !b || !a->timing || !b->timing) return InvalidHandle;
    if (!a->stamped || !b->stamped) return NotReady;
    *ms = (float)(b->ms - a->ms);
    return 0;
}
// The queue runs every stream's work in the order of issue, so an event is always complete before the work issued
// after a wait on it: the wait only checks its arguments.
int cuStreamWaitEvent(void* stream, void* e, unsigned flags) { if (sticky) return sticky; (void)stream; return e && flags == 0 ? 0 : InvalidHandle; }
int cuStreamBeginCapture_v2(void* stream, int)
{
    if (sticky) return sticky;
    auto* s = (Stream*)stream;
    if ((uintptr_t)s <= 2) return InvalidValue; // the legacy stream cannot capture
    if (s->capturing) return 401;
    s->capturing = true;
    counters[Captures]++;
    s->recording = new std::vector<std::function<void()>>();
    return 0;
}
int cuStreamEndCapture(void* stream, void** graph)
{
    auto* s = (Stream*)stream;
    if ((uintptr_t)s <= 2 || !s->capturing) return 903;
    s->capturing = false;
    *graph = s->recording;
    s->recording = nullptr;
    return sticky;
}
int cuGraphInstantiateWithFlags(void** exec, void* graph, unsigned long long) { *exec = graph; return sticky; }
int cuGraphLaunch(void* exec, void*)
{
    if (sticky) return sticky;
    auto* steps = (std::vector<std::function<void()>>*)exec;
    counters[GraphLaunches]++;
    enqueue([steps] { for (auto& step : *steps) step(); });
    return 0;
}
int cuGraphExecDestroy(void*) { return 0; }
int cuGraphDestroy(void* graph) { delete (std::vector<std::function<void()>>*)graph; return 0; }
}
