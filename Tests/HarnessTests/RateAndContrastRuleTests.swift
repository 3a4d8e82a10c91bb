import Harness
import Testing
import TrainingCore

/// The two rules for claims a mean comparison misreads: `often` (k of n runs on one side of a threshold,
/// for bimodal outcomes) and `degradesLess` (a ratio of two degradations, for "less sensitive"), each
/// supported, contradicted and inconclusive on hand-made cases, and their p-values against scipy 1.17.1.
@Suite struct RateAndContrastRuleTests {
  typealias Cases = ThreeOutcomeTests

  /// Ten runs of `arm`, `above` of them at 0.8 accuracy and the rest at 0.3.
  static func bimodal(_ arm: String, above: Int) -> [CellRecord] {
    (0..<10).map { Cases.cell(arm, $0, $0 < above ? 0.8 : 0.3) }
  }

  func verdict(_ cells: [CellRecord], metric: Metric = .finalTestAccuracy, paired: Bool = false,
               _ rules: [DecisionRule]) -> SubClaimOutcome {
    VerdictBuilder(experimentID: "rules", cells: cells, metrics: [metric], pairs: { _, _ in paired })
      .verdict(for: [SubClaim("x", "test", rules: rules)]).outcomes[0]
  }

  @Test func oftenCountsRunsNotMeans() throws {
    let cells = Self.bimodal("always", above: 10) + Self.bimodal("never", above: 0) + Self.bimodal("six", above: 6)
    let rule = { (arm: String) in DecisionRule.often(arm, metric: .finalTestAccuracy, below: false, threshold: 0.5, rate: 0.5) }
    // 10 of 10 against 0.5: p = 0.5^10 = 0.0009765625 (scipy binomtest(10, 10, 0.5, 'greater')).
    let always = verdict(cells, [rule("always")])
    #expect(always.outcome == .supported)
    let row = try #require(always.comparisons.first)
    #expect(row.pValue == 0.0009765625 && row.countA == 10 && row.countB == 10 && row.differenceOfMeans == 0.5)
    #expect(verdict(cells, [rule("never")]).outcome == .contradicted)
    // 6 of 10: p = 0.377 either way.
    #expect(verdict(cells, [rule("six")]).outcome == .inconclusive)
    #expect(verdict(cells, [.often("never", metric: .finalTestAccuracy, below: true, threshold: 0.5, rate: 0.5)])
      .outcome == .supported)
  }

  /// A regression error (lower is better) on clean data (`l1`, `l2`) and with outliers (`l1-out`, `l2-out`).
  static func rmse(_ arm: String, _ values: [Double]) -> [CellRecord] {
    values.enumerated().map { seed, value in
      var cell = Cases.cell(arm, seed, 0.5)
      cell.probes = ["test_rmse": value]
      return cell
    }
  }

  static let l1 = [0.30, 0.32, 0.31, 0.35], l1Out = [0.36, 0.37, 0.40, 0.41]
  static let l2 = [0.29, 0.33, 0.30, 0.34], l2Out = [1.9, 2.3, 2.1, 2.6]
  static let cells = rmse("l1", l1) + rmse("l1-out", l1Out) + rmse("l2", l2) + rmse("l2-out", l2Out)

  func degrades(_ arm: String, _ base: String, _ other: String, _ otherBase: String, ratio: Double,
                paired: Bool = true) -> SubClaimOutcome {
    verdict(Self.cells, metric: .lowerProbe("test_rmse"), paired: paired,
            [.degradesLess(arm, base: base, than: other, otherBase: otherBase, ratio: ratio, metric: .lowerProbe("test_rmse"))])
  }

  /// References: c = 0.5 · (l2-out − l2) − (l1-out − l1) per seed; scipy ttest_1samp(c, 0, 'greater'):
  /// mean 0.89, t 12.3968337679298, p 0.0005654933380670208. Unpaired, the Welch-Satterthwaite contrast
  /// (the same formula in numpy): t 11.619683535042826, df 3.320861334561009, p 0.00041873704874496794.
  @Test func degradesLessTestsTheContrastOfTheTwoDegradations() throws {
    let paired = degrades("l1-out", "l1", "l2-out", "l2", ratio: 0.5)
    #expect(paired.outcome == .supported)
    let row = try #require(paired.comparisons.first)
    #expect(abs(row.differenceOfMeans - 0.89) < 1e-12)
    #expect(abs(row.statistic - 12.3968337679298) < 1e-9 && abs(row.pValue - 0.0005654933380670208) < 1e-12)
    #expect(row.paired && row.test == "paired-t-contrast")
    let welch = try #require(degrades("l1-out", "l1", "l2-out", "l2", ratio: 0.5, paired: false).comparisons.first)
    #expect(abs(welch.statistic - 11.619683535042826) < 1e-9 && abs(welch.degreesOfFreedom - 3.320861334561009) < 1e-9)
    #expect(abs(welch.pValue - 0.00041873704874496794) < 1e-12 && !welch.paired)
  }

  @Test func degradesLessHasThreeOutcomes() {
    // L2 degrades far more than L1: "L2 degrades less than L1" is ruled out.
    #expect(degrades("l2-out", "l2", "l1-out", "l1", ratio: 1).outcome == .contradicted)
    // L1's degradation (0.065 on average) is 0.034 of L2's (1.91): at that ratio the per-seed contrasts
    // are −0.005, 0.017, −0.029, 0.017, within noise of 0.
    #expect(degrades("l1-out", "l1", "l2-out", "l2", ratio: 0.034).outcome == .inconclusive)
  }
}
