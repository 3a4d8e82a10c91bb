import Foundation
import Testing
import _TestSupport

/// `tricks slurm` on a real one-node Slurm cluster, started and stopped by Tests/Scripts/slurm-cluster.sh
/// (see its header): 4 shards and a dependent report job must give tables byte-identical to a
/// single-machine run. Skipped, with the script's reason, where Slurm cannot run (exit 77).
///
/// Runs on synthetic data (1,000 training and 200 test images) so that the two runs of the quick
/// profile take about a minute rather than several.
@Suite(.serialized) struct SlurmTests {
  @Test(.timeLimit(.minutes(15)))
  func shardsOnARealClusterMatchASingleMachineRun() throws {
    let script = Paths.scripts + "/slurm-cluster.sh"
    let tricks = Paths.tricks
    guard FileManager.default.isExecutableFile(atPath: tricks) else {
      throw SlurmTestError(description: "no tricks binary at \(tricks); run swift build first")
    }
    let data = try makeTemporaryDirectory("slurm-data")
    try writeSyntheticFashionMNIST(to: data, trainCount: 1000, testCount: 200)
    let outcome = try runProcess("/usr/bin/env", ["bash", script, tricks, data], in: Paths.package)

    if outcome.status == 77 {
      let reason = outcome.stderr.split(separator: "\n").last { $0.hasPrefix("cannot run here:") }
      try Test.cancel(Comment(rawValue: String(reason ?? "slurm-cluster.sh exited 77 without a reason")))
    }
    #expect(outcome.status == 0, "slurm-cluster.sh exited \(outcome)")
  }

  struct SlurmTestError: Error, CustomStringConvertible {
    let description: String
  }
}
