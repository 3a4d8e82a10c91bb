import Harness
import Testing
import TrainingCore

/// Decision rules on hand-made cell records: each rule is supported or contradicted when the data say so,
/// inconclusive when they cannot tell (see also ThreeOutcomeTests).
@Suite struct DecisionRuleTests {
  /// A finished cell whose final test accuracy is `accuracy` (and loss 1 − accuracy).
  func cell(_ arm: String, _ seed: Int, _ accuracy: Double, probe: Double? = nil, diverged: Bool = false) -> CellRecord {
    CellRecord(formatVersion: CellRecord.formatVersion, experiment: "rules", arm: arm, seed: seed, fingerprint: "",
               status: diverged ? "diverged" : "ok", divergedEpoch: diverged ? 1 : nil, divergedStep: diverged ? 3 : nil,
               epochs: [EpochRecord(epoch: 1, trainLoss: 1 - accuracy, trainAccuracy: accuracy + 0.05,
                                    testLoss: 1 - accuracy, testAccuracy: accuracy, learningRate: 0.1)],
               probes: probe.map { ["units": $0] } ?? [:], layerProbes: [], curveProbes: [:], seconds: 0, samplesPerSecond: 0)
  }

  /// Ten seeds around `center` with a small, fixed spread.
  func arm(_ name: String, _ center: Double, probe: Double? = nil) -> [CellRecord] {
    (0..<10).map { cell(name, $0, center + 0.002 * Double($0 % 5 - 2), probe: probe) }
  }

  func verdict(_ cells: [CellRecord], _ rules: [DecisionRule]) -> Verdict {
    VerdictBuilder(experimentID: "rules", cells: cells,
                   metrics: [.finalTestAccuracy, .finalTestLoss, .probe("units")])
      .verdict(for: [SubClaim("x", "test", rules: rules)])
  }

  @Test func beatsHoldsOnlyInTheClaimedDirection() {
    let cells = arm("good", 0.88) + arm("bad", 0.85)
    #expect(verdict(cells, [.beats("good", ["bad"], metric: .finalTestAccuracy)]).kind == .reproduced)
    #expect(verdict(cells, [.beats("bad", ["good"], metric: .finalTestAccuracy)]).kind == .contradicted)
    // Losses: lower is better, so "good" (loss 0.12) beats "bad" (loss 0.15).
    #expect(verdict(cells, [.beats("good", ["bad"], metric: .finalTestLoss)]).kind == .reproduced)
    #expect(verdict(cells, [.beats("good", ["bad"], metric: .finalTestAccuracy, test: .mannWhitney)]).kind == .reproduced)
  }

  @Test func orderingChecksAdjacentPairs() {
    let cells = arm("a", 0.88) + arm("b", 0.86) + arm("c", 0.84)
    #expect(verdict(cells, [.ordering(["a", "b", "c"], metric: .finalTestAccuracy)]).kind == .reproduced)
    #expect(verdict(cells, [.ordering(["a", "c", "b"], metric: .finalTestAccuracy)]).kind == .contradicted)
  }

  @Test func equivalenceAndNonInferiority() {
    let cells = arm("a", 0.880) + arm("b", 0.881) + arm("far", 0.86)
    #expect(verdict(cells, [.equivalent("a", "b", margin: 0.01, metric: .finalTestAccuracy)]).kind == .reproduced)
    #expect(verdict(cells, [.equivalent("a", "far", margin: 0.01, metric: .finalTestAccuracy)]).kind == .contradicted)
    #expect(verdict(cells, [.notWorse("a", than: "b", margin: 0.01, metric: .finalTestAccuracy)]).kind == .reproduced)
    #expect(verdict(cells, [.notWorse("far", than: "a", margin: 0.01, metric: .finalTestAccuracy)]).kind == .contradicted)
  }

  @Test func thresholdsWithAndWithoutSpread() {
    let cells = arm("a", 0.10, probe: 1) + arm("b", 0.5, probe: 128)
    #expect(verdict(cells, [.below("a", threshold: 0.2, metric: .finalTestAccuracy),
                            .below("a", threshold: 1.5, metric: .probe("units"))]).kind == .reproduced)
    #expect(verdict(cells, [.below("b", threshold: 1.5, metric: .probe("units"))]).kind == .contradicted)
    #expect(verdict(cells, [.above("b", threshold: 0.2, metric: .finalTestAccuracy)]).kind == .reproduced)
  }

  /// A probe named by a lower-is-better rule is also among the probe metrics every table lists: the two
  /// must not put each seed into the sample twice (a regression: the tests then saw 20 values per arm,
  /// df about 36 instead of at most 18, and too small p-values).
  @Test func aProbeNamedTwoWaysIsSampledOnce() {
    let cells = (0..<10).map { cell("a", $0, 0.8, probe: 1 + 0.1 * Double($0)) }
      + (0..<10).map { cell("b", $0, 0.8, probe: 2 + 0.1 * Double($0 % 3)) }
    let result = VerdictBuilder(experimentID: "rules", cells: cells, metrics: [.probe("units"), .lowerProbe("units")])
      .verdict(for: [SubClaim("x", "test", rules: [.beats("a", ["b"], metric: .lowerProbe("units"))])])
    let comparison = result.comparisons.first
    #expect(comparison?.degreesOfFreedom ?? 0 > 9 && comparison?.degreesOfFreedom ?? 99 <= 18,
            "df \(String(describing: comparison?.degreesOfFreedom)) for 10 seeds per arm")
  }

  @Test func mixedWhenSubClaimsDisagree() {
    let cells = arm("good", 0.88) + arm("bad", 0.85)
    let builder = VerdictBuilder(experimentID: "rules", cells: cells, metrics: [.finalTestAccuracy])
    let result = builder.verdict(for: [
      SubClaim("1", "holds", rules: [.beats("good", ["bad"], metric: .finalTestAccuracy)]),
      SubClaim("2", "fails", rules: [.beats("bad", ["good"], metric: .finalTestAccuracy)]),
    ])
    #expect(result.kind == .mixed)
    #expect(result.outcomes.map(\.outcome) == [.supported, .contradicted])
    #expect(result.counts == "1 supported, 1 contradicted")
  }

  @Test func missingArmCannotBeDecided() {
    let result = verdict(arm("good", 0.88), [.beats("good", ["absent"], metric: .finalTestAccuracy)])
    #expect(result.kind == .inconclusive)
    #expect(result.outcomes[0].reasons[0].contains("cannot decide"))
    #expect(result.outcomes[0].reasons[0].contains("absent"))
  }

  @Test func holmAdjustsAcrossTheWholeExperiment() {
    let cells = arm("a", 0.88) + arm("b", 0.87) + arm("c", 0.86)
    let result = verdict(cells, [.beats("a", ["b", "c"], metric: .finalTestAccuracy)])
    let p = result.comparisons.map(\.pValue), adjusted = result.comparisons.map(\.pAdjusted)
    #expect(adjusted.count == 2)
    #expect(zip(p, adjusted).allSatisfy { $1 >= $0 })
    let smallest = p.min()!
    #expect(adjusted[p.firstIndex(of: smallest)!] == min(1, 2 * smallest))
  }

  /// A stalled run (accuracy 0.1) is left out of accuracy comparisons but not of probe comparisons: a
  /// probe is often measured at initialization, before the run stalled.
  @Test func stalledRunsKeepTheirProbes() {
    let cells = arm("stuck", 0.1, probe: 1) + arm("fine", 0.8, probe: 2)
    let result = verdict(cells, [.beats("fine", ["stuck"], metric: .probe("units")),
                                 .beats("fine", ["stuck"], metric: .finalTestAccuracy)])
    #expect(result.comparisons.count == 1 && result.comparisons[0].countB == 10)
    #expect(result.outcomes[0].reasons[1].contains("fewer than two trained runs of stuck"))
  }

  @Test func divergedCellsCountAsChanceAccuracy() {
    let cells = (0..<4).map { cell("dead", $0, 0.9, diverged: true) }
    #expect(Metric.finalTestAccuracy.value(of: cells[0], classes: 10) == 0.1)
    #expect(Metric.finalTestLoss.value(of: cells[0], classes: 10) == nil)
  }

  /// `trainLoss(epoch:)` reads the named epoch, not the last, and lower is better: "fast" has the lower
  /// epoch-1 loss but the higher final loss, so it beats "slow" on the first and loses on the second.
  @Test func trainLossAtAnEpochReadsThatEpoch() {
    func twoEpochs(_ arm: String, _ seed: Int, first: Double, last: Double) -> CellRecord {
      CellRecord(formatVersion: CellRecord.formatVersion, experiment: "rules", arm: arm, seed: seed, fingerprint: "",
                 status: "ok", divergedEpoch: nil, divergedStep: nil,
                 epochs: [EpochRecord(epoch: 1, trainLoss: first, trainAccuracy: 0.5, testLoss: 1, testAccuracy: 0.5,
                                      learningRate: 0.1),
                          EpochRecord(epoch: 2, trainLoss: last, trainAccuracy: 0.6, testLoss: 1, testAccuracy: 0.6,
                                      learningRate: 0.1)],
                 probes: [:], layerProbes: [], curveProbes: [:], seconds: 0, samplesPerSecond: 0)
    }
    let spread = { (seed: Int) in 0.002 * Double(seed % 5 - 2) }
    let cells = (0..<10).map { twoEpochs("fast", $0, first: 0.6 + spread($0), last: 0.42 + spread($0)) }
      + (0..<10).map { twoEpochs("slow", $0, first: 0.9 + spread($0), last: 0.40 + spread($0)) }
    #expect(Metric.trainLoss(epoch: 1).description == "train_loss_epoch1")
    #expect(Metric.trainLoss(epoch: 2).value(of: cells[0], classes: 10) == 0.42 - 0.004)
    #expect(Metric.trainLoss(epoch: 3).value(of: cells[0], classes: 10) == nil)
    let builder = VerdictBuilder(experimentID: "rules", cells: cells,
                                 metrics: [.trainLoss(epoch: 1), .finalTrainLoss])
    #expect(builder.verdict(for: [SubClaim("x", "epoch 1", rules: [
      .beats("fast", ["slow"], metric: .trainLoss(epoch: 1))])]).kind == .reproduced)
    #expect(builder.verdict(for: [SubClaim("x", "final", rules: [
      .beats("fast", ["slow"], metric: .finalTrainLoss)])]).kind == .contradicted)
    #expect(Metric.trainLoss(epoch: 1).value(of: cell("dead", 0, 0.9, diverged: true), classes: 10) == nil)
  }
}
