import COpenBLAS

/// The BLAS this process runs on, as OpenBLAS reports it.
public enum BLAS {
  /// `openblas_get_config()`, e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY SkylakeX MAX_THREADS=64".
  public static var configuration: String { String(cString: openblas_get_config()) }
  /// The kernel family OpenBLAS picked for this CPU, e.g. "SkylakeX" or "Zen".
  public static var coreName: String { String(cString: openblas_get_corename()) }
  public static var threads: Int { Int(openblas_get_num_threads()) }
  /// Sets OpenBLAS's thread count for the whole process (it is a global setting of the library).
  public static func setThreads(_ count: Int) { openblas_set_num_threads(Int32(count)) }
  /// One line for logs and manifests.
  public static var summary: String { "\(configuration) (core \(coreName), \(threads) thread\(threads == 1 ? "" : "s"))" }
}
