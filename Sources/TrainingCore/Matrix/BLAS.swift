import COpenBLAS

/// The BLAS this process runs on, as OpenBLAS reports it.
public enum BLAS {
  /// `openblas_get_config()`, e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY SkylakeX MAX_THREADS=64".
  ///
  /// Read once per process: OpenBLAS rebuilds the string in one static buffer on every call (`strcpy`,
  /// then `strcat`), so two cells finishing at once could record "… MAX_THREADS=64 MAX_THREADS=64". A
  /// `static let` is initialized exactly once, thread-safely.
  public static let configuration = String(cString: openblas_get_config())
  /// The kernel family OpenBLAS picked for this CPU, e.g. "SkylakeX" or "Zen".
  public static var coreName: String { String(cString: openblas_get_corename()) }
  public static var threads: Int { Int(openblas_get_num_threads()) }
  /// Sets OpenBLAS's thread count for the whole process (it is a global setting of the library).
  public static func setThreads(_ count: Int) { openblas_set_num_threads(Int32(count)) }
  /// One line for logs and manifests.
  public static var summary: String { "\(configuration) (core \(coreName), \(threads) thread\(threads == 1 ? "" : "s"))" }
}
