import Testing
import TrainingCore

/// `BLAS.configuration` goes into every cell record's provenance, written from up to `--jobs` threads at
/// once. OpenBLAS builds its config string in one static buffer (`strcpy`, then `strcat` of the core name
/// and " MAX_THREADS=…"), so concurrent calls of `openblas_get_config()` can return "… MAX_THREADS=64
/// MAX_THREADS=64", and a run then warns that its cells came from two BLAS builds.
@Suite struct BLASTests {
  /// Many threads reading at once must all see one string with one MAX_THREADS. Reading the library
  /// on every access fails this within a few thousand concurrent reads on a 2-core machine.
  @Test func configurationIsTheSameStringOnEveryThread() async {
    let tasks = 8, reads = 2_000
    let values = await withTaskGroup(of: Set<String>.self) { group in
      for _ in 0..<tasks {
        group.addTask { Set((0..<reads).map { _ in BLAS.configuration }) }
      }
      return await group.reduce(into: Set<String>()) { $0.formUnion($1) }
    }
    #expect(values.count == 1, "different configuration strings: \(values)")
    for value in values {
      #expect(value.components(separatedBy: "MAX_THREADS=").count <= 2, "garbled: \(value)")
    }
  }
}
