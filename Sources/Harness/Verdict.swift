import Foundation
import Statistics

/// One row of significance.csv: a test between two arms (or an arm and a threshold) on one metric.
public struct Comparison: Sendable {
  public var metric: String
  public var armA: String
  /// The other arm, or "threshold=<x>" for one-sample tests.
  public var armB: String
  /// "welch-t", "mann-whitney", "welch-tost", "welch-noninferiority", "one-sample-t"
  public var test: String
  public var alternative: Alternative
  public var statistic: Double
  public var degreesOfFreedom: Double
  public var pValue: Double
  public var pAdjusted: Double = .nan
  /// Hedges' g of A against B (NaN for one-sample tests).
  public var effectSize: Double
  /// mean(A) − mean(B) (or − threshold).
  public var differenceOfMeans: Double
  /// Percentile-bootstrap 95% CI of the difference (seeded, 2000 resamples); t-based CI for one-sample tests.
  public var confidenceLow: Double
  public var confidenceHigh: Double
}

public enum VerdictKind: String, Sendable, Codable {
  case reproduced
  case partlyReproduced = "partly reproduced"
  case notReproduced = "not reproduced"
}

/// The outcome of one sub-claim: whether all its rules held, and why, in sentences with the numbers.
public struct SubClaimOutcome: Sendable {
  public let subClaim: SubClaim
  public let holds: Bool
  public let reasons: [String]
}

/// An experiment's verdict: each sub-claim's outcome, and every comparison behind them.
public struct Verdict: Sendable {
  public let kind: VerdictKind
  public let outcomes: [SubClaimOutcome]
  public let comparisons: [Comparison]

  /// reproduced when every sub-claim holds, not reproduced when none does, partly otherwise.
  static func kind(of outcomes: [SubClaimOutcome]) -> VerdictKind {
    let held = outcomes.filter(\.holds).count
    if held == outcomes.count && held > 0 { return .reproduced }
    return held == 0 ? .notReproduced : .partlyReproduced
  }
}

/// Turns per-cell measurements into comparisons and a verdict, applying the experiment's rules.
public struct VerdictBuilder {
  public let experimentID: String
  /// values[metric][arm] = one value per seed (diverged cells as `Metric.value` says).
  let values: [String: [String: [Double]]]

  public init(experimentID: String, cells: [CellRecord], metrics: Set<Metric>, classes: Int = 10) {
    self.experimentID = experimentID
    var values: [String: [String: [Double]]] = [:]
    // `.probe(n)` and `.lowerProbe(n)` read the same scalar under one name (only a rule's direction
    // differs), and a set can hold both: sample each name once, or its seeds would count twice.
    var named = Set<String>()
    for metric in metrics where named.insert(metric.description).inserted {
      for cell in cells.sorted(by: { ($0.arm, $0.seed) < ($1.arm, $1.seed) }) {
        if let value = metric.value(of: cell, classes: classes), !value.isNaN {
          values[metric.description, default: [:]][cell.arm, default: []].append(value)
        }
      }
    }
    self.values = values
  }

  func sample(_ arm: String, _ metric: Metric) -> [Double] { values[metric.description]?[arm] ?? [] }

  /// Evaluates every rule of every sub-claim; p-values are Holm-adjusted across the whole experiment.
  public func verdict(for subClaims: [SubClaim]) -> Verdict {
    // 1. Run every test, remembering which rule it belongs to.
    var comparisons: [Comparison] = []
    var ruleComparisons: [[[Int]]] = []  // [subClaim][rule] -> indices into comparisons
    var missing: [[[String]]] = []
    for subClaim in subClaims {
      var perRule: [[Int]] = [], missingPerRule: [[String]] = []
      for rule in subClaim.rules {
        let (made, absent) = tests(for: rule)
        perRule.append(Array(comparisons.count..<(comparisons.count + made.count)))
        comparisons += made
        missingPerRule.append(absent)
      }
      ruleComparisons.append(perRule)
      missing.append(missingPerRule)
    }
    // 2. Holm across the experiment.
    let adjusted = HolmCorrection.adjust(comparisons.map(\.pValue))
    for index in comparisons.indices { comparisons[index].pAdjusted = adjusted[index] }
    // 3. Decide.
    var outcomes: [SubClaimOutcome] = []
    for (s, subClaim) in subClaims.enumerated() {
      var holds = true
      var reasons: [String] = []
      for (r, rule) in subClaim.rules.enumerated() {
        if !missing[s][r].isEmpty {
          holds = false
          reasons.append("cannot decide \"\(rule.description)\": no finished runs of \(missing[s][r].joined(separator: ", ")).")
          continue
        }
        let alpha = rule.alpha
        let rows = ruleComparisons[s][r].map { comparisons[$0] }
        let passed = rows.allSatisfy { $0.pAdjusted < alpha }
        holds = holds && passed
        let details = rows.map { c in
          let other = c.armB.hasPrefix("threshold=") ? c.armB.replacingOccurrences(of: "threshold=", with: "") : "\(c.armB)"
          return "\(c.armA) vs \(other): diff \(format(c.differenceOfMeans)) [\(format(c.confidenceLow)), \(format(c.confidenceHigh))], p_adj \(formatP(c.pAdjusted))"
        }.joined(separator: "; ")
        reasons.append("\(passed ? "holds" : "does not hold"): \(rule.description) — \(details).")
      }
      outcomes.append(SubClaimOutcome(subClaim: subClaim, holds: holds, reasons: reasons))
    }
    return Verdict(kind: Verdict.kind(of: outcomes), outcomes: outcomes, comparisons: comparisons)
  }

  /// The tests a rule needs, and the arms it names that have no data.
  func tests(for rule: DecisionRule) -> ([Comparison], [String]) {
    func absent(_ arms: [String], _ metric: Metric) -> [String] {
      arms.filter { sample($0, metric).count < 2 }
    }
    switch rule {
    case .beats(let arm, let others, let metric, let test, _):
      let gone = absent([arm] + others, metric)
      guard gone.isEmpty else { return ([], gone) }
      return (others.map { twoSample(arm, $0, metric, test) }, [])
    case .ordering(let arms, let metric, let test, _):
      let gone = absent(arms, metric)
      guard gone.isEmpty else { return ([], gone) }
      return (zip(arms, arms.dropFirst()).map { twoSample($0, $1, metric, test) }, [])
    case .notWorse(let arm, let other, let margin, let metric, _):
      let gone = absent([arm, other], metric)
      guard gone.isEmpty else { return ([], gone) }
      return ([nonInferiority(arm, other, margin, metric)], [])
    case .equivalent(let a, let b, let margin, let metric, _):
      let gone = absent([a, b], metric)
      guard gone.isEmpty else { return ([], gone) }
      return ([equivalence(a, b, margin, metric)], [])
    case .below(let arm, let threshold, let metric, _):
      let gone = absent([arm], metric)
      guard gone.isEmpty else { return ([], gone) }
      return ([oneSample(arm, threshold, metric, alternative: .less)], [])
    case .above(let arm, let threshold, let metric, _):
      let gone = absent([arm], metric)
      guard gone.isEmpty else { return ([], gone) }
      return ([oneSample(arm, threshold, metric, alternative: .greater)], [])
    }
  }
}

func formatP(_ p: Double) -> String {
  guard p.isFinite else { return "n/a" }
  return p < 1e-4 ? String(format: "%.1e", p) : String(format: "%.4f", p)
}
