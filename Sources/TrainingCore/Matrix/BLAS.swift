import COpenBLAS
#if canImport(Glibc)
import Glibc
#endif

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

  /// The kernel family `tricks` asks OpenBLAS for instead of the one it picked, if any (the answer is
  /// applied through the environment variable `OPENBLAS_CORETYPE`, which OpenBLAS reads only when it
  /// loads, so `tricks` restarts itself with it set: `Tricks.main`).
  ///
  /// One case: an AMD Zen 3/4 CPU (family 25) on which OpenBLAS chose an Intel AVX-512 family (0.3.21
  /// reports Zen 4 as Cooperlake). Zen 4 runs 512-bit instructions as two 256-bit halves, and OpenBLAS's
  /// Haswell (AVX2) kernels ran the bench net's products faster on this project's machine in a C
  /// benchmark (single thread, hot caches): the first layer's forward share 252 against 272 µs, a 128-row
  /// 256x256 layer 163 against 173, the sgemm peak 105 against 100 GFLOP/s. End to end the gain is
  /// smaller than the VM's noise: 0–6% on `tricks bench`, none measurable on the experiments' small nets
  /// (README, Speed). Nil whenever the user set `OPENBLAS_CORETYPE` (their choice stands) or the rule does
  /// not apply.
  public static func preferredCoreType() -> String? {
    guard getenv("OPENBLAS_CORETYPE") == nil, ["cooperlake", "skylakex"].contains(coreName.lowercased()),
          let cpu = cpuInfo(), cpu.vendor == "AuthenticAMD", cpu.family == 25 else { return nil }
    return "Haswell"
  }

  /// The first processor's vendor and family in /proc/cpuinfo (Linux).
  static func cpuInfo() -> (vendor: String, family: Int)? {
    guard let file = fopen("/proc/cpuinfo", "r") else { return nil }
    defer { fclose(file) }
    var vendor: String?, family: Int?
    var line: UnsafeMutablePointer<CChar>? = nil, capacity = 0
    defer { free(line) }
    func trimmed(_ text: Substring) -> String {
      String(text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
    while vendor == nil || family == nil, getline(&line, &capacity, file) > 0, let line {
      let fields = String(cString: line).split(separator: ":", maxSplits: 1)
      guard fields.count == 2 else { continue }
      let key = trimmed(fields[0]), value = trimmed(fields[1])
      if key == "vendor_id" { vendor = value }
      if key == "cpu family" { family = Int(value) }
    }
    guard let vendor, let family else { return nil }
    return (vendor, family)
  }
}
