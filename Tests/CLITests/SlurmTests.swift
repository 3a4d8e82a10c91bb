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
    let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    let script = here.appendingPathComponent("../Scripts/slurm-cluster.sh").standardized.path
    let tricks = try Self.tricksExecutable()
    let data = try makeTemporaryDirectory("slurm-data")
    try writeSyntheticFashionMNIST(to: data, trainCount: 1000, testCount: 200)
    let logPath = try makeTemporaryDirectory("slurm-log") + "/slurm-cluster.log"
    _ = FileManager.default.createFile(atPath: logPath, contents: nil)
    let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))

    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["bash", script, tricks, data]
    process.standardOutput = log
    process.standardError = log
    process.standardInput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    try log.close()
    let output = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""

    if process.terminationStatus == 77 {
      let reason = output.split(separator: "\n").last { $0.hasPrefix("cannot run here:") }
      try Test.cancel(Comment(rawValue: String(reason ?? "slurm-cluster.sh exited 77 without a reason")))
    }
    #expect(process.terminationStatus == 0, "slurm-cluster.sh exited \(process.terminationStatus):\n\(output)")
  }

  /// The `tricks` binary that `swift build` put beside this test bundle.
  static func tricksExecutable() throws -> String {
    let bundle = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
    let path = URL(fileURLWithPath: bundle).deletingLastPathComponent().appendingPathComponent("tricks").path
    guard FileManager.default.isExecutableFile(atPath: path) else {
      throw SlurmTestError(description: "no tricks binary beside the test bundle at \(path); run swift build first")
    }
    return path
  }

  struct SlurmTestError: Error, CustomStringConvertible {
    let description: String
  }
}
