// Interposes the allocation functions for the test process (glibc only): every call is forwarded to
// glibc's __libc_* implementation, and counted when the calling thread has switched counting on.
// Thread-local state, so allocations by other threads (test runner, dispatch workers) never count.
#include <stddef.h>
#include <errno.h>
#include "MallocCounter.h"

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *pointer, size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);

static _Thread_local int counting = 0;
static _Thread_local long allocations = 0;

static inline void count(void) { if (counting) allocations += 1; }

void trainingtricks_malloc_counter_start(void) { allocations = 0; counting = 1; }
long trainingtricks_malloc_counter_stop(void) { counting = 0; return allocations; }

void *malloc(size_t size) { count(); return __libc_malloc(size); }
void *calloc(size_t n, size_t size) { count(); return __libc_calloc(n, size); }
void *realloc(void *pointer, size_t size) { count(); return __libc_realloc(pointer, size); }
void *memalign(size_t alignment, size_t size) { count(); return __libc_memalign(alignment, size); }
void *aligned_alloc(size_t alignment, size_t size) { count(); return __libc_memalign(alignment, size); }
int posix_memalign(void **result, size_t alignment, size_t size) {
  count();
  void *pointer = __libc_memalign(alignment, size);
  if (pointer == NULL) return ENOMEM;
  *result = pointer;
  return 0;
}
