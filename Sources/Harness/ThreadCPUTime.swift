#if canImport(Glibc)
import Glibc
#endif

/// CPU seconds the calling thread has used (POSIX `clock_gettime(CLOCK_THREAD_CPUTIME_ID)`).
///
/// A cell trains on one thread with a single-threaded BLAS, so this is what the cell costs. Unlike wall
/// time, it is not inflated by other work sharing the cores (a build, another cell beyond the core count),
/// which is what a budget in CPU-hours needs.
enum ThreadCPUTime {
  static func now() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
  }
}
