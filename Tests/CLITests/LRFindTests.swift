import Foundation
import Testing

extension CLITests {
  /// `tricks lr-find` on synthetic data: the curve, the suggestion and the machine-readable last line,
  /// the same bytes for the same seed and other bytes for another seed.
  @Suite struct LRFindTests {
    static let arguments = ["lr-find", "--hidden", "32", "--train-subset", "200", "--batch", "20",
                            "--min-lr", "1e-4", "--max-lr", "1000", "--steps", "60"]

    @Test func printsTheCurveAndASuggestionWithinTheSweep() throws {
      let shared = try SharedRun.get()
      let folder = try TemporaryFolder(prefix: "lr-find")
      defer { folder.remove() }
      let outcome = try runTricks(Self.arguments + ["--data", shared.data, "--csv", folder.path + "/curve.csv"],
                                  in: folder.path)
      #expect(outcome.status == 0 && outcome.exitedNormally, "\(outcome)")
      let last = try #require(outcome.stdout.split(separator: "\n").last.map(String.init))
      let fields = Dictionary(uniqueKeysWithValues: last.dropFirst("final ".count).split(separator: " ").map {
        let pair = $0.split(separator: "=", maxSplits: 1)
        return (String(pair[0]), String(pair.count > 1 ? pair[1] : ""))
      })
      #expect(last.hasPrefix("final "), "\(outcome)")
      let suggested = try #require(fields["suggested_lr"].flatMap(Double.init), "\(last)")
      let atMinimum = try #require(fields["min_loss_lr"].flatMap(Double.init), "\(last)")
      #expect(abs(suggested * 10 - atMinimum) <= 1e-9 * atMinimum)
      #expect(atMinimum >= 1e-4 && atMinimum <= 1000)
      // A rate of 1000 blows any network up: the test must stop before its last step.
      #expect(fields["stop"] == "loss-rose" || fields["stop"] == "diverged", "\(last)")
      let steps = try #require(fields["steps"].flatMap(Int.init))
      #expect(steps < 60)
      let csv = try String(contentsOfFile: folder.path + "/curve.csv", encoding: .utf8)
      let rows = csv.split(separator: "\n")
      #expect(rows.first == "step,learning_rate,loss,smoothed_loss")
      #expect(rows.count == steps + 1, "one row per step that ran")
      #expect(outcome.stdout.contains("<- minimum") && outcome.stdout.contains("suggested learning rate:"))
    }

    @Test func sameSeedSameCurveOtherSeedOtherCurve() throws {
      let shared = try SharedRun.get()
      let folder = try TemporaryFolder(prefix: "lr-find-seed")
      defer { folder.remove() }
      func curve(seed: Int, name: String) throws -> Data {
        let path = folder.path + "/" + name
        let outcome = try runTricks(Self.arguments + ["--seed", String(seed), "--data", shared.data, "--csv", path],
                                    in: folder.path)
        #expect(outcome.status == 0 && outcome.exitedNormally, "\(outcome)")
        return FileManager.default.contents(atPath: path) ?? Data()
      }
      let first = try curve(seed: 0, name: "a.csv")
      #expect(first.count > 200, "a header and several steps expected")
      #expect(try curve(seed: 0, name: "b.csv") == first)
      #expect(try curve(seed: 1, name: "c.csv") != first)
    }
  }
}
