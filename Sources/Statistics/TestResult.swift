// The outcome of one two-sample significance test, as it is written to significance.csv.

/// What a two-sample test returns: its name, the alternative it tested, its statistic and its p-value.
///
/// Insufficient data never traps: the test returns NaN in the fields it cannot compute, and each test's
/// doc comment says when. Because NaN ≠ NaN, two results holding NaN fields never compare equal.
public struct TestResult: Sendable, Equatable {
  /// The test's stable name: `"welch-t"` or `"mann-whitney"`.
  public let test: String
  /// The alternative hypothesis, stated for the first sample relative to the second.
  public let alternative: Alternative
  /// Welch's t, or the Mann-Whitney U of the first sample.
  public let statistic: Double
  /// The Welch-Satterthwaite degrees of freedom; NaN for tests that have none (Mann-Whitney).
  public let degreesOfFreedom: Double
  /// The p-value under the test's null hypothesis, in [0, 1], or NaN.
  public let pValue: Double

  public init(test: String, alternative: Alternative, statistic: Double, degreesOfFreedom: Double,
              pValue: Double) {
    self.test = test
    self.alternative = alternative
    self.statistic = statistic
    self.degreesOfFreedom = degreesOfFreedom
    self.pValue = pValue
  }
}
