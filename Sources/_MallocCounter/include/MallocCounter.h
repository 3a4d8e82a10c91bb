#ifndef MALLOC_COUNTER_H
#define MALLOC_COUNTER_H

/// Counts heap allocations made by the calling thread between start and stop, so a test can check
/// that a training step allocates nothing. Linking this target into a process replaces malloc,
/// calloc, realloc, posix_memalign, aligned_alloc and memalign with counting wrappers around glibc's
/// own (__libc_*) functions.
void trainingtricks_malloc_counter_start(void);
/// The number of allocations the calling thread made since start.
long trainingtricks_malloc_counter_stop(void);

#endif
