import Foundation
import Statistics

// The statistical comparisons behind the decision rules: two-sample, non-inferiority, equivalence and
// one-sample tests, each one row of significance.csv with a bootstrap interval of the difference.

extension VerdictBuilder {
  func bootstrap(_ a: [Double], _ b: [Double], _ armA: String, _ armB: String, _ metric: Metric) -> (Double, Double) {
    let stream = RandomStream(experimentID, "bootstrap", armA, armB, metric.description)
    let interval = BootstrapInterval.differenceOfMeans(a, b, stream: stream)
    return (interval.low, interval.high)
  }

  func twoSample(_ armA: String, _ armB: String, _ metric: Metric, _ test: TestKind) -> Comparison {
    let a = sample(armA, metric), b = sample(armB, metric)
    let alternative: Alternative = metric.higherIsBetter ? .greater : .less
    let result = test == .welch ? WelchTTest.test(a, b, alternative: alternative)
                                : MannWhitneyUTest.test(a, b, alternative: alternative)
    let (low, high) = bootstrap(a, b, armA, armB, metric)
    return Comparison(metric: metric.description, armA: armA, armB: armB, test: result.test,
                      alternative: alternative, statistic: result.statistic,
                      degreesOfFreedom: result.degreesOfFreedom, pValue: result.pValue,
                      effectSize: HedgesG.compute(a, b), differenceOfMeans: mean(a) - mean(b),
                      confidenceLow: low, confidenceHigh: high)
  }

  /// H1: mean(A) − mean(B) > −margin (in the better direction), by Welch on A shifted by the margin.
  func nonInferiority(_ armA: String, _ armB: String, _ margin: Double, _ metric: Metric) -> Comparison {
    let a = sample(armA, metric), b = sample(armB, metric)
    let shift = metric.higherIsBetter ? margin : -margin
    let alternative: Alternative = metric.higherIsBetter ? .greater : .less
    let result = WelchTTest.test(a.map { $0 + shift }, b, alternative: alternative)
    let (low, high) = bootstrap(a, b, armA, armB, metric)
    return Comparison(metric: metric.description, armA: armA, armB: armB, test: "welch-noninferiority",
                      alternative: alternative, statistic: result.statistic,
                      degreesOfFreedom: result.degreesOfFreedom, pValue: result.pValue,
                      effectSize: HedgesG.compute(a, b), differenceOfMeans: mean(a) - mean(b),
                      confidenceLow: low, confidenceHigh: high)
  }

  /// TOST: H1 is −margin < mean(A) − mean(B) < margin; p is the larger of the two one-sided p-values.
  func equivalence(_ armA: String, _ armB: String, _ margin: Double, _ metric: Metric) -> Comparison {
    let a = sample(armA, metric), b = sample(armB, metric)
    let lower = WelchTTest.test(a.map { $0 + margin }, b, alternative: .greater)
    let upper = WelchTTest.test(a.map { $0 - margin }, b, alternative: .less)
    let binding = lower.pValue >= upper.pValue ? lower : upper
    let (low, high) = bootstrap(a, b, armA, armB, metric)
    return Comparison(metric: metric.description, armA: armA, armB: armB, test: "welch-tost",
                      alternative: .twoSided, statistic: binding.statistic,
                      degreesOfFreedom: binding.degreesOfFreedom, pValue: max(lower.pValue, upper.pValue),
                      effectSize: HedgesG.compute(a, b), differenceOfMeans: mean(a) - mean(b),
                      confidenceLow: low, confidenceHigh: high)
  }

  /// One-sample t test of the arm's mean against a threshold. With zero spread the answer is exact:
  /// p = 0 when every value is on the claimed side, 1 otherwise.
  func oneSample(_ arm: String, _ threshold: Double, _ metric: Metric, alternative: Alternative) -> Comparison {
    let values = sample(arm, metric)
    let summary = Summary(values)
    let n = Double(values.count)
    let standardError = summary.standardDeviation / n.squareRoot()
    let difference = summary.mean - threshold
    var statistic: Double, p: Double
    if standardError > 0 {
      statistic = difference / standardError
      p = alternative == .greater ? StudentT.survival(statistic, degreesOfFreedom: n - 1)
                                  : StudentT.cdf(statistic, degreesOfFreedom: n - 1)
    } else {
      statistic = difference == 0 ? 0 : (difference > 0 ? .infinity : -.infinity)
      p = (alternative == .greater ? difference > 0 : difference < 0) ? 0 : 1
    }
    return Comparison(metric: metric.description, armA: arm, armB: "threshold=\(threshold)", test: "one-sample-t",
                      alternative: alternative, statistic: statistic, degreesOfFreedom: n - 1, pValue: p,
                      effectSize: .nan, differenceOfMeans: difference,
                      confidenceLow: summary.confidenceLow - threshold,
                      confidenceHigh: summary.confidenceHigh - threshold)
  }
}

extension DecisionRule {
  var alpha: Double {
    switch self {
    case .beats(_, _, _, _, let alpha), .ordering(_, _, _, let alpha), .notWorse(_, _, _, _, let alpha),
         .equivalent(_, _, _, _, let alpha), .below(_, _, _, let alpha), .above(_, _, _, let alpha):
      alpha
    }
  }

  /// Every arm the rule names.
  public var arms: [String] {
    switch self {
    case .beats(let arm, let others, _, _, _): [arm] + others
    case .ordering(let arms, _, _, _): arms
    case .notWorse(let a, let b, _, _, _), .equivalent(let a, let b, _, _, _): [a, b]
    case .below(let arm, _, _, _), .above(let arm, _, _, _): [arm]
    }
  }

  /// Every metric the rule reads.
  var metric: Metric {
    switch self {
    case .beats(_, _, let metric, _, _), .ordering(_, let metric, _, _), .notWorse(_, _, _, let metric, _),
         .equivalent(_, _, _, let metric, _), .below(_, _, let metric, _), .above(_, _, let metric, _):
      metric
    }
  }
}

func mean(_ values: [Double]) -> Double { values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count) }

/// Four significant digits, for sentences.
func format(_ x: Double) -> String {
  guard x.isFinite else { return x.isNaN ? "n/a" : (x > 0 ? "inf" : "-inf") }
  return String(format: "%.4g", x)
}
