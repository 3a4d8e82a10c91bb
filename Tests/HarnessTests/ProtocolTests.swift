import Datasets
@testable import Harness
import Statistics
import Testing
import TrainingCore

/// The protocol's other parts: the convergence criterion, the power-chosen seed count, and the
/// validation split's separation from the training and test data.
@Suite struct ProtocolTests {
  @Test func plateauIsLessThanTwoTenthsOfAPointOverTheLastQuarter() {
    // 8 epochs: the last quarter is the last 2.
    #expect(Convergence.plateaued([0.80, 0.84, 0.86, 0.87, 0.875, 0.878, 0.879, 0.8795]) == true)   // +0.15 points
    #expect(Convergence.plateaued([0.80, 0.84, 0.86, 0.87, 0.875, 0.878, 0.879, 0.881]) == false)   // +0.3 points
    #expect(Convergence.plateaued([0.80, 0.85, 0.84, 0.83]) == true)  // fell back: nothing gained
    #expect(Convergence.plateaued([0.8]) == nil)
  }

  /// With early stopping, ending before the epoch cap is convergence; reaching the cap needs the plateau.
  @Test func earlyStoppingBeforeTheCapIsConvergence() {
    var configuration = TuningTests.base
    configuration.epochs = 8
    configuration.earlyStoppingPatience = 2
    func record(_ validation: [Double]) -> CellRecord {
      CellRecord(formatVersion: CellRecord.formatVersion, experiment: "c", arm: "a", seed: 0, fingerprint: "",
                 status: "ok", divergedEpoch: nil, divergedStep: nil,
                 epochs: validation.enumerated().map {
                   EpochRecord(epoch: $0 + 1, trainLoss: 0.5, trainAccuracy: 0.8, testLoss: 0.5, testAccuracy: 0.8,
                               learningRate: 0.1, validationAccuracy: $1)
                 }, probes: [:], layerProbes: [], curveProbes: [:], seconds: 0, samplesPerSecond: 0)
    }
    let rising = [0.80, 0.82, 0.83, 0.84, 0.85, 0.86]  // gained a point in its last quarter
    #expect(record(rising).converged(configuration) == true)  // stopped at 6 of 8 epochs
    #expect(record(rising + [0.87, 0.88]).converged(configuration) == false)  // the cap, still improving
    #expect(record(rising + [0.86, 0.86]).converged(configuration) == true)  // the cap, on a plateau
    configuration.earlyStoppingPatience = nil
    #expect(record(rising).converged(configuration) == false)
  }

  /// Paired differences of SD 0.5 points and a 0.5-point smallest effect, 2 comparisons (alpha 0.025):
  /// the count is TTestPower.seeds for those numbers, and the reason says where they came from.
  @Test func seedCountComesFromThePairedSpreadOfTheTuningRuns() {
    struct Two: Experiment {
      let id = "two", title = "", claim = "", source = ""
      let pairsArms = true
      func seedCount(for profile: Profile) -> Int { 4 }
      func arms(for profile: Profile) -> [Arm] {
        let c = TuningTests.base
        return [Arm("a", c, tuning: .learningRate([0.01, 0.1])), Arm("b", c, tuning: .learningRate([0.01, 0.1]))]
      }
      let subClaims = [SubClaim("x", "", smallestEffect: 0.005, rules: [
        .notWorse("a", than: "b", margin: 0.005, metric: .finalTestAccuracy),
        .beats("a", ["b"], metric: .finalTestAccuracy)])]
    }
    let plan = ExperimentPlan(Two(), profile: .full)
    // Seed offsets shared by both arms cancel in the differences; what is left is ±0.5 points at the
    // selected value 0.1 (0.01 always scores lower).
    let offsets: [Int: Double] = [1000: 0.01, 1001: -0.02, 1002: 0.005, 1003: 0.0]
    let own: [String: [Int: Double]] = ["a": [1000: 0.005, 1001: -0.005, 1002: 0.005, 1003: -0.005],
                                        "b": [1000: 0, 1001: 0, 1002: 0, 1003: 0]]
    let tunings = plan.arms.map { arm in
      ArmTuning(arm: arm, tuning: arm.tuning!, seeds: Tuning.seeds(4)) { key in
        let rate = TuningTests.rate(key)
        return TuningTests.record(key, score: 0.85 + (rate > 0.05 ? 0.01 : 0) + offsets[key.seed]! + own[arm.name]![key.seed]!)
      }
    }
    let choice = try! #require(SeedChoice.fromTuning(plan, tunings, cap: 30))
    // SD of the differences (0.005, −0.005, 0.005, −0.005) is 0.005774, 3 df; its 80% upper limit is
    // 0.005774 · sqrt(3 / 1.0051740130523492) = 0.009975 (scipy 1.17.1: chi2.ppf(0.2, 3)).
    let sd = Summary([0.005, -0.005, 0.005, -0.005]).standardDeviation * (3 / 1.0051740130523492).squareRoot()
    #expect(abs(SeedChoice.upperLimitFactor(degreesOfFreedom: 3) - (3 / 1.0051740130523492).squareRoot()) < 1e-9)
    // scipy 1.17.1: chi2.ppf(0.2, 1) = 0.0641847546673016: one df multiplies the SD by about 3.95.
    #expect(abs(SeedChoice.upperLimitFactor(degreesOfFreedom: 1) - (1 / 0.0641847546673016).squareRoot()) < 1e-8)
    #expect(choice.seeds == TTestPower.seeds(effect: 0.005, standardDeviation: sd, alpha: 0.025, design: .paired,
                                             cap: 30, minimum: SeedChoice.minimum))
    #expect(choice.reason.contains("SD of paired differences 1.00 points (80% upper limit, 3 df)"))
    #expect(choice.reason.contains("alpha 0.05/2"))
    // An experiment's `seedMinimum` is a floor under the calculation (lr-schedules: 20), and the reason
    // says so: with a tenth of the spread the calculation asks for the default minimum, 5.
    let narrow = plan.arms.map { arm in
      ArmTuning(arm: arm, tuning: arm.tuning!, seeds: Tuning.seeds(4)) { key in
        let rate = TuningTests.rate(key)
        return TuningTests.record(key, score: 0.85 + (rate > 0.05 ? 0.01 : 0) + offsets[key.seed]! + own[arm.name]![key.seed]! / 10)
      }
    }
    #expect(SeedChoice.fromTuning(plan, narrow, cap: 30)?.seeds == SeedChoice.minimum)
    let floored = try! #require(SeedChoice.fromTuning(plan, narrow, cap: 30, minimum: 12))
    #expect(floored.seeds == 12 && floored.reason.contains("at least 12, capped at 30"))
    #expect(floored.reason.contains("the experiment's floor binds: the calculation alone gives 5"))
    #expect(!(SeedChoice.fromTuning(plan, narrow, cap: 30)?.reason.contains("floor") ?? true))
  }

  /// subclaims.csv's budget column: a patience as long as the budget never stops a run, so it is a fixed
  /// budget that keeps the best-validation epoch, not a plateau (momentum-values).
  @Test func budgetWordsTellAFixedBudgetFromAPlateau() {
    struct Budgets: Experiment {
      let id = "budgets", title = "", claim = "", source = ""
      func seedCount(for profile: Profile) -> Int { 2 }
      func arms(for profile: Profile) -> [Arm] {
        var fixed = TuningTests.base, plateau = TuningTests.base, plain = TuningTests.base
        fixed.epochs = 20
        fixed.earlyStoppingPatience = 20
        plateau.epochs = 40
        plateau.earlyStoppingPatience = 5
        plain.epochs = 3
        return [Arm("fixed", fixed), Arm("plateau", plateau), Arm("plain", plain)]
      }
      let subClaims: [SubClaim] = []
    }
    let tables = Tables(plan: ExperimentPlan(Budgets(), profile: .full), cells: [])
    #expect(tables.budgetWords(["fixed"]) == "20 epochs (best-validation epoch kept)")
    #expect(tables.budgetWords(["plateau"]) == "to a validation plateau (patience 5, at most 40 epochs)")
    #expect(tables.budgetWords(["plain"]) == "3 epochs")
  }

  /// A probe named as an accuracy is reported in accuracy points like the other accuracies
  /// (random-vs-grid-search's best_validation_accuracy); other probes keep their own unit.
  @Test func accuracyProbesAreInPoints() {
    #expect(Metric.probe("best_validation_accuracy").isAccuracy)
    #expect(!Metric.probe("gradient_norm_ratio").isAccuracy)
    #expect(!Metric.lowerProbe("train_loss_inference").isAccuracy)
  }

  /// TrainingData's validation split is disjoint from its training subset, and the test set is the
  /// separate test file: no example is in two of them.
  @Test func validationNeverOverlapsTrainingOrTest() throws {
    // Rows say which example they are: train ids 0..<400, test ids 1000..<1100.
    func numbered(_ ids: Range<Int>) -> Dataset {
      Dataset(features: ids.flatMap { [Float($0), 0] }, labels: ids.map { Int32($0 % 5) }, width: 2, classes: 5)
    }
    let train = numbered(0..<400), test = numbered(1000..<1100)
    var configuration = TuningTests.base
    configuration.network.inputWidth = 2
    configuration.network.outputWidth = 5
    configuration.trainSubset = 150
    configuration.validationSplit = 100
    for seed in 0..<3 {
      let data = try TrainingData(configuration, train: train, test: test,
                                  streams: RunStreams(experiment: "protocol", arm: "paired", seed: seed))
      func ids(_ set: (any ExampleSet)?) -> Set<Int> {
        guard let dataset = set as? Dataset else { return [] }
        return Set((0..<dataset.count).map { Int(dataset.features[2 * $0]) })
      }
      let t = ids(data.train), v = ids(data.validation), s = ids(data.test)
      #expect(t.count == 150 && v.count == 100 && s.count == 100)
      #expect(t.isDisjoint(with: v) && t.isDisjoint(with: s) && v.isDisjoint(with: s))
    }
  }

  /// Arms that differ only in preprocessing are paired (input-normalization compares them by seed), and
  /// TrainingData draws the same examples in the same order whatever the pixel values: the split and the
  /// subset depend on the streams alone. Negative control: another subset size does not pair.
  @Test func preprocessingDoesNotUnpairArms() throws {
    var standardized = TuningTests.base, raw = TuningTests.base
    standardized.preprocessing = .standardized
    raw.preprocessing = .raw255
    #expect(Arm("z", standardized).pairs(with: Arm("raw", raw)))
    var smaller = raw
    smaller.trainSubset = (raw.trainSubset ?? 60_000) / 2
    #expect(!Arm("z", standardized).pairs(with: Arm("half", smaller)))

    // The same 400 examples, once as ids and once scaled as a preprocessing would: the drawn rows match.
    func examples(scale: Float) -> Dataset {
      Dataset(features: (0..<400).flatMap { [Float($0) * scale, 0] }, labels: (0..<400).map { Int32($0 % 5) },
              width: 2, classes: 5)
    }
    var configuration = TuningTests.base
    configuration.network.inputWidth = 2
    configuration.network.outputWidth = 5
    configuration.trainSubset = 150
    configuration.validationSplit = 100
    // Each run has its own streams (they are stateful), named alike in a paired experiment.
    func streams() -> RunStreams { RunStreams(experiment: "protocol", arm: "paired", seed: 3) }
    let a = try TrainingData(configuration, train: examples(scale: 1), test: examples(scale: 1), streams: streams())
    let b = try TrainingData(configuration, train: examples(scale: 1 / 255), test: examples(scale: 1), streams: streams())
    func rows(_ set: (any ExampleSet)?, scale: Float) -> [Int] {
      guard let dataset = set as? Dataset else { return [] }
      return (0..<dataset.count).map { Int((dataset.features[2 * $0] / scale).rounded()) }
    }
    #expect(rows(a.train, scale: 1) == rows(b.train, scale: 1 / 255))
    #expect(rows(a.validation, scale: 1) == rows(b.validation, scale: 1 / 255))
    #expect(rows(a.train, scale: 1).count == 150)
  }
}
