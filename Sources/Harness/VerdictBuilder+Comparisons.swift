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
//   often (rate r)            share(A) > r              share(A) < r        (exact binomial)
//   degradesLess (ratio ρ)    ρ·ΔB − ΔA > 0             ρ·ΔB − ΔA < 0       (t on the contrast)
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
    case .often(let arm, let metric, let below, let threshold, let rate, let alpha):
      let gone = absent([arm], metric, every: true)
      guard gone.isEmpty else { return ([], gone) }
      return ([share(arm, metric, below: below, threshold, rate, alpha)], [])
    case .degradesLess(let arm, let base, let other, let otherBase, let ratio, let metric, let alpha):
      let gone = absent([arm, base, other, otherBase], metric)
      guard gone.isEmpty else { return ([], gone) }
      return ([contrast(arm, base, other, otherBase, ratio, metric, alpha)], [])
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

extension VerdictBuilder {
  /// k of n runs of `arm` on the stated side of `threshold`, against the rate `rate` (exact binomial).
  /// The difference is k/n − rate; the CI is Wilson's score interval of k/n, minus rate.
  func share(_ arm: String, _ metric: Metric, below: Bool, _ threshold: Double, _ rate: Double,
             _ alpha: Double) -> Comparison {
    let values = sampleOfEveryRun(arm, metric)
    let k = values.filter { below ? $0 < threshold : $0 > threshold }.count, n = values.count
    let test = { (side: Alternative) in BinomialTest.test(events: k, total: n, rate: rate, alternative: side) }
    let claimed = test(.greater)
    let (low, high) = Self.wilson(k, n)
    return Comparison(metric: "rate_\(metric)_\(below ? "below" : "above")_\(threshold)", armA: arm,
                      armB: "rate=\(rate)", test: claimed.test, alternative: .greater, statistic: claimed.statistic,
                      degreesOfFreedom: .nan, pValue: claimed.pValue, contradictionP: test(.less).pValue,
                      effectSize: .nan, differenceOfMeans: Double(k) / Double(n) - rate,
                      confidenceLow: low - rate, confidenceHigh: high - rate, countA: k, countB: n,
                      standardDeviation: .nan, paired: false, alpha: alpha)
  }

  /// Wilson's 95% score interval of a proportion k/n (Agresti & Coull 1998).
  static func wilson(_ k: Int, _ n: Int) -> (Double, Double) {
    guard n > 0 else { return (.nan, .nan) }
    let z = Normal.quantile(0.975), p = Double(k) / Double(n), m = Double(n)
    let centre = (p + z * z / (2 * m)) / (1 + z * z / m)
    let half = z / (1 + z * z / m) * (p * (1 - p) / m + z * z / (4 * m * m)).squareRoot()
    return (max(0, centre - half), min(1, centre + half))
  }

  /// The contrast c = ρ · loss(other) − loss(arm), each loss of quality from its base s · (base − condition)
  /// with s = 1 when higher is better, −1 otherwise: c = s·arm − s·base − ρs·other + ρs·otherBase.
  func contrast(_ arm: String, _ base: String, _ other: String, _ otherBase: String, _ ratio: Double,
                _ metric: Metric, _ alpha: Double) -> Comparison {
    let s: Double = metric.higherIsBetter ? 1 : -1
    let weights = [(arm, s), (base, -s), (other, -s * ratio), (otherBase, s * ratio)]
    let names = weights.map(\.0)
    let allPair = zip(names, names.dropFirst()).allSatisfy { pairs($0, $1) } && pairs(names[0], names[2])
    var statistic = Double.nan, df = Double.nan, estimate = Double.nan, standardError = Double.nan, sd = Double.nan
    var n = 0, paired = false
    if allPair {
      let tables = weights.map { trained[metric.description]?[$0.0] ?? [:] }
      let seeds = tables.dropFirst().reduce(Set(tables[0].keys)) { $0.intersection($1.keys) }.sorted()
      if seeds.count >= 2 {
        let values = seeds.map { seed in zip(weights, tables).reduce(0) { $0 + $1.0.1 * $1.1[seed]! } }
        let summary = Summary(values)
        (estimate, sd, n, paired) = (summary.mean, summary.standardDeviation, values.count, true)
        standardError = sd / Double(n).squareRoot()
        df = Double(n - 1)
      }
    }
    if !paired {
      // Welch-Satterthwaite: var = Σ w² s²/n, df = var² / Σ (w² s²/n)² / (n − 1).
      let parts = weights.map { (weight: $0.1, sample: sample($0.0, metric)) }
      estimate = parts.reduce(0) { $0 + $1.weight * mean($1.sample) }
      let terms = parts.map { part -> (Double, Double) in
        let v = Summary(part.sample).standardDeviation, m = Double(part.sample.count)
        return (part.weight * part.weight * v * v / m, m - 1)
      }
      let variance = terms.reduce(0) { $0 + $1.0 }
      standardError = variance.squareRoot()
      df = variance * variance / terms.reduce(0) { $0 + $1.0 * $1.0 / $1.1 }
      n = parts.map(\.sample.count).min() ?? 0
      sd = standardError * Double(n).squareRoot()
    }
    func p(_ side: Alternative) -> Double {
      guard standardError > 0 else { return (side == .greater ? estimate > 0 : estimate < 0) ? 0 : 1 }
      let t = estimate / standardError
      return side == .greater ? StudentT.survival(t, degreesOfFreedom: df) : StudentT.cdf(t, degreesOfFreedom: df)
    }
    statistic = standardError > 0 ? estimate / standardError : (estimate == 0 ? 0 : estimate > 0 ? .infinity : -.infinity)
    let half = standardError > 0 ? StudentT.quantile(0.975, degreesOfFreedom: df) * standardError : 0
    return Comparison(metric: metric.description, armA: arm, armB: other,
                      test: paired ? "paired-t-contrast" : "welch-t-contrast", alternative: .greater,
                      statistic: statistic, degreesOfFreedom: df, nullDifference: 0, pValue: p(.greater),
                      contradictionP: p(.less), effectSize: .nan, differenceOfMeans: estimate,
                      confidenceLow: estimate - half, confidenceHigh: estimate + half, countA: n, countB: n,
                      standardDeviation: sd, paired: paired, alpha: alpha)
  }
}

extension DecisionRule {
  var alpha: Double {
    switch self {
    case .beats(_, _, _, _, let alpha), .ordering(_, _, _, let alpha), .notWorse(_, _, _, _, let alpha),
         .equivalent(_, _, _, _, let alpha), .below(_, _, _, let alpha), .above(_, _, _, let alpha),
         .failsLessOften(_, _, let alpha), .often(_, _, _, _, _, let alpha), .degradesLess(_, _, _, _, _, _, let alpha):
      alpha
    }
  }

  /// Every arm the rule names.
  public var arms: [String] {
    switch self {
    case .beats(let arm, let others, _, _, _): [arm] + others
    case .ordering(let arms, _, _, _): arms
    case .notWorse(let a, let b, _, _, _), .equivalent(let a, let b, _, _, _), .failsLessOften(let a, let b, _): [a, b]
    case .below(let arm, _, _, _), .above(let arm, _, _, _), .often(let arm, _, _, _, _, _): [arm]
    case .degradesLess(let arm, let base, let other, let otherBase, _, _, _): [arm, base, other, otherBase]
    }
  }

  /// The metric the rule reads (rates read none: nil).
  var metric: Metric? {
    switch self {
    case .beats(_, _, let metric, _, _), .ordering(_, let metric, _, _), .notWorse(_, _, _, let metric, _),
         .equivalent(_, _, _, let metric, _), .below(_, _, let metric, _), .above(_, _, let metric, _),
         .often(_, let metric, _, _, _, _), .degradesLess(_, _, _, _, _, let metric, _):
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
