// The outcome of one two-sample significance test, as it is written to significance.csv.

/// What a two-sample test returns: its name, the alternative it tested, its statistic and its p-value.
///
/// Insufficient data never traps: the test returns NaN in the fields it cannot compute, and each test's
/// doc comment says when. Because NaN ≠ NaN, two results holding NaN fields never compare equal.
public struct TestResult: Sendable, Equatable {
  /// The test's stable name: `"welch-t"`, `"mann-whitney"`, `"paired-t"`, `"wilcoxon-signed-rank"` or
  /// `"fisher-exact"`.
  public let test: String
  /// The alternative hypothesis, stated for the first sample relative to the second.
  public let alternative: Alternative
  /// The test's statistic: Welch's or the paired t, the Mann-Whitney U of the first sample, the Wilcoxon W⁺,
  /// or Fisher's sample odds ratio.
  public let statistic: Double
  /// The t tests' degrees of freedom (Welch-Satterthwaite, or n - 1 paired); NaN for tests that have none.
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
