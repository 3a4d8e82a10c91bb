import Foundation
import Harness
import Testing
import TrainingCore

/// A cell that blows up is recorded as diverged, with the epoch and step, and the run goes on with the
/// other cells; the tables say so and a diverged cell counts as chance accuracy.
@Suite struct RunnerDivergenceTests {
  /// One arm that diverges (learning rate 1e6) beside one that trains normally (0.05), 2 seeds each.
  struct OneDivergingArm: Experiment {
    let id = "diverging-test"
    let title = "A diverging arm beside a normal one"
    let claim = "A learning rate of 1e6 diverges; 0.05 does not."
    let source = "RunnerDivergenceTests"
    let subClaims = [SubClaim("a", "1e6 is below chance-plus-a-bit", rules: [
      .below("lr-1e6", threshold: 0.2, metric: .finalTestAccuracy)])]

    func arms(for profile: Profile) -> [Arm] {
      [("lr-1e6", 1e6), ("lr-0.05", 0.05)].map { name, rate in
        Arm(name, RunConfiguration(
          network: NetworkSpec(hidden: [32], activation: .relu, initializer: .heNormal),
          optimizer: .sgd, schedule: .fixed(Fixed(base: rate)), batchSize: 20, epochs: 2, trainSubset: 200))
      }
    }
    func seedCount(for profile: Profile) -> Int { 2 }
  }

  @Test func aDivergingCellIsRecordedWithEpochAndStepAndTheOthersRun() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("runner-divergence-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: root) }
    try writePlainFashionMNIST(to: root + "/data")
    let logged = LogLines()
    let runner = Runner(options: .init(outputRoot: root + "/results", jobs: 2, dataDirectory: root + "/data"),
                        log: { logged.append($0) })

    let tables = try runner.run([ExperimentPlan(OneDivergingArm(), profile: .quick)])

    let cells = try #require(tables.first).cells
    #expect(cells.count == 4, "every cell ran: \(logged.lines)")
    for cell in cells where cell.arm == "lr-1e6" {
      #expect(cell.status == "diverged")
      #expect(cell.divergedEpoch == 1)
      // 200 examples / batch 20 = 10 steps per epoch; the step that gave a non-finite loss is one of them.
      #expect((1...10).contains(cell.divergedStep ?? 0), "diverged at step \(String(describing: cell.divergedStep))")
      #expect(cell.epochs.isEmpty, "no epoch finished")
    }
    for cell in cells where cell.arm == "lr-0.05" {
      #expect(cell.status == "ok" && cell.divergedEpoch == nil && cell.epochs.count == 2)
    }
    let finals = try String(contentsOfFile: root + "/results/diverging-test/finals.csv", encoding: .utf8)
    for cell in cells where cell.diverged {
      #expect(finals.contains("lr-1e6,\(cell.seed),diverged,,,,,0,1,\(cell.divergedStep ?? -1)"), "\(finals)")
    }
    // The plain synthetic data are near chance after 2 epochs, so a run that trained may read "stalled".
    #expect(finals.split(separator: "\n").filter {
      $0.hasPrefix("lr-0.05,") && ($0.contains(",ok,") || $0.contains(",stalled,"))
    }.count == 2, "\(finals)")
    #expect(logged.lines.contains { $0.contains("lr-1e6 seed 0: diverged at epoch 1") }, "\(logged.lines)")
  }
}

/// Collects log lines from the runner's worker threads.
final class LogLines: @unchecked Sendable {
  private let lock = NSLock()
  private var stored: [String] = []
  func append(_ line: String) { lock.withLock { stored.append(line) } }
  var lines: [String] { lock.withLock { stored } }
}

/// A Fashion-MNIST-shaped folder of *uncompressed* IDX files under the real names: the reader passes
/// non-gzip content through, so no zlib is needed here. 1,000 training and 100 test images, label
/// `i mod 10`, pixels `(7i + 3) mod 256` (any pattern will do: these tests look at divergence, not
/// accuracy).
func writePlainFashionMNIST(to directory: String) throws {
  try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
  func header(_ dimensions: [Int]) -> [UInt8] {
    [0, 0, 0x08, UInt8(dimensions.count)] + dimensions.flatMap { d in
      [UInt8(d >> 24 & 255), UInt8(d >> 16 & 255), UInt8(d >> 8 & 255), UInt8(d & 255)]
    }
  }
  func write(_ bytes: [UInt8], _ name: String) throws {
    try Data(bytes).write(to: URL(fileURLWithPath: directory + "/" + name))
  }
  for (prefix, count) in [("train", 1000), ("t10k", 100)] {
    try write(header([count, 28, 28]) + (0..<count * 784).map { UInt8((7 * $0 + 3) % 256) },
              "\(prefix)-images-idx3-ubyte.gz")
    try write(header([count]) + (0..<count).map { UInt8($0 % 10) }, "\(prefix)-labels-idx1-ubyte.gz")
  }
}
