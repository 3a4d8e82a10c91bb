import Foundation
import Harness
import Testing
import TrainingCore
import _TestSupport
import Registry

/// The tuning protocol (`Tuning`, `ArmTuning`) on synthetic problems with a known best value, and end to
/// end through the runner.
@Suite struct TuningTests {
  static let base = RunConfiguration(
    network: NetworkSpec(hidden: [16], activation: .relu, initializer: .heNormal),
    optimizer: .sgd, schedule: .fixed(Fixed(base: 0.1)), batchSize: 20, epochs: 2, trainSubset: 100,
    validationSplit: 50)

  /// A record whose final validation accuracy is `score`.
  static func record(_ key: CellKey, score: Double) -> CellRecord {
    CellRecord(formatVersion: CellRecord.formatVersion, experiment: "tuning", arm: key.arm.name, seed: key.seed,
               fingerprint: "", status: "ok", divergedEpoch: nil, divergedStep: nil,
               epochs: [EpochRecord(epoch: 1, trainLoss: 0.5, trainAccuracy: 0.8, testLoss: .nan, testAccuracy: .nan,
                                    learningRate: 0.1, validationLoss: 0.5, validationAccuracy: score)],
               probes: [:], layerProbes: [], curveProbes: [:], seconds: 1, samplesPerSecond: 0)
  }

  /// The rate a candidate arm trains at.
  static func rate(_ key: CellKey) -> Double { key.arm.configuration.schedule.learningRate(at: 0) }

  /// A synthetic problem: validation accuracy peaks at `best` and falls with the log-distance from it
  /// (plus a per-seed offset that changes no ranking).
  static func tune(best: Double, grid: [Double], maxExtensions: Int = 2) -> ArmTuning {
    ArmTuning(arm: Arm("arm", base), tuning: .learningRate(grid, maxExtensions: maxExtensions), seeds: Tuning.seeds(2)) {
      record($0, score: 0.9 - 0.05 * abs(log10(rate($0) / best)) + 0.001 * Double($0.seed - Tuning.firstSeed))
    }
  }

  @Test func selectsTheKnownBestInsideTheGrid() {
    let result = Self.tune(best: 0.01, grid: [0.001, 0.01, 0.1])
    #expect(result.selected == 0.01)
    #expect(result.edge == .none)
    #expect(result.values == [0.001, 0.01, 0.1])
    #expect(result.runs.count == 6 && result.missing.isEmpty)
  }

  @Test func extendsTheGridFromAnEdgeUntilTheBestIsInside() {
    let result = Self.tune(best: 1, grid: [0.001, 0.01, 0.1])  // one point above the grid
    #expect(result.values == [0.001, 0.01, 0.1, 1, 10])
    #expect(result.selected == 1)
    #expect(result.edge == .extended)
    let below = Self.tune(best: 0.0001, grid: [0.001, 0.01, 0.1])
    #expect(below.values == [0.00001, 0.0001, 0.001, 0.01, 0.1] && below.selected == 0.0001 && below.edge == .extended)
  }

  @Test func flagsABestStillAtTheEdgeAfterTheCap() {
    let result = Self.tune(best: 1000, grid: [0.001, 0.01, 0.1], maxExtensions: 2)
    #expect(result.values == [0.001, 0.01, 0.1, 1, 10])
    #expect(result.selected == 10)
    #expect(result.edge == .flagged)
  }

  @Test func tiesKeepTheSmallerValue() {
    let result = ArmTuning(arm: Arm("arm", Self.base), tuning: .learningRate([0.001, 0.01, 0.1]),
                           seeds: Tuning.seeds(1)) { Self.record($0, score: Self.rate($0) >= 0.01 ? 0.8 : 0.7) }
    #expect(result.selected == 0.01 && result.edge == .none)
  }

  @Test func waitsForMissingRecords() {
    let result = ArmTuning(arm: Arm("arm", Self.base), tuning: .learningRate([0.001, 0.01]), seeds: Tuning.seeds(2)) {
      $0.seed == Tuning.firstSeed ? Self.record($0, score: 0.8) : nil
    }
    #expect(result.selected == nil)
    #expect(result.missing.map(\.seed) == [Tuning.firstSeed + 1, Tuning.firstSeed + 1])
  }

  @Test func logGridsAreExactDecimalsAtDecades() {
    #expect(Tuning.logGrid(0.001, 0.1, perDecade: 2) == [0.001, 0.00316227766017, 0.01, 0.0316227766017, 0.1])
    #expect(Tuning.logGrid(0.01, 1, perDecade: 1) == [0.01, 0.1, 1])
  }

  /// Evaluation seeds (0..<n, n capped below 1000) and tuning seeds (1000...) never meet, for every
  /// registered experiment, both profiles, and the largest --seeds.
  @Test func tuningSeedsAreDisjointFromEvaluationSeeds() {
    for experiment in allExperiments {
      for profile in Profile.allCases {
        for overrides in [Overrides(), Overrides(seeds: 5_000)] {
          let plan = ExperimentPlan(experiment, profile: profile, overrides: overrides)
          #expect(Set(plan.seeds).isDisjoint(with: plan.tuningSeeds), "\(experiment.id) \(profile)")
          #expect(plan.cells.allSatisfy { !$0.isTuning })
        }
      }
    }
  }
}

/// A tuned, paired experiment end to end on synthetic data: tuning rounds, tuning.csv, subclaims.csv.
@Suite(.serialized) struct TunedRunTests {
  struct TunedExperiment: Experiment {
    let id = "tuned"
    let title = "A tuned experiment for tests"
    let claim = "Either arm."
    let source = "HarnessTests"
    let pairsArms = true
    func seedCount(for profile: Profile) -> Int { 3 }
    func arms(for profile: Profile) -> [Arm] {
      var configuration = TuningTests.base
      configuration.earlyStoppingPatience = 1
      var wide = configuration
      wide.network.hidden = [32]
      return [Arm("small", configuration, tuning: .learningRate([0.01, 0.1], maxExtensions: 1)),
              Arm("also-small", configuration, tuning: .learningRate([0.01, 0.1], maxExtensions: 1)),
              Arm("wide", wide)]
    }
    let subClaims: [SubClaim] = [
      SubClaim("a", "small is not worse than also-small", smallestEffect: 0.05,
               rules: [.notWorse("small", than: "also-small", margin: 0.05, metric: .finalTestAccuracy)]),
      SubClaim("b", "small is not worse than wide", rules: [.notWorse("small", than: "wide", margin: 0.05,
                                                                       metric: .finalTestAccuracy)]),
    ]
  }

  @Test func tunesThenEvaluatesAndWritesTheTables() throws {
    let data = try makeTemporaryDirectory("tuned-data"), out = try makeTemporaryDirectory("tuned-out")
    try writeSyntheticFashionMNIST(to: data, trainCount: 300)
    let runner = Runner(options: .init(outputRoot: out, jobs: 2, dataDirectory: data), log: { _ in })
    let tables = try runner.run([ExperimentPlan(TunedExperiment(), profile: .quick)])[0]
    let tuning = try String(contentsOfFile: out + "/tuned/tuning.csv", encoding: .utf8)
    let rows = tuning.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
    #expect(tuning.hasPrefix("arm,parameter,value,seed,validation_accuracy,selected,edge\n"))
    // Exactly one selected value per arm (its rows, one per tuning seed, say true).
    for arm in ["small", "also-small"] {
      let selected = Set(rows.filter { $0[0] == arm && $0[5] == "true" }.map { $0[2] })
      #expect(selected.count == 1, "\(arm): \(selected)")
      #expect(rows.filter { $0[0] == arm }.allSatisfy { Int($0[3])! >= Tuning.firstSeed })
    }
    #expect(!rows.contains { $0[0] == "wide" })
    // The evaluation cells run at the selected value; the tuning runs never saw the test set.
    let small = try #require(tables.plan.tunings.first { $0.arm == "small" })
    let arm = try #require(tables.plan.arms.first { $0.name == "small" })
    #expect(arm.configuration.schedule.learningRate(at: 0) == small.selected)
    #expect(small.runs.allSatisfy { $0.record.epochs.allSatisfy { $0.testAccuracy.isNaN } })
    // Paired where the shapes match, Welch where they do not.
    let significance = try String(contentsOfFile: out + "/tuned/significance.csv", encoding: .utf8)
    #expect(significance.contains(",small,also-small,paired-t,true,"))
    #expect(significance.contains(",small,wide,welch-t,false,"))
    let subClaims = try String(contentsOfFile: out + "/tuned/subclaims.csv", encoding: .utf8)
    #expect(subClaims.hasPrefix("sub_claim,statement,outcome,metric,effect,ci_low,ci_high,unit,smallest_effect,"
                                + "p_adjusted,seeds,min_detectable_effect,tuned,budget,converged\n"))
    #expect(subClaims.split(separator: "\n").count == 3)
    // A second run finds everything done and writes the same tables.
    let again = try runner.run([ExperimentPlan(TunedExperiment(), profile: .quick)])[0]
    #expect(again.tuning == tables.tuning && again.finals == tables.finals)
    // One job instead of two: the same tuning, the same selections, the same bytes.
    let other = try makeTemporaryDirectory("tuned-one-job")
    let oneJob = try Runner(options: .init(outputRoot: other, jobs: 1, dataDirectory: data), log: { _ in })
      .run([ExperimentPlan(TunedExperiment(), profile: .quick)])[0]
    #expect(oneJob.tuning == tables.tuning && oneJob.finals == tables.finals)
    #expect(oneJob.significance == tables.significance && oneJob.subClaims == tables.subClaims)
  }
}
