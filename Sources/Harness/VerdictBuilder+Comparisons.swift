import Foundation
import Statistics

// The statistical comparisons behind the decision rules. Every rule becomes one-sided tests on the
// *gain* of A over B, g = mean(A) − mean(B) for higher-is-better metrics and mean(B) − mean(A) for the
// others, against a null value c:
//
//   rule                      support (claimed)         contradiction (ruled out)
//   beats (effect δ ≥ 0)      g > 0                     g < δ
//   notWorse (margin m)       g > −m                    g < −m
//   equivalent (margin m)     −m < g < m   (TOST)       g < −m or g > m   (2 · the smaller p)
//   below / above t           mean < t / mean > t       the other side
//   failsLessOften            rate(A) < rate(B)         rate(A) > rate(B)   (Fisher exact)
//
// The tests run on the raw values (the direction and null flipped for lower-is-better metrics), so each
// p-value is what scipy gives on the finals.csv columns: ttest_rel(a − c, b) or ttest_ind(a − c, b,
// equal_var=False), with the alternative in significance.csv.

extension VerdictBuilder {
  /// The tests a rule needs, and the arms it names that have too few runs.
  func tests(for rule: DecisionRule, smallestEffect: Double) -> ([Comparison], [String]) {
    func absent(_ arms: [String], _ metric: Metric, every: Bool = false) -> [String] {
      arms.filter { (every ? sampleOfEveryRun($0, metric) : sample($0, metric)).count < 2 }
    }
    switch rule {
    case .beats(let arm, let others, let metric, let test, let alpha):
      let gone = absent([arm] + others, metric)
      guard gone.isEmpty else { return ([], gone) }
      return (others.map { gain(arm, $0, metric, test, alpha, support: 0, contradiction: smallestEffect) }, [])
    case .ordering(let arms, let metric, let test, let alpha):
      let gone = absent(arms, metric)
      guard gone.isEmpty else { return ([], gone) }
      return (zip(arms, arms.dropFirst()).map {
        gain($0, $1, metric, test, alpha, support: 0, contradiction: smallestEffect)
      }, [])
    case .notWorse(let arm, let other, let margin, let metric, let alpha):
      let gone = absent([arm, other], metric)
      guard gone.isEmpty else { return ([], gone) }
      return ([gain(arm, other, metric, .welch, alpha, support: -margin, contradiction: -margin)], [])
    case .equivalent(let a, let b, let margin, let metric, let alpha):
      let gone = absent([a, b], metric)
      guard gone.isEmpty else { return ([], gone) }
      return ([equivalence(a, b, margin, metric, alpha)], [])
    case .below(let arm, let threshold, let metric, let alpha):
      let gone = absent([arm], metric, every: true)
      guard gone.isEmpty else { return ([], gone) }
      return ([oneSample(arm, threshold, metric, claimed: .less, alpha)], [])
    case .above(let arm, let threshold, let metric, let alpha):
      let gone = absent([arm], metric, every: true)
      guard gone.isEmpty else { return ([], gone) }
      return ([oneSample(arm, threshold, metric, claimed: .greater, alpha)], [])
    case .failsLessOften(let arm, let other, let alpha):
      let gone = [arm, other].filter { runs[$0] == nil }
      guard gone.isEmpty else { return ([], gone) }
      return ([failureRates(arm, other, alpha)], [])
    }
  }

  /// The two samples of a comparison: aligned by seed when the arms pair, else each arm's own runs.
  func samples(_ a: String, _ b: String, _ metric: Metric) -> (a: [Double], b: [Double], paired: Bool) {
    if pairs(a, b) {
      let (x, y) = pairedSamples(a, b, metric)
      if x.count >= 2 { return (x, y, true) }
    }
    return (sample(a, metric), sample(b, metric), false)
  }

  /// One one-sided test of "gain > c" (`.greater`) or "gain < c" (`.less`) on the raw values.
  func oneSided(_ a: [Double], _ b: [Double], paired: Bool, _ test: TestKind, _ metric: Metric,
                gain direction: Alternative, _ c: Double) -> TestResult {
    // On the raw values: gain = s · (A − B), so gain > c  <=>  A − B > c (s = 1) or A − B < −c (s = −1).
    let higher = metric.higherIsBetter
    let alternative: Alternative = higher ? direction : (direction == .greater ? .less : .greater)
    let null = higher ? c : -c
    switch (paired, test) {
    case (true, .welch): return PairedTTest.test(a, b, alternative: alternative, nullDifference: null)
    case (true, .mannWhitney): return WilcoxonSignedRankTest.test(a, b, alternative: alternative, nullDifference: null)
    case (false, .welch): return WelchTTest.test(a.map { $0 - null }, b, alternative: alternative)
    case (false, .mannWhitney): return MannWhitneyUTest.test(a.map { $0 - null }, b, alternative: alternative)
    }
  }

  /// Support: gain > `support`; contradiction: gain < `contradiction`.
  func gain(_ armA: String, _ armB: String, _ metric: Metric, _ test: TestKind, _ alpha: Double,
            support: Double, contradiction: Double) -> Comparison {
    let (a, b, paired) = samples(armA, armB, metric)
    let claimed = oneSided(a, b, paired: paired, test, metric, gain: .greater, support)
    let against = oneSided(a, b, paired: paired, test, metric, gain: .less, contradiction)
    return comparison(armA, armB, metric, a, b, paired: paired, claimed: claimed, against: against.pValue,
                      null: metric.higherIsBetter ? support : -support, alpha: alpha)
  }

  /// TOST: support −m < gain < m (p = the larger one-sided p); contradiction: outside, either way.
  func equivalence(_ armA: String, _ armB: String, _ margin: Double, _ metric: Metric, _ alpha: Double) -> Comparison {
    let (a, b, paired) = samples(armA, armB, metric)
    let lower = oneSided(a, b, paired: paired, .welch, metric, gain: .greater, -margin)
    let upper = oneSided(a, b, paired: paired, .welch, metric, gain: .less, margin)
    let below = oneSided(a, b, paired: paired, .welch, metric, gain: .less, -margin)
    let above = oneSided(a, b, paired: paired, .welch, metric, gain: .greater, margin)
    let binding = lower.pValue >= upper.pValue ? lower : upper
    var row = comparison(armA, armB, metric, a, b, paired: paired, claimed: binding,
                         against: min(1, 2 * min(below.pValue, above.pValue)),
                         null: binding.alternative == .greater ? -margin : margin, alpha: alpha)
    row.test += "-tost"
    row.alternative = .twoSided
    return row
  }

  func comparison(_ armA: String, _ armB: String, _ metric: Metric, _ a: [Double], _ b: [Double], paired: Bool,
                  claimed: TestResult, against: Double, null: Double, alpha: Double) -> Comparison {
    let low: Double, high: Double, sd: Double
    if paired {
      let differences = Summary(zip(a, b).map { $0 - $1 })
      (low, high, sd) = (differences.confidenceLow, differences.confidenceHigh, differences.standardDeviation)
    } else {
      let interval = BootstrapInterval.differenceOfMeans(
        a, b, stream: RandomStream(experimentID, "bootstrap", armA, armB, metric.description))
      let (sa, sb) = (Summary(a).standardDeviation, Summary(b).standardDeviation)
      (low, high, sd) = (interval.low, interval.high, ((sa * sa + sb * sb) / 2).squareRoot())
    }
    return Comparison(metric: metric.description, armA: armA, armB: armB, test: claimed.test,
                      alternative: claimed.alternative, statistic: claimed.statistic,
                      degreesOfFreedom: claimed.degreesOfFreedom, nullDifference: null, pValue: claimed.pValue,
                      contradictionP: against, effectSize: HedgesG.compute(a, b),
                      differenceOfMeans: mean(a) - mean(b), confidenceLow: low, confidenceHigh: high,
                      countA: a.count, countB: b.count, standardDeviation: sd, paired: paired, alpha: alpha)
  }

  /// One-sample t test of the arm's mean (every run: a diverged one at chance) against a threshold.
  /// With zero spread the answer is exact: p = 0 when every value is on the tested side, 1 otherwise.
  func oneSample(_ arm: String, _ threshold: Double, _ metric: Metric, claimed: Alternative,
                 _ alpha: Double) -> Comparison {
    let values = sampleOfEveryRun(arm, metric)
    let summary = Summary(values)
    let n = Double(values.count)
    let standardError = summary.standardDeviation / n.squareRoot()
    let difference = summary.mean - threshold
    func p(_ side: Alternative) -> Double {
      if standardError > 0 {
        let t = difference / standardError
        return side == .greater ? StudentT.survival(t, degreesOfFreedom: n - 1) : StudentT.cdf(t, degreesOfFreedom: n - 1)
      }
      return (side == .greater ? difference > 0 : difference < 0) ? 0 : 1
    }
    let statistic = standardError > 0 ? difference / standardError
      : (difference == 0 ? 0 : (difference > 0 ? Double.infinity : -Double.infinity))
    return Comparison(metric: metric.description, armA: arm, armB: "threshold=\(threshold)", test: "one-sample-t",
                      alternative: claimed, statistic: statistic, degreesOfFreedom: n - 1,
                      nullDifference: 0, pValue: p(claimed), contradictionP: p(claimed == .greater ? .less : .greater),
                      effectSize: .nan, differenceOfMeans: difference,
                      confidenceLow: summary.confidenceLow - threshold, confidenceHigh: summary.confidenceHigh - threshold,
                      countA: values.count, countB: values.count, standardDeviation: summary.standardDeviation,
                      paired: false, alpha: alpha)
  }

  /// Fisher's exact test of the failure rates (diverged or stalled, k of n): A fails less often than B.
  func failureRates(_ armA: String, _ armB: String, _ alpha: Double) -> Comparison {
    let a = runs[armA] ?? (0, 0), b = runs[armB] ?? (0, 0)
    let test = { (side: Alternative) in
      FisherExactTest.test(eventsA: a.failed, totalA: a.total, eventsB: b.failed, totalB: b.total, alternative: side)
    }
    let claimed = test(.less)
    let rate = { (k: Int, n: Int) in n > 0 ? Double(k) / Double(n) : .nan }
    return Comparison(metric: "failure_rate", armA: armA, armB: armB, test: claimed.test, alternative: .less,
                      statistic: claimed.statistic, degreesOfFreedom: .nan, pValue: claimed.pValue,
                      contradictionP: test(.greater).pValue, effectSize: .nan,
                      differenceOfMeans: rate(a.failed, a.total) - rate(b.failed, b.total),
                      confidenceLow: .nan, confidenceHigh: .nan, countA: a.total, countB: b.total,
                      standardDeviation: .nan, paired: false, alpha: alpha)
  }
}

extension DecisionRule {
  var alpha: Double {
    switch self {
    case .beats(_, _, _, _, let alpha), .ordering(_, _, _, let alpha), .notWorse(_, _, _, _, let alpha),
         .equivalent(_, _, _, _, let alpha), .below(_, _, _, let alpha), .above(_, _, _, let alpha),
         .failsLessOften(_, _, let alpha):
      alpha
    }
  }

  /// Every arm the rule names.
  public var arms: [String] {
    switch self {
    case .beats(let arm, let others, _, _, _): [arm] + others
    case .ordering(let arms, _, _, _): arms
    case .notWorse(let a, let b, _, _, _), .equivalent(let a, let b, _, _, _), .failsLessOften(let a, let b, _): [a, b]
    case .below(let arm, _, _, _), .above(let arm, _, _, _): [arm]
    }
  }

  /// The metric the rule reads (rates read none: nil).
  var metric: Metric? {
    switch self {
    case .beats(_, _, let metric, _, _), .ordering(_, let metric, _, _), .notWorse(_, _, _, let metric, _),
         .equivalent(_, _, _, let metric, _), .below(_, _, let metric, _), .above(_, _, let metric, _):
      metric
    case .failsLessOften: nil
    }
  }
}

func mean(_ values: [Double]) -> Double { values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count) }

/// Four significant digits, for sentences.
func format(_ x: Double) -> String {
  guard x.isFinite else { return x.isNaN ? "n/a" : (x > 0 ? "inf" : "-inf") }
  return String(format: "%.4g", x)
}
