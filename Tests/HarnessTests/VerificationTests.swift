import Foundation
import Harness
import Testing
import TrainingCore

/// `Verification`'s sampling and comparisons, on hand-made values (the CLI tests run it on a real folder).
@Suite struct VerificationTests {
  static let groups: [(name: String, items: [String])] = [
    ("a", (0..<5).map { "a\($0)" }), ("b", ["b0"]), ("c", (0..<3).map { "c\($0)" }),
  ]

  @Test func sampleGivesEveryGroupOneBeforeAnyGroupTwo() {
    for seed in 0..<20 {
      let picked = Verification.sample(Self.groups, count: 4, seed: seed)
      #expect(picked.count == 4)
      #expect(Set(picked.map(\.first)) == ["a", "b", "c"], "seed \(seed): \(picked)")
      // The first three are one per group, in some order.
      #expect(Set(picked.prefix(3).map(\.first)).count == 3, "seed \(seed): \(picked)")
      #expect(Set(picked).count == 4)
    }
  }

  @Test func sampleIsReproducibleAndDependsOnTheSeed() {
    let first = Verification.sample(Self.groups, count: 5, seed: 7)
    #expect(first == Verification.sample(Self.groups, count: 5, seed: 7))
    let others = (0..<10).map { Verification.sample(Self.groups, count: 5, seed: $0) }
    #expect(Set(others.map { $0.joined(separator: ",") }).count > 1, "every seed gave the same sample")
  }

  @Test func sampleLargerThanEverythingTakesEverythingOnce() {
    let picked = Verification.sample(Self.groups, count: 100, seed: 0)
    #expect(picked.sorted() == Self.groups.flatMap(\.items).sorted())
    #expect(Verification.sample(Self.groups, count: 0, seed: 0).isEmpty)
  }

  static func record(trainLoss: Double = 0.3974589052108618, accuracy: Double = 0.8123) -> CellRecord {
    CellRecord(formatVersion: CellRecord.formatVersion, experiment: "e", arm: "a", seed: 1, fingerprint: "f", status: "ok",
               divergedEpoch: nil, divergedStep: nil,
               epochs: [EpochRecord(epoch: 1, trainLoss: 0.5, trainAccuracy: 0.7, testLoss: 0.6, testAccuracy: 0.75, learningRate: 0.1),
                        EpochRecord(epoch: 2, trainLoss: trainLoss, trainAccuracy: 0.8, testLoss: 0.5, testAccuracy: accuracy, learningRate: 0.1)],
               probes: ["distinct_units": 12], layerProbes: [], curveProbes: [:], seconds: 12.5, samplesPerSecond: 4000)
  }

  @Test func recordsDifferingOnlyInTimeAndProvenanceAreIdentical() {
    var new = Self.record()
    new.seconds = 99
    new.samplesPerSecond = 1
    new.provenance = CellProvenance(blas: "x", blasCore: "Zen", blasThreads: 1, gitCommit: "c", tricksVersion: "v")
    #expect(RecordComparison.differences(committed: Self.record(), new: new).isEmpty)
  }

  @Test func aChangedMeasurementIsNamedByItsPath() {
    let found = RecordComparison.differences(committed: Self.record(), new: Self.record(accuracy: 0.8124))
    #expect(found == [.init(field: "epochs[1].testAccuracy", committed: "0.8123", new: "0.8124")])
    // One test example in 10,000 is a changed prediction, not rounding.
    #expect(found.first?.inLastBits == false)
    var other = Self.record()
    other.status = "diverged"
    other.probes["distinct_units"] = nil
    let fields = RecordComparison.differences(committed: Self.record(), new: other).map(\.field)
    #expect(fields == ["probes.distinct_units", "status"])
  }

  @Test func aDifferenceOfAFewFloatUlpsIsInTheLastBits() {
    // 1e-9 on 0.397 is about 2.5e-9 relative: some twenty Float ulps' worth of Double rounding noise.
    let found = RecordComparison.differences(committed: Self.record(), new: Self.record(trainLoss: 0.3974589052108618 + 1e-9))
    #expect(found.map(\.field) == ["epochs[1].trainLoss"])
    #expect(found.first?.inLastBits == true)
    #expect(!RecordComparison.differInLastBits("3", "4"))
    #expect(!RecordComparison.differInLastBits("0.5", "0.50001"))  // 2e-5 relative: beyond the tolerance
    #expect(RecordComparison.differInLastBits("0.5", "0.500004"))   // 8e-6
  }

  @Test func csvDifferencesNameLineRowAndColumn() {
    let a = Data("arm,seed,status,final_test_accuracy\nhe,0,ok,0.81\nhe,1,ok,0.82\n".utf8)
    let b = Data("arm,seed,status,final_test_accuracy\nhe,0,ok,0.81\nhe,1,ok,0.83\n".utf8)
    #expect(Verification.compareFile("finals.csv", committed: a, new: b)
            == [.init(field: "line 3 (arm he, seed 1), column final_test_accuracy", committed: "0.82", new: "0.83")])
    #expect(Verification.compareFile("finals.csv", committed: a, new: a).isEmpty)
    // A lost final newline changes no line but still the bytes.
    #expect(Verification.compareFile("finals.csv", committed: a, new: a.dropLast())
            == [.init(field: "line 4", committed: "", new: "absent")])
  }

  @Test func manifestIsComparedWithoutWhenAndByWhichCommitTheTablesWereWritten() {
    let committed = Data(#"{"gitCommit":"aaa","writtenAt":"2026-01-01","cellsFinished":4,"cellProvenance":[{"cells":4,"provenance":{"gitCommit":"c1"}}]}"#.utf8)
    let rebuilt = Data(#"{"gitCommit":"bbb","writtenAt":"2026-12-03","cellsFinished":4,"cellProvenance":[{"cells":4,"provenance":{"gitCommit":"c1"}}]}"#.utf8)
    #expect(Verification.compareFile("manifest.json", committed: committed, new: rebuilt).isEmpty)
    // The cells' own commits are compared: only the top-level fields are left out.
    let otherCells = Data(#"{"gitCommit":"bbb","writtenAt":"2026-12-03","cellsFinished":4,"cellProvenance":[{"cells":4,"provenance":{"gitCommit":"c2"}}]}"#.utf8)
    #expect(Verification.compareFile("manifest.json", committed: committed, new: otherCells)
            == [.init(field: "cellProvenance[0].provenance.gitCommit", committed: "c1", new: "c2")])
  }
}
