// Mean and sample variance, the two moments every test and summary in this module is built from.
//
// Internal on purpose: callers use `Summary`. Kept in one place so that Summary, WelchTTest and HedgesG
// cannot drift apart in how they compute a variance.

enum SampleMoments {
  /// The arithmetic mean; NaN for an empty sample.
  static func mean(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return .nan }
    return values.reduce(0, +) / Double(values.count)
  }

  /// The sample variance with n - 1 in the denominator; NaN for fewer than two values.
  ///
  /// ```
  /// s² = (Σ (xᵢ - x̄)² - (Σ (xᵢ - x̄))² / n) / (n - 1)
  /// ```
  /// This is the corrected two-pass algorithm (Chan, Golub & LeVeque 1983): the second term is zero in
  /// exact arithmetic and cancels the rounding error left in x̄. Never `mean(x²) - mean(x)²`, which loses
  /// every digit when the spread is small against the mean (seed-to-seed accuracies such as 0.8812 ± 0.0004).
  static func variance(_ values: [Double], mean: Double) -> Double {
    guard values.count >= 2 else { return .nan }
    var sumOfSquares = 0.0
    var sumOfDeviations = 0.0
    for value in values {
      let deviation = value - mean
      sumOfSquares += deviation * deviation
      sumOfDeviations += deviation
    }
    let n = Double(values.count)
    // Rounding can leave a hair below zero for constant samples; a variance is never negative.
    return max(0, (sumOfSquares - sumOfDeviations * sumOfDeviations / n) / (n - 1))
  }
}
