import Foundation
import Testing
@testable import TrainingCore

extension CLITests {
  /// `tricks` restarts itself with `OPENBLAS_CORETYPE=Haswell` on an AMD family-25 CPU (Zen 3/4) where
  /// OpenBLAS picked an Intel AVX-512 kernel (`BLAS.preferredCoreType`), and leaves every other choice,
  /// including one the user made with `OPENBLAS_CORETYPE`, alone. This test process is not restarted, so
  /// its own `BLAS.coreName` is what OpenBLAS picks by itself.
  @Suite struct BLASKernelTests {
    static let train = ["train", "--hidden", "16", "--epochs", "1", "--train-subset", "100", "--batch", "20"]

    /// The kernel family a run reports on its "BLAS: … (core X, 1 thread)" line.
    static func reportedCore(_ outcome: Outcome) -> String? {
      guard let line = outcome.stderr.split(separator: "\n").first(where: { $0.hasPrefix("BLAS: ") }),
            let start = line.range(of: "(core ") else { return nil }
      return String(line[start.upperBound...].prefix { $0 != "," && $0 != ")" })
    }

    @Test func runsOnThePreferredKernelUnlessTheUserChoseOne() throws {
      let folder = try TemporaryFolder(prefix: "blas-kernel")
      defer { folder.remove() }
      try SyntheticData.write(to: folder.path)
      let own = BLAS.coreName
      let cpu = BLAS.cpuInfo()
      let zen = cpu?.vendor == "AuthenticAMD" && cpu?.family == 25
      let expected = zen && ["cooperlake", "skylakex"].contains(own.lowercased()) ? "Haswell" : own

      let chosen = try runTricks(Self.train + ["--data", folder.path], in: folder.path)
      #expect(chosen.status == 0 && chosen.exitedNormally, "\(chosen)")
      #expect(Self.reportedCore(chosen) == expected, "\(chosen)")

      // The user's choice stands, here OpenBLAS's own pick named explicitly.
      let pinned = try runProcess(Paths.tricks, Self.train + ["--data", folder.path], in: folder.path,
                                  environment: ["OPENBLAS_CORETYPE": own])
      #expect(pinned.status == 0 && pinned.exitedNormally, "\(pinned)")
      #expect(Self.reportedCore(pinned) == own, "\(pinned)")
    }

    @Test func cpuInfoNamesAVendorAndAFamily() throws {
      let cpu = try #require(BLAS.cpuInfo())
      #expect(!cpu.vendor.isEmpty && cpu.family > 0)
    }
  }
}
