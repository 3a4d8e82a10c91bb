import Foundation
import Statistics

/// One row of significance.csv: a test between two arms (or an arm and a threshold) on one metric, with
/// its two one-sided tests: for the claimed effect (`pValue`) and against it (`contradictionP`).
public struct Comparison: Sendable {
  public var metric: String
  public var armA: String
  /// The other arm, or "threshold=<x>" for one-sample tests.
  public var armB: String
  /// "paired-t", "welch-t", "wilcoxon-signed-rank", "mann-whitney", "paired-t-tost", "welch-tost",
  /// "one-sample-t", "fisher-exact"; a margin test is the test with the margin as its null difference.
  public var test: String
  /// The support test's alternative, for A relative to B on the raw values.
  public var alternative: Alternative
  public var statistic: Double
  public var degreesOfFreedom: Double
  /// The support test's null value of mean(A) − mean(B) (0, a margin, or the smallest effect).
  public var nullDifference: Double = 0
  /// The support test: the claimed effect.
  public var pValue: Double
  public var pAdjusted: Double = .nan
  /// The contradiction test: the data rule the claimed effect out.
  public var contradictionP: Double
  public var contradictionPAdjusted: Double = .nan
  /// Hedges' g of A against B (NaN for one-sample and rate tests).
  public var effectSize: Double
  /// mean(A) − mean(B) (or − threshold; for rates, rate(A) − rate(B)); paired: the mean difference.
  public var differenceOfMeans: Double
  /// 95% CI of the difference: t-based for paired and one-sample tests, percentile bootstrap (seeded,
  /// 2000 resamples) for two-sample tests, NaN for rates.
  public var confidenceLow: Double
  public var confidenceHigh: Double
  /// Runs in each sample (pairs: both the number of pairs).
  public var countA: Int
  public var countB: Int
  /// The standard deviation a power calculation uses: of the per-seed differences (paired), pooled per
  /// arm (two-sample), of the values (one-sample); NaN for rates.
  public var standardDeviation: Double
  public var paired: Bool
  public var alpha: Double
  /// The effect this test detects with 80% power at its seeds (`decide` fills it in).
  public var minimumDetectableEffect: Double = .nan

  public var outcome: Outcome {
    if pAdjusted < alpha { return .supported }
    if contradictionPAdjusted < alpha { return .contradicted }
    return .inconclusive
  }
}

/// A claim's overall verdict, from its sub-claims' outcomes.
public enum VerdictKind: String, Sendable, Codable {
  /// Every sub-claim is supported.
  case reproduced
  /// Every sub-claim is contradicted.
  case contradicted
  /// No sub-claim is supported or contradicted.
  case inconclusive
  /// Anything else: the headline's counts say what.
  case mixed
}

/// The outcome of one sub-claim, why, and the comparisons that decided it.
public struct SubClaimOutcome: Sendable {
  public let subClaim: SubClaim
  /// Contradicted when any comparison is, supported when every one is, inconclusive otherwise.
  public let outcome: Outcome
  public let reasons: [String]
  public let comparisons: [Comparison]
  /// The sub-claim's preconditions that were not supported, each with its outcome (contradicted or
  /// inconclusive); empty when every precondition holds or there are none.
  public var unmetPreconditions: [(rule: DecisionRule, outcome: Outcome)] = []

  /// The comparison that decides the outcome: the most strongly contradicted one, else the one with the
  /// weakest support (largest adjusted p).
  public var binding: Comparison? {
    if outcome == .contradicted {
      return comparisons.filter { $0.outcome == .contradicted }.min { $0.contradictionPAdjusted < $1.contradictionPAdjusted }
    }
    return comparisons.max { ($0.pAdjusted.isNaN ? 2 : $0.pAdjusted) < ($1.pAdjusted.isNaN ? 2 : $1.pAdjusted) }
  }
}

/// An experiment's verdict: each sub-claim's outcome, and every comparison behind them.
public struct Verdict: Sendable {
  public let kind: VerdictKind
  public let outcomes: [SubClaimOutcome]
  public let comparisons: [Comparison]

  static func kind(of outcomes: [SubClaimOutcome]) -> VerdictKind {
    let all = Set(outcomes.map(\.outcome))
    guard all.count == 1, let only = all.first else { return outcomes.isEmpty ? .inconclusive : .mixed }
    switch only {
    case .supported: return .reproduced
    case .contradicted: return .contradicted
    case .inconclusive: return .inconclusive
    }
  }

  /// "3 supported, 1 contradicted, 1 inconclusive" (outcomes with no sub-claim are left out).
  public var counts: String {
    Outcome.allCases.compactMap { outcome in
      let n = outcomes.filter { $0.outcome == outcome }.count
      return n > 0 ? "\(n) \(outcome.rawValue)" : nil
    }.joined(separator: ", ")
  }
}

extension Metric {
  /// Whether comparisons leave out runs that diverged or stalled: yes for what training produced
  /// (accuracies, losses, gaps), no for probes, which are often measured at initialization.
  public var excludesFailedRuns: Bool {
    switch self {
    case .probe, .lowerProbe: false
    default: true
    }
  }
}

/// Why a run is not counted as having trained.
public enum RunFailure: String, Sendable {
  /// A NaN or infinite loss stopped it.
  case diverged
  /// It never learned: its best validation accuracy (test accuracy without a validation split) stayed
  /// below twice chance.
  case stalled
}

extension CellRecord {
  /// Nil when the run trained. Runs without an accuracy (regressions) never stall.
  public func failure(classes: Int) -> RunFailure? {
    if diverged { return .diverged }
    let validation = epochs.compactMap(\.validationAccuracy)
    let accuracies = validation.isEmpty ? epochs.map(\.testAccuracy) : validation
    guard let best = accuracies.filter({ !$0.isNaN }).max() else { return nil }
    return best < 2 / Double(classes) ? .stalled : nil
  }
}

/// Turns per-cell measurements into comparisons and a verdict, applying the experiment's rules.
public struct VerdictBuilder {
  public let experimentID: String
  /// trained[metric][arm][seed]: runs that trained (comparisons between arms).
  let trained: [String: [String: [Int: Double]]]
  /// every[metric][arm][seed]: every run, a diverged one as `Metric.value` says (thresholds, findings).
  let every: [String: [String: [Int: Double]]]
  /// Per arm: runs, and those that diverged or stalled.
  public let runs: [String: (total: Int, failed: Int)]
  /// Whether two arms share initial weights and data order per seed (paired tests).
  let pairs: @Sendable (String, String) -> Bool
  /// Metrics whose comparisons keep failed runs (`Metric.excludesFailedRuns`), by name.
  let keptFailedRuns: Set<String>

  public init(experimentID: String, cells: [CellRecord], metrics: Set<Metric>, classes: Int = 10,
              pairs: @escaping @Sendable (String, String) -> Bool = { _, _ in false }) {
    self.experimentID = experimentID
    self.pairs = pairs
    keptFailedRuns = Set(metrics.filter { !$0.excludesFailedRuns }.map(\.description))
    var trained: [String: [String: [Int: Double]]] = [:], every = trained
    var runs: [String: (total: Int, failed: Int)] = [:]
    for cell in cells {
      let failed = cell.failure(classes: classes) != nil
      runs[cell.arm, default: (0, 0)].total += 1
      if failed { runs[cell.arm, default: (0, 0)].failed += 1 }
      // `.probe(n)` and `.lowerProbe(n)` read the same scalar under one name.
      for metric in metrics {
        guard let value = metric.value(of: cell, classes: classes), !value.isNaN else { continue }
        every[metric.description, default: [:]][cell.arm, default: [:]][cell.seed] = value
        if !failed || !metric.excludesFailedRuns {
          trained[metric.description, default: [:]][cell.arm, default: [:]][cell.seed] = value
        }
      }
    }
    self.trained = trained
    self.every = every
    self.runs = runs
  }

  /// The values of the runs of `arm` that trained, in seed order.
  func sample(_ arm: String, _ metric: Metric) -> [Double] { bySeed(trained, arm, metric) }
  /// Every run's value (diverged as chance accuracy), in seed order.
  func sampleOfEveryRun(_ arm: String, _ metric: Metric) -> [Double] { bySeed(every, arm, metric) }

  private func bySeed(_ table: [String: [String: [Int: Double]]], _ arm: String, _ metric: Metric) -> [Double] {
    (table[metric.description]?[arm] ?? [:]).sorted { $0.key < $1.key }.map(\.value)
  }

  /// The values of both arms at the seeds where both trained, aligned by seed.
  func pairedSamples(_ a: String, _ b: String, _ metric: Metric) -> ([Double], [Double]) {
    let x = trained[metric.description]?[a] ?? [:], y = trained[metric.description]?[b] ?? [:]
    let seeds = Set(x.keys).intersection(y.keys).sorted()
    return (seeds.map { x[$0]! }, seeds.map { y[$0]! })
  }

  /// "k of n runs failed" beside an arm's numbers, or "" when none did.
  func failureNote(_ arm: String) -> String {
    guard let counts = runs[arm], counts.failed > 0 else { return "" }
    return " (\(arm): \(counts.failed) of \(counts.total) runs diverged or stalled, left out)"
  }

  /// Evaluates every rule of every sub-claim. Each family of p-values (support, contradiction) is
  /// Holm-adjusted across the whole experiment, or, with `family`, across the sub-claims of the same
  /// family name (an experiment's `SeedGroup`s: see `ExperimentPlan.group(of:)`).
  public func verdict(for subClaims: [SubClaim], family: (SubClaim) -> String = { _ in "" }) -> Verdict {
    var comparisons: [Comparison] = []
    // [subClaim][precondition, then rule] -> indices into comparisons, and the arms too few runs have.
    var ruleComparisons: [[[Int]]] = []
    var missing: [[[String]]] = []
    for subClaim in subClaims {
      var perRule: [[Int]] = [], missingPerRule: [[String]] = []
      // A precondition claims no effect size: a `beats` one is contradicted only by the opposite direction.
      let checks = subClaim.preconditions.map { ($0, 0.0) } + subClaim.rules.map { ($0, subClaim.smallestEffect ?? 0) }
      for (rule, smallestEffect) in checks {
        let (made, absent) = tests(for: rule, smallestEffect: smallestEffect)
        perRule.append(Array(comparisons.count..<(comparisons.count + made.count)))
        comparisons += made
        missingPerRule.append(absent)
      }
      ruleComparisons.append(perRule)
      missing.append(missingPerRule)
    }
    // The comparisons of each family, in order (one family unless `family` tells them apart).
    var families: [String: [Int]] = [:], names: [String] = []
    for (s, subClaim) in subClaims.enumerated() {
      let name = family(subClaim)
      if families[name] == nil { names.append(name) }
      families[name, default: []] += ruleComparisons[s].flatMap { $0 }
    }
    for name in names {
      let members = families[name]!
      let support = HolmCorrection.adjust(members.map { comparisons[$0].pValue })
      let contradiction = HolmCorrection.adjust(members.map { comparisons[$0].contradictionP })
      let size = max(1, members.count)
      for (position, index) in members.enumerated() {
        comparisons[index].pAdjusted = support[position]
        comparisons[index].contradictionPAdjusted = contradiction[position]
        comparisons[index].minimumDetectableEffect = minimumDetectableEffect(comparisons[index], family: size)
      }
    }
    var outcomes: [SubClaimOutcome] = []
    for (s, subClaim) in subClaims.enumerated() {
      var ruleOutcomes: [Outcome] = [], reasons: [String] = [], used: [Comparison] = []
      var unmet: [(rule: DecisionRule, outcome: Outcome)] = []
      let preconditionCount = subClaim.preconditions.count
      for (r, rule) in (subClaim.preconditions + subClaim.rules).enumerated() {
        let isPrecondition = r < preconditionCount
        let lead = isPrecondition ? "precondition " : ""
        let outcome: Outcome, reason: String
        if !missing[s][r].isEmpty {
          outcome = .inconclusive
          reason = "\(lead)inconclusive: cannot decide \"\(rule.description)\": fewer than two trained runs of "
            + missing[s][r].joined(separator: ", ") + "."
        } else {
          let rows = ruleComparisons[s][r].map { comparisons[$0] }
          if !isPrecondition { used += rows }
          outcome = Self.combine(rows.map(\.outcome))
          let details = rows.map(sentence).joined(separator: "; ")
          reason = "\(lead)\(outcome.rawValue): \(rule.description) — \(details)."
        }
        reasons.append(reason)
        if isPrecondition {
          if outcome != .supported { unmet.append((rule, outcome)) }
        } else {
          ruleOutcomes.append(outcome)
        }
      }
      var outcome = Self.combine(ruleOutcomes)
      if !unmet.isEmpty {
        // The rules test the claim only where its premise holds: without it, no outcome of theirs counts.
        outcome = .inconclusive
        reasons.insert("inconclusive because a precondition is not met (\(unmet.count) of \(preconditionCount) "
                       + "not supported): " + unmet.map { "\($0.rule.description) is \($0.outcome.rawValue)" }
                         .joined(separator: "; ")
                       + ". The rules' results below are for the record only.", at: preconditionCount)
      }
      var result = SubClaimOutcome(subClaim: subClaim, outcome: outcome, reasons: reasons, comparisons: used)
      result.unmetPreconditions = unmet
      outcomes.append(result)
    }
    return Verdict(kind: Verdict.kind(of: outcomes), outcomes: outcomes, comparisons: comparisons)
  }

  /// Contradicted when any part is, supported when every part is, inconclusive otherwise.
  static func combine(_ parts: [Outcome]) -> Outcome {
    if parts.contains(.contradicted) { return .contradicted }
    return !parts.isEmpty && parts.allSatisfy { $0 == .supported } ? .supported : .inconclusive
  }

  func sentence(_ c: Comparison) -> String {
    let other = c.armB.hasPrefix("threshold=") ? c.armB.replacingOccurrences(of: "threshold=", with: "") : c.armB
    let interval = c.confidenceLow.isNaN ? "" : " [\(format(c.confidenceLow)), \(format(c.confidenceHigh))]"
    let mde = c.minimumDetectableEffect.isNaN ? "" : ", MDE \(format(c.minimumDetectableEffect))"
    let rate = c.test == BinomialTest.name
    let n = rate ? "\(c.countA) of \(c.countB) runs" : c.paired ? "\(c.countA) pairs" : "n \(c.countA)/\(c.countB)"
    // Only comparisons that leave failed runs out say how many they left out.
    let excluded = !c.armB.hasPrefix("threshold=") && c.metric != "failure_rate" && !rate
      && !keptFailedRuns.contains(c.metric)
    return "\(c.armA) vs \(other): diff \(format(c.differenceOfMeans))\(interval), \(c.test), \(n), "
      + "p_adj \(formatP(c.pAdjusted)) (against: \(formatP(c.contradictionPAdjusted)))\(mde)"
      + (excluded ? failureNote(c.armA) + failureNote(c.armB) : "")
  }

  /// The smallest difference this comparison detects with 80% power at its seeds, at the Bonferroni
  /// level alpha / m of its family (the strictest step of Holm's procedure): the power analysis is
  /// conservative, never optimistic.
  func minimumDetectableEffect(_ c: Comparison, family: Int) -> Double {
    guard c.standardDeviation.isFinite, c.standardDeviation > 0, min(c.countA, c.countB) >= 2 else { return .nan }
    let design: TTestPower.Design = c.paired || c.armB.hasPrefix("threshold=") ? .paired : .twoSample
    return TTestPower.minimumDetectableEffect(standardDeviation: c.standardDeviation, n: min(c.countA, c.countB),
                                              alpha: c.alpha / Double(family), design: design)
  }
}

func formatP(_ p: Double) -> String {
  guard p.isFinite else { return "n/a" }
  return p < 1e-4 ? String(format: "%.1e", p) : String(format: "%.4f", p)
}
