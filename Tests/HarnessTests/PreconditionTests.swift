import Foundation
import Testing
@testable import Harness
@testable import TrainingCore

/// Sub-claim preconditions (`SubClaim.preconditions`): a sub-claim whose premise is not supported is
/// inconclusive whatever its rules say, and says which precondition failed.
@Suite struct PreconditionTests {
  /// "a" beats "b" by 2 points (supported on its own); "small", "large" and "near" sit below, above and
  /// at 0.5, the threshold of the preconditions.
  static let cells = ThreeOutcomeTests.arm("a", 0.88) + ThreeOutcomeTests.arm("b", 0.86)
    + ThreeOutcomeTests.arm("small", 0.30) + ThreeOutcomeTests.arm("large", 0.70) + ThreeOutcomeTests.arm("near", 0.5005)
  static let claim = DecisionRule.beats("a", ["b"], metric: .finalTestAccuracy)

  static func precondition(_ arm: String) -> DecisionRule { .below(arm, threshold: 0.5, metric: .finalTestAccuracy) }

  func verdict(precondition arm: String, rules: [DecisionRule] = [claim]) -> Verdict {
    VerdictBuilder(experimentID: "preconditions", cells: Self.cells, metrics: [.finalTestAccuracy])
      .verdict(for: [SubClaim("x", "a beats b, given that the arm is below 0.5",
                              preconditions: [Self.precondition(arm)], rules: rules)])
  }

  @Test func aPreconditionThatHoldsLeavesTheRulesToDecide() throws {
    let verdict = verdict(precondition: "small")
    let outcome = try #require(verdict.outcomes.first)
    #expect(outcome.outcome == .supported)
    #expect(outcome.unmetPreconditions.isEmpty)
    #expect(outcome.reasons.count == 2)
    #expect(outcome.reasons[0].hasPrefix("precondition supported: mean final_test_accuracy of small is below 0.5"))
    #expect(outcome.reasons[1].hasPrefix("supported: a beats b"))
    // The precondition is a test of the experiment: in significance.csv's rows and the Holm families.
    #expect(verdict.comparisons.map(\.armA) == ["small", "a"])
    // The sub-claim's numbers are its rules', never the precondition's.
    #expect(outcome.comparisons.map(\.armA) == ["a"] && outcome.binding?.armA == "a")
  }

  @Test func aContradictedPreconditionMakesTheSubClaimInconclusiveAndSaysWhich() throws {
    let outcome = try #require(verdict(precondition: "large").outcomes.first)
    #expect(outcome.outcome == .inconclusive)  // although "a beats b" is supported
    #expect(outcome.unmetPreconditions.count == 1 && outcome.unmetPreconditions[0].outcome == .contradicted)
    #expect(outcome.reasons[0].hasPrefix("precondition contradicted: mean final_test_accuracy of large is below 0.5"))
    #expect(outcome.reasons[1].hasPrefix("inconclusive because a precondition is not met (1 of 1 not supported): "
                                         + "mean final_test_accuracy of large is below 0.5"))
    #expect(outcome.reasons[1].contains("is contradicted"))
    #expect(outcome.reasons[2].hasPrefix("supported: a beats b"))
    // A rule that is contradicted does not contradict a claim whose premise failed either.
    let against = try #require(verdict(precondition: "large", rules: [.beats("b", ["a"], metric: .finalTestAccuracy)])
      .outcomes.first)
    #expect(against.outcome == .inconclusive)
  }

  @Test func anUndecidedPreconditionMakesTheSubClaimInconclusiveAndSaysWhich() throws {
    let outcome = try #require(verdict(precondition: "near").outcomes.first)
    #expect(outcome.outcome == .inconclusive)
    #expect(outcome.unmetPreconditions.count == 1 && outcome.unmetPreconditions[0].outcome == .inconclusive)
    #expect(outcome.reasons[0].hasPrefix("precondition inconclusive: mean final_test_accuracy of near is below 0.5"))
    #expect(outcome.reasons[1].contains("near is below 0.5 (one-sample t, Holm, alpha 0.05) is inconclusive"))
  }

  /// An experiment with one sub-claim per case and one without preconditions.
  struct PremiseExperiment: Experiment {
    var withPreconditions = true
    let id = "preconditions"
    let title = "preconditions"
    let claim = "a beats b where the premise holds"
    let source = "a test"
    var subClaims: [SubClaim] {
      let plain = SubClaim("plain", "a beats b", rules: [PreconditionTests.claim])
      guard withPreconditions else { return [plain] }
      return [SubClaim("holds", "a beats b, small below 0.5", preconditions: [PreconditionTests.precondition("small")],
                       rules: [PreconditionTests.claim]),
              SubClaim("fails", "a beats b, large below 0.5", preconditions: [PreconditionTests.precondition("large")],
                       rules: [PreconditionTests.claim]),
              SubClaim("undecided", "a beats b, near below 0.5", preconditions: [PreconditionTests.precondition("near")],
                       rules: [PreconditionTests.claim]),
              plain]
    }
    func arms(for profile: Profile) -> [Arm] {
      ["a", "b", "small", "large", "near"].map { name in
        Arm(name, RunConfiguration(network: NetworkSpec(hidden: [4], activation: .relu, initializer: .heNormal),
                                   optimizer: .sgd, schedule: .fixed(Fixed(base: 0.1)), batchSize: 2, epochs: 1))
      }
    }
    func seedCount(for profile: Profile) -> Int { 10 }
  }

  static func tables(withPreconditions: Bool) -> Tables {
    Tables(plan: ExperimentPlan(PremiseExperiment(withPreconditions: withPreconditions), profile: .quick), cells: cells)
  }

  @Test func subclaimsCsvNamesTheUnmetPreconditionInItsOwnColumn() {
    let lines = Self.tables(withPreconditions: true).subClaims.split(separator: "\n").map(String.init)
    #expect(lines[0].hasSuffix(",tuned,budget,converged,precondition"))
    #expect(lines[1].hasPrefix("holds,") && lines[1].contains(",supported,") && lines[1].hasSuffix(",met"))
    #expect(lines[2].hasPrefix("fails,") && lines[2].contains(",inconclusive,final_test_accuracy,2.0"))
    #expect(lines[2].hasSuffix(",\"not met: mean final_test_accuracy of large is below 0.5 (one-sample t, Holm, "
                               + "alpha 0.05) is contradicted\""))
    #expect(lines[3].hasPrefix("undecided,") && lines[3].contains(",inconclusive,")
            && lines[3].hasSuffix("is inconclusive\""))
    #expect(lines[4].hasPrefix("plain,") && lines[4].contains(",supported,") && lines[4].hasSuffix(","))
  }

  @Test func withoutPreconditionsTheTablesHaveNoPreconditionColumnOrText() {
    let tables = Self.tables(withPreconditions: false)
    #expect(tables.subClaims.hasPrefix("sub_claim,statement,outcome,metric,effect,ci_low,ci_high,unit,smallest_effect,"
                                       + "p_adjusted,seeds,min_detectable_effect,tuned,budget,converged\n"))
    // (The experiment's id and title are "preconditions"; nothing else may mention them.)
    #expect(!tables.verdictMarkdown.replacingOccurrences(of: "# preconditions: preconditions", with: "")
      .contains("precondition"))
    let withThem = Self.tables(withPreconditions: true).verdictMarkdown
    #expect(withThem.contains("### (fails) a beats b, large below 0.5 — inconclusive"))
    #expect(withThem.contains("- precondition contradicted: mean final_test_accuracy of large is below 0.5"))
    #expect(withThem.contains("is inconclusive unless every precondition is supported"))
  }
}
