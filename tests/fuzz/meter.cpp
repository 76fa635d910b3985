// Counts the bytes a target holds, so the CSV target can check that memory stays proportional to
// the input. Under AddressSanitizer its allocator's hooks count every malloc; otherwise operator
// new and delete are replaced by ones that keep each block's size in front of it.
#include <atomic>
#include <cstdlib>
#include <new>

#include "fuzz.hpp"

#if defined(__SANITIZE_ADDRESS__)
#define OMFUZZ_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define OMFUZZ_ASAN 1
#endif
#endif

#ifdef OMFUZZ_ASAN
#if __has_include(<sanitizer/allocator_interface.h>)
#include <sanitizer/allocator_interface.h>
#else
// gcc ships the runtime's functions without this header; the declarations are the runtime's.
extern "C" {
int __sanitizer_install_malloc_and_free_hooks(void (*malloc_hook)(const volatile void*, std::size_t),
                                              void (*free_hook)(const volatile void*));
std::size_t __sanitizer_get_allocated_size(const volatile void* p);
}
#endif
#endif

namespace {

std::atomic<std::size_t> g_live{0};
std::atomic<std::size_t> g_peak{0};

void add(std::size_t n) noexcept {
    const std::size_t now = g_live.fetch_add(n, std::memory_order_relaxed) + n;
    std::size_t peak = g_peak.load(std::memory_order_relaxed);
    while (now > peak && !g_peak.compare_exchange_weak(peak, now, std::memory_order_relaxed)) {
    }
}

void remove(std::size_t n) noexcept { g_live.fetch_sub(n, std::memory_order_relaxed); }

#ifdef OMFUZZ_ASAN

void on_malloc(const volatile void*, std::size_t size) { add(size); }
void on_free(const volatile void* p) {
    if (p) remove(__sanitizer_get_allocated_size(p));
}
// Installed before main(), so every block freed later was counted when it was allocated.
[[maybe_unused]] const int g_hooks = __sanitizer_install_malloc_and_free_hooks(on_malloc, on_free);

#else

// Keeps max_align_t alignment for the caller.
constexpr std::size_t kHeader = alignof(std::max_align_t);

void* allocate(std::size_t n) noexcept {
    void* block = std::malloc(n + kHeader);
    if (!block) return nullptr;
    *static_cast<std::size_t*>(block) = n;
    add(n);
    return static_cast<char*>(block) + kHeader;
}

void release(void* p) noexcept {
    if (!p) return;
    void* block = static_cast<char*>(p) - kHeader;
    remove(*static_cast<std::size_t*>(block));
    std::free(block);
}

#endif

}  // namespace

namespace omfuzz {

std::size_t live_bytes() noexcept { return g_live.load(std::memory_order_relaxed); }
std::size_t peak_bytes() noexcept { return g_peak.load(std::memory_order_relaxed); }
void reset_peak() noexcept { g_peak.store(g_live.load(std::memory_order_relaxed), std::memory_order_relaxed); }

}  // namespace omfuzz

#ifndef OMFUZZ_ASAN

void* operator new(std::size_t n) {
    if (void* p = allocate(n)) return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t n) {
    if (void* p = allocate(n)) return p;
    throw std::bad_alloc();
}
void* operator new(std::size_t n, const std::nothrow_t&) noexcept { return allocate(n); }
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept { return allocate(n); }
void operator delete(void* p) noexcept { release(p); }
void operator delete[](void* p) noexcept { release(p); }
void operator delete(void* p, std::size_t) noexcept { release(p); }
void operator delete[](void* p, std::size_t) noexcept { release(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { release(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { release(p); }

#endif
