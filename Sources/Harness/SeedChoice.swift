import Foundation
import Statistics

/// How many evaluation seeds a tuned experiment runs, from a power calculation (shared/protocol.md §5).
///
/// ```
/// effect  = each rule's smallest effect of interest (its sub-claim's, else its margin)
/// s       = the standard deviation of the per-seed differences in validation accuracy between the arms
///           each rule compares, at their selected values (untuned arms: their pilot runs,
///           `Experiment.pilotArms`), pooled over the tuning runs (paired
///           experiments); of each arm's validation accuracy otherwise
/// sd      = s · sqrt(df / χ²(0.2; df)): its 80% upper confidence limit, because a few tuning runs
///           estimate a spread poorly and an underestimate would buy too few seeds (Browne 1995, "On the
///           use of a pilot sample for sample size determination")
/// alpha   = 0.05 / m, m = the experiment's number of comparisons (Holm's strictest step)
/// seeds   = the largest, over the rules, of the smallest n with one-sided power 0.8 (noncentral t),
///           at least `minimum`, at most `cap`
/// ```
/// Validation accuracy stands in for test accuracy (same size of held-out set, same binomial noise), so
/// the test set is never looked at before the evaluation runs.
public struct SeedChoice: Sendable, Codable, Hashable {
  public let seeds: Int
  /// What the count rests on, in one sentence for verdict.md and the manifest.
  public let reason: String

  public static let power = 0.8
  public static let minimum = 5

  /// Nil when no rule has an effect size and tuning runs of both arms (the declared count then stands).
  /// - Parameter subClaims: the sub-claims whose rules need the power (default: the experiment's, less
  ///   those of its seed groups; a `SeedGroup` passes its own).
  /// - Parameter minimum: the fewest seeds the calculation may return (`Experiment.seedMinimum`).
  static func fromTuning(_ plan: ExperimentPlan, _ tunings: [ArmTuning], pilots: [CellRecord] = [],
                         cap: Int, minimum: Int = SeedChoice.minimum, subClaims: [SubClaim]? = nil) -> SeedChoice? {
    let subClaims = subClaims ?? plan.subClaims(in: nil)
    let family = subClaims.flatMap { $0.preconditions + $0.rules }.reduce(0) { $0 + comparisonCount($1) }
    let alpha = 0.05 / Double(max(1, family))
    // Validation accuracy per tuning seed of each tuned arm at its selected value.
    var values: [String: [Int: Double]] = [:]
    for tuning in tunings {
      let classes = plan.arms.first { $0.name == tuning.arm }?.configuration.network.outputWidth ?? 10
      for run in tuning.runs where run.value == tuning.selected {
        values[tuning.arm, default: [:]][run.seed] = Metric.finalValidationAccuracy.value(of: run.record, classes: classes)
      }
    }
    // Pilot runs of untuned arms (`Experiment.pilotArms`) on the same seeds.
    for record in pilots {
      let classes = plan.arms.first { $0.name == record.arm }?.configuration.network.outputWidth ?? 10
      values[record.arm, default: [:]][record.seed] = Metric.finalValidationAccuracy.value(of: record, classes: classes)
    }
    var paired: [(Double, Int)] = [], unpaired: [(Double, Int)] = []  // (variance, degrees of freedom)
    var needs: [(effect: Double, pairs: Bool)] = []
    var seen = Set<String>()  // each pair's and arm's runs enter the pooled variance once
    for subClaim in subClaims {
      for rule in subClaim.rules {
        guard let (a, b, effect) = powered(rule, subClaim.smallestEffect) else { continue }
        for (x, y) in zip(a, b) {
          guard let u = values[x], let v = values[y] else { continue }
          needs.append((effect, plan.pairs(x, y)))
          guard seen.insert([x, y].sorted().joined(separator: "|")).inserted else { continue }
          if plan.pairs(x, y) {
            let differences = u.keys.filter { v[$0] != nil }.sorted().map { u[$0]! - v[$0]! }
            if differences.count >= 2 { paired.append((variance(differences), differences.count - 1)) }
          } else {
            for (arm, sample) in [(x, u), (y, v)] where sample.count >= 2 && seen.insert(arm).inserted {
              unpaired.append((variance(Array(sample.values)), sample.count - 1))
            }
          }
        }
      }
    }
    func pooled(_ parts: [(Double, Int)]) -> Double? {
      let df = parts.reduce(0) { $0 + $1.1 }
      guard df > 0 else { return nil }
      let s = (parts.reduce(0) { $0 + $1.0 * Double($1.1) } / Double(df)).squareRoot()
      return s * upperLimitFactor(degreesOfFreedom: df)
    }
    let sdPaired = pooled(paired), sdUnpaired = pooled(unpaired)
    var seeds = 0, calculated = 0, shown: [String] = []  // calculated: under the default minimum
    for need in needs {
      guard let sd = need.pairs ? sdPaired : sdUnpaired, sd > 0 else { continue }
      func count(_ floor: Int) -> Int {
        TTestPower.seeds(effect: need.effect, standardDeviation: sd, alpha: alpha, power: power,
                         design: need.pairs ? .paired : .twoSample, cap: cap, minimum: floor)
      }
      seeds = max(seeds, count(minimum))
      calculated = max(calculated, count(Self.minimum))
    }
    guard seeds > 0 else { return nil }
    if let sd = sdPaired {
      shown.append("SD of paired differences \(points(sd)) points (80% upper limit, \(paired.reduce(0) { $0 + $1.1 }) df)")
    }
    if let sd = sdUnpaired {
      shown.append("per-arm SD \(points(sd)) points (80% upper limit, \(unpaired.reduce(0) { $0 + $1.1 }) df)")
    }
    let effects = Set(needs.map(\.effect)).sorted().map(points).joined(separator: ", ")
    let reason = "\(seeds) seeds from a power calculation: smallest effects \(effects) points, "
      + shown.joined(separator: " and ") + " of validation accuracy in the tuning runs at the selected values"
      + (pilots.isEmpty ? "" : " and the pilot runs of " + Set(pilots.map(\.arm)).sorted().joined(separator: ", ")) + ", "
      + "one-sided alpha 0.05/\(family), power \(power), at least \(minimum), capped at \(cap)"
      + (minimum > Self.minimum && calculated < seeds
           ? " (the experiment's floor binds: the calculation alone gives \(calculated))" : "")
      + (seeds == cap ? " (the cap binds: see each rule's minimum detectable effect)" : "")
    return SeedChoice(seeds: seeds, reason: reason)
  }

  /// The arms a rule compares (as two aligned lists) and the effect it must detect, or nil.
  static func powered(_ rule: DecisionRule, _ smallestEffect: Double?) -> ([String], [String], Double)? {
    switch rule {
    case .beats(let arm, let others, _, _, _):
      guard let effect = smallestEffect, effect > 0 else { return nil }
      return (Array(repeating: arm, count: others.count), others, effect)
    case .ordering(let arms, _, _, _):
      guard let effect = smallestEffect, effect > 0 else { return nil }
      return (Array(arms.dropLast()), Array(arms.dropFirst()), effect)
    case .notWorse(let a, let b, let margin, _, _):
      return ([a], [b], smallestEffect ?? abs(margin))
    case .equivalent(let a, let b, let margin, _, _):
      return ([a], [b], smallestEffect ?? margin)
    case .below, .above, .failsLessOften, .often, .degradesLess:
      return nil
    }
  }

  /// sqrt(df / χ²(0.2; df)): the factor from a sample SD to its one-sided 80% upper confidence limit.
  static func upperLimitFactor(degreesOfFreedom df: Int) -> Double {
    (Double(df) / ChiSquared.quantile(0.2, degreesOfFreedom: Double(df))).squareRoot()
  }

  static func comparisonCount(_ rule: DecisionRule) -> Int {
    switch rule {
    case .beats(_, let others, _, _, _): others.count
    case .ordering(let arms, _, _, _): max(0, arms.count - 1)
    default: 1
    }
  }

  static func variance(_ values: [Double]) -> Double {
    let s = Summary(values).standardDeviation
    return s * s
  }

  static func points(_ x: Double) -> String { String(format: "%.2f", 100 * x) }
}
