import Foundation
import Testing

extension CLITests {
  /// `--schedule` lengths that are not given scale to the steps the run really takes: with a validation
  /// split the training set is smaller than the data, and the schedule must end where it says.
  /// (Before the trainer resolved them, the command line counted 60,000 examples whatever the data and
  /// split, so poly never came near 0 and decay-at-end never decayed.)
  @Suite struct ScheduleLengthTests {
    /// SyntheticData's 1,000 training images less a split of 100, in batches of 20: 45 steps per epoch.
    static let stepsPerEpoch = (1000 - 100) / 20

    static func train(_ schedule: String, epochs: Int) throws -> (stderr: String, rates: [Double]) {
      let folder = try TemporaryFolder(prefix: "schedule-length")
      defer { folder.remove() }
      try SyntheticData.write(to: folder.path + "/data")
      let outcome = try runTricks(["train", "--hidden", "16", "--batch", "20", "--epochs", String(epochs),
                                   "--validation-split", "100", "--lr", "0.05", "--schedule", schedule,
                                   "--data", folder.path + "/data", "--csv", folder.path + "/curve.csv"],
                                  in: folder.path)
      #expect(outcome.status == 0 && outcome.exitedNormally, "\(outcome)")
      let csv = try String(contentsOfFile: folder.path + "/curve.csv", encoding: .utf8)
      let rows = csv.split(separator: "\n").dropFirst()
      let rates = try rows.map { try #require(Double($0.split(separator: ",").last.map(String.init) ?? "")) }
      return (outcome.stderr, rates)
    }

    /// Caffe's poly with max_iter = the run's T steps: the last step (T − 1) runs at base/T.
    @Test func polyEndsWithTheRun() throws {
      let total = 2 * Self.stepsPerEpoch
      let (stderr, rates) = try Self.train("poly", epochs: 2)
      #expect(stderr.contains("poly(base=0.05,power=1.0,maxSteps=\(total))"), "\(stderr)")
      let last = try #require(rates.last)
      #expect(abs(last - 0.05 / Double(total)) <= 1e-15, "last rate \(last)")
    }

    /// decay-at-end lowers the rate for the last tenth of the run: here exactly the tenth epoch.
    @Test func decayAtEndStartsAtNinetyPercentOfTheRun() throws {
      let (stderr, rates) = try Self.train("decay-at-end", epochs: 10)
      #expect(stderr.contains("fromStep=\(9 * Self.stepsPerEpoch))"), "\(stderr)")
      #expect(rates.count == 10)
      #expect(rates.dropLast().allSatisfy { $0 == 0.05 }, "\(rates)")
      #expect(rates.last == 0.05 * 0.1, "\(rates)")
    }
  }
}
