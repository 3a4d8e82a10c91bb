import Harness
import Testing
import TrainingCore

/// The three outcomes on hand-made cases for every rule kind: supported when the claimed effect is
/// significant, contradicted when the data rule it out, inconclusive when they cannot tell.
@Suite struct ThreeOutcomeTests {
  /// A cell whose final test accuracy is `accuracy` (below 0.2: a stalled run).
  static func cell(_ arm: String, _ seed: Int, _ accuracy: Double, diverged: Bool = false) -> CellRecord {
    CellRecord(formatVersion: CellRecord.formatVersion, experiment: "outcomes", arm: arm, seed: seed, fingerprint: "",
               status: diverged ? "diverged" : "ok", divergedEpoch: diverged ? 1 : nil, divergedStep: diverged ? 3 : nil,
               epochs: [EpochRecord(epoch: 1, trainLoss: 1 - accuracy, trainAccuracy: accuracy,
                                    testLoss: 1 - accuracy, testAccuracy: accuracy, learningRate: 0.1)],
               probes: [:], layerProbes: [], curveProbes: [:], seconds: 0, samplesPerSecond: 0)
  }

  /// Ten seeds: `center` plus a per-seed offset shared by every arm (what paired streams give) and a
  /// small independent wobble.
  static func arm(_ name: String, _ center: Double, shared: Double = 0.002, own: Double = 0.0005) -> [CellRecord] {
    (0..<10).map { seed in
      let common = shared * Double(seed % 5 - 2), wobble = own * Double((seed * 7 + name.count) % 3 - 1)
      return cell(name, seed, center + common + wobble)
    }
  }

  func outcome(_ cells: [CellRecord], smallestEffect: Double? = nil, paired: Bool = false,
               _ rules: [DecisionRule]) -> Outcome {
    VerdictBuilder(experimentID: "outcomes", cells: cells, metrics: [.finalTestAccuracy], pairs: { _, _ in paired })
      .verdict(for: [SubClaim("x", "test", smallestEffect: smallestEffect, rules: rules)]).outcomes[0].outcome
  }

  @Test func beats() {
    let cells = Self.arm("a", 0.880) + Self.arm("b", 0.860) + Self.arm("c", 0.8795)
    #expect(outcome(cells, [.beats("a", ["b"], metric: .finalTestAccuracy)]) == .supported)
    #expect(outcome(cells, [.beats("b", ["a"], metric: .finalTestAccuracy)]) == .contradicted)
    // 0.05 points apart with a 0.2-point spread: no test can tell.
    #expect(outcome(cells, [.beats("a", ["c"], metric: .finalTestAccuracy)]) == .inconclusive)
    // Paired, the shared offsets cancel and the same 0.05 points are a clear effect ...
    #expect(outcome(cells, paired: true, [.beats("a", ["c"], metric: .finalTestAccuracy)]) == .supported)
    // ... and with a smallest effect of interest of 1 point, "c beats a" is ruled out: c is not ahead by
    // anything near 1 point.
    #expect(outcome(cells, smallestEffect: 0.01, [.beats("c", ["a"], metric: .finalTestAccuracy)]) == .contradicted)
  }

  @Test func ordering() {
    let cells = Self.arm("a", 0.88) + Self.arm("b", 0.86) + Self.arm("c", 0.84) + Self.arm("d", 0.8401)
    #expect(outcome(cells, [.ordering(["a", "b", "c"], metric: .finalTestAccuracy)]) == .supported)
    #expect(outcome(cells, [.ordering(["a", "c", "b"], metric: .finalTestAccuracy)]) == .contradicted)
    #expect(outcome(cells, [.ordering(["a", "c", "d"], metric: .finalTestAccuracy)]) == .inconclusive)
  }

  @Test func notWorse() {
    let cells = Self.arm("a", 0.880) + Self.arm("b", 0.881) + Self.arm("far", 0.860) + Self.arm("edge", 0.871)
    #expect(outcome(cells, [.notWorse("a", than: "b", margin: 0.01, metric: .finalTestAccuracy)]) == .supported)
    #expect(outcome(cells, [.notWorse("far", than: "a", margin: 0.01, metric: .finalTestAccuracy)]) == .contradicted)
    // 0.9 points worse against a 1-point margin, with a 0.2-point spread: cannot tell.
    #expect(outcome(cells, [.notWorse("edge", than: "a", margin: 0.01, metric: .finalTestAccuracy)]) == .inconclusive)
    // A negative margin asks for superiority by a margin: 2 points ahead beats a 1-point margin.
    #expect(outcome(cells, [.notWorse("a", than: "far", margin: -0.01, metric: .finalTestAccuracy)]) == .supported)
    #expect(outcome(cells, [.notWorse("a", than: "b", margin: -0.01, metric: .finalTestAccuracy)]) == .contradicted)
  }

  @Test func equivalent() {
    let cells = Self.arm("a", 0.880) + Self.arm("b", 0.881) + Self.arm("far", 0.860) + Self.arm("edge", 0.8705)
    #expect(outcome(cells, [.equivalent("a", "b", margin: 0.01, metric: .finalTestAccuracy)]) == .supported)
    #expect(outcome(cells, [.equivalent("a", "far", margin: 0.01, metric: .finalTestAccuracy)]) == .contradicted)
    #expect(outcome(cells, [.equivalent("a", "edge", margin: 0.01, metric: .finalTestAccuracy)]) == .inconclusive)
  }

  @Test func thresholds() {
    let cells = Self.arm("low", 0.10) + Self.arm("high", 0.50) + Self.arm("near", 0.2005)
    #expect(outcome(cells, [.below("low", threshold: 0.2, metric: .finalTestAccuracy)]) == .supported)
    #expect(outcome(cells, [.below("high", threshold: 0.2, metric: .finalTestAccuracy)]) == .contradicted)
    #expect(outcome(cells, [.below("near", threshold: 0.2, metric: .finalTestAccuracy)]) == .inconclusive)
    #expect(outcome(cells, [.above("high", threshold: 0.2, metric: .finalTestAccuracy)]) == .supported)
    #expect(outcome(cells, [.above("low", threshold: 0.2, metric: .finalTestAccuracy)]) == .contradicted)
    #expect(outcome(cells, [.above("near", threshold: 0.2, metric: .finalTestAccuracy)]) == .inconclusive)
  }

  /// Failure rates by Fisher's exact test; failed runs are left out of accuracy comparisons.
  @Test func failureRates() {
    let good = Self.arm("good", 0.88)
    let bad = (0..<10).map { Self.cell("bad", $0, 0.88, diverged: $0 < 8) }
    let some = (0..<10).map { Self.cell("some", $0, $0 < 1 ? 0.1 : 0.88) }  // one stalled run
    let cells = good + bad + some
    #expect(outcome(cells, [.failsLessOften("good", than: "bad")]) == .supported)  // 0/10 vs 8/10
    #expect(outcome(cells, [.failsLessOften("bad", than: "good")]) == .contradicted)
    #expect(outcome(cells, [.failsLessOften("good", than: "some")]) == .inconclusive)  // 0/10 vs 1/10
    let builder = VerdictBuilder(experimentID: "outcomes", cells: cells, metrics: [.finalTestAccuracy])
    #expect(builder.runs["bad"]?.total == 10 && builder.runs["bad"]?.failed == 8)
    #expect(builder.runs["some"]?.total == 10 && builder.runs["some"]?.failed == 1)
    // Accuracy comparisons see only the runs that trained: "some" without its stalled run is 0.88.
    let verdict = builder.verdict(for: [SubClaim("x", "t", rules: [.notWorse("some", than: "good", margin: 0.01,
                                                                          metric: .finalTestAccuracy)])])
    #expect(verdict.comparisons[0].countA == 9)
    #expect(verdict.outcomes[0].outcome == .supported)
    #expect(verdict.outcomes[0].reasons[0].contains("1 of 10 runs diverged or stalled"))
  }

  @Test func subClaimsAndClaims() {
    let cells = Self.arm("a", 0.88) + Self.arm("b", 0.86) + Self.arm("c", 0.8795)
    let builder = VerdictBuilder(experimentID: "outcomes", cells: cells, metrics: [.finalTestAccuracy])
    let beatsAB = DecisionRule.beats("a", ["b"], metric: .finalTestAccuracy)
    let beatsBA = DecisionRule.beats("b", ["a"], metric: .finalTestAccuracy)
    let beatsAC = DecisionRule.beats("a", ["c"], metric: .finalTestAccuracy)
    // A sub-claim is contradicted when any of its rules is, supported only when all are.
    #expect(builder.verdict(for: [SubClaim("1", "", rules: [beatsAB, beatsBA])]).outcomes[0].outcome == .contradicted)
    #expect(builder.verdict(for: [SubClaim("1", "", rules: [beatsAB, beatsAC])]).outcomes[0].outcome == .inconclusive)
    let all = builder.verdict(for: [SubClaim("1", "", rules: [beatsAB]), SubClaim("2", "", rules: [beatsBA]),
                                    SubClaim("3", "", rules: [beatsAC])])
    #expect(all.kind == .mixed && all.counts == "1 supported, 1 contradicted, 1 inconclusive")
    #expect(builder.verdict(for: [SubClaim("1", "", rules: [beatsAB])]).kind == .reproduced)
    #expect(builder.verdict(for: [SubClaim("1", "", rules: [beatsBA])]).kind == .contradicted)
    #expect(builder.verdict(for: [SubClaim("1", "", rules: [beatsAC])]).kind == .inconclusive)
  }

  /// The paired test is the one scipy.stats.ttest_rel gives on the finals: a − b aligned by seed.
  @Test func pairedComparisonsAlignBySeed() {
    // "b" lacks seed 3 (diverged): the pairs are the nine seeds both trained.
    let a = Self.arm("a", 0.88), b = Self.arm("b", 0.87).map { $0.seed == 3 ? Self.cell("b", 3, 0.9, diverged: true) : $0 }
    let verdict = VerdictBuilder(experimentID: "outcomes", cells: a + b, metrics: [.finalTestAccuracy],
                                 pairs: { _, _ in true })
      .verdict(for: [SubClaim("x", "", rules: [.beats("a", ["b"], metric: .finalTestAccuracy)])])
    let c = verdict.comparisons[0]
    #expect(c.paired && c.test == "paired-t" && c.countA == 9 && c.countB == 9)
    let differences = (0..<10).filter { $0 != 3 }.map { seed in
      a[seed].epochs[0].testAccuracy - b[seed].epochs[0].testAccuracy
    }
    #expect(abs(c.differenceOfMeans - differences.reduce(0, +) / 9) < 1e-12)
    #expect(c.degreesOfFreedom == 8)
  }
}
