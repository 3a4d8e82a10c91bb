// Descriptive statistics of one sample (one arm's metric over its seeds): the numbers in summary.csv.
//
// This is not a test: comparisons between arms belong to WelchTTest and MannWhitneyUTest.

/// Count, location, spread and the 95% confidence interval of the mean of a sample.
///
/// ```
/// mean = Σ xᵢ / n
/// standardDeviation = sqrt(Σ (xᵢ - mean)² / (n - 1))            (sample sd, corrected two-pass)
/// confidence = mean ∓ t(0.975; n - 1) · standardDeviation / sqrt(n)
/// ```
/// `t(0.975; n - 1)` is the Student-t quantile from GSL, not 1.96: with the 5 to 25 seeds we run, the
/// normal quantile would make the interval 10-40% too narrow.
///
/// Small samples do not trap. With n = 0 every statistic is NaN. With n = 1 the mean, median, minimum and
/// maximum are the value, and the standard deviation and interval are NaN. A sample containing NaN (a
/// diverged run that was not filtered out) gives NaN in every statistic except `n`, rather than a summary
/// of the remaining values that would hide the divergence. Because NaN ≠ NaN, summaries holding NaN never
/// compare equal.
public struct Summary: Sendable, Equatable {
  /// The confidence level of `confidenceLow ... confidenceHigh`.
  public static let confidenceLevel = 0.95

  /// The number of values.
  public let n: Int
  public let mean: Double
  /// The sample standard deviation, with n - 1 in the denominator.
  public let standardDeviation: Double
  /// The type-7 median: the middle value, or the average of the two middle values when n is even.
  public let median: Double
  public let minimum: Double
  public let maximum: Double
  /// The lower end of the t-based 95% confidence interval of the mean.
  public let confidenceLow: Double
  /// The upper end of the t-based 95% confidence interval of the mean.
  public let confidenceHigh: Double

  /// Summarizes `values`; their order does not matter.
  public init(_ values: [Double]) {
    n = values.count
    guard !values.isEmpty, !values.contains(where: \.isNaN) else {
      (mean, standardDeviation, median, minimum, maximum) = (.nan, .nan, .nan, .nan, .nan)
      (confidenceLow, confidenceHigh) = (.nan, .nan)
      return
    }
    let sorted = values.sorted()
    mean = SampleMoments.mean(values)
    standardDeviation = SampleMoments.variance(values, mean: mean).squareRoot()
    median = quantileOfSorted(sorted, 0.5)
    minimum = sorted[0]
    maximum = sorted[sorted.count - 1]
    // For n = 1 the quantile has 0 degrees of freedom (NaN) and the sd is NaN, so the interval is NaN.
    let t = StudentT.quantile(0.5 + Summary.confidenceLevel / 2, degreesOfFreedom: Double(n - 1))
    let halfWidth = t * standardDeviation / Double(n).squareRoot()
    confidenceLow = mean - halfWidth
    confidenceHigh = mean + halfWidth
  }
}

/// The p-quantile of a sample by linear interpolation between order statistics (Hyndman & Fan type 7).
///
/// ```
/// h = (n - 1) · p,   quantile = x₍⌊h⌋₎ + (h - ⌊h⌋) · (x₍⌊h⌋+1₎ - x₍⌊h⌋₎)     (x₍ᵢ₎ sorted, 0-based)
/// ```
/// Type 7 is the default of R's `quantile`, NumPy's `percentile` and Excel's `PERCENTILE.INC`, so our
/// numbers can be checked with any of them. Returns NaN for an empty sample or one containing NaN.
///
/// - Parameters:
///   - values: The sample, in any order.
///   - p: The probability, in [0, 1].
/// - Precondition: `0 <= p <= 1`.
public func quantile(_ values: [Double], _ p: Double) -> Double {
  precondition(p >= 0 && p <= 1, "quantile(_:_:) needs p in [0, 1], got \(p)")
  guard !values.isEmpty, !values.contains(where: \.isNaN) else { return .nan }
  return quantileOfSorted(values.sorted(), p)
}

/// Type-7 quantile of an already sorted, non-empty, NaN-free sample (no copy, for Summary and Bootstrap).
func quantileOfSorted(_ sorted: [Double], _ p: Double) -> Double {
  let h = Double(sorted.count - 1) * p
  let below = Int(h.rounded(.down))
  guard below + 1 < sorted.count else { return sorted[below] }
  return sorted[below] + (h - Double(below)) * (sorted[below + 1] - sorted[below])
}
