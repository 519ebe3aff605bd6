/* LD_PRELOAD shim for the allocation test: counts malloc-family calls per thread, so the
 * harness can read the count before and after a plugin's process()/run() call on its own
 * audio thread. Built at test time (cc -shared -fPIC), never shipped. Forwards to glibc's
 * __libc_* entry points, which avoids dlsym(RTLD_NEXT) recursion during early start-up. */
#include <stddef.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);
extern void __libc_free(void *);

static __thread long thread_calls __attribute__((tls_model("initial-exec")));

long percepnet_host_thread_malloc_calls(void) { return thread_calls; }

void *malloc(size_t size) { thread_calls++; return __libc_malloc(size); }
void *calloc(size_t n, size_t size) { thread_calls++; return __libc_calloc(n, size); }
void *realloc(void *p, size_t size) { thread_calls++; return __libc_realloc(p, size); }
void *memalign(size_t align, size_t size) { thread_calls++; return __libc_memalign(align, size); }
void *aligned_alloc(size_t align, size_t size) { thread_calls++; return __libc_memalign(align, size); }
int posix_memalign(void **out, size_t align, size_t size)
{
    thread_calls++;
    void *p = __libc_memalign(align, size);
    if (!p) return 12; /* ENOMEM */
    *out = p;
    return 0;
}
void free(void *p) { __libc_free(p); }
