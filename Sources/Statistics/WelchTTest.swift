// Welch's unequal-variance t test: the default comparison of two arms' metrics over seeds.
//
// It does not assume equal variances (Student's pooled test does), because arms such as a bad initializer
// often vary far more across seeds than good ones. It does assume roughly normal means; for heavy tails
// use MannWhitneyUTest.

/// Welch's two-sample t test of mean(a) - mean(b), with the Welch-Satterthwaite degrees of freedom.
///
/// ```
/// se² = s²(a)/n(a) + s²(b)/n(b)                                  (s² the n - 1 sample variance)
/// t   = (mean(a) - mean(b)) / se
/// ν   = se⁴ / ((s²(a)/n(a))² / (n(a) - 1) + (s²(b)/n(b))² / (n(b) - 1))
/// p   = 2 · P(T_ν > |t|)   two-sided
///       P(T_ν > t)         greater (a > b)
///       P(T_ν < t)         less    (a < b)
/// ```
/// References: Welch (1947), Biometrika 34; Satterthwaite (1946). Matches
/// `scipy.stats.ttest_ind(a, b, equal_var=False, alternative=...)` and R's `t.test(a, b)`.
///
/// Edge cases, decided so that a run never traps and a verdict is never claimed without evidence:
/// - Fewer than two values in either sample, or a NaN value: statistic, ν and p are NaN.
/// - Both samples constant (se = 0), with equal values: t = 0, ν = NaN, and p = 1 for *every* alternative.
///   The data are identical, so they carry no evidence against the null; 1 (rather than the 0.5 that t = 0
///   would give one-sided) is the conservative choice and can never make a claim "reproduced".
/// - Both samples constant with different values: t = ±infinity (the sign of mean(a) - mean(b)), ν = NaN,
///   and p is the limit as the spread goes to zero: 0 when the difference lies in the alternative's
///   direction (or for two-sided), 1 when it lies against it.
public enum WelchTTest {
  /// The name written to significance.csv.
  public static let name = "welch-t"

  /// Tests whether a and b have different means, in the direction `alternative` states for a relative to b.
  ///
  /// - Parameters:
  ///   - a: The first sample (for instance the arm the claim favours).
  ///   - b: The second sample.
  ///   - alternative: The alternative hypothesis about mean(a) - mean(b).
  public static func test(_ a: [Double], _ b: [Double], alternative: Alternative) -> TestResult {
    func result(_ t: Double, _ df: Double, _ p: Double) -> TestResult {
      TestResult(test: name, alternative: alternative, statistic: t, degreesOfFreedom: df, pValue: p)
    }
    guard a.count >= 2, b.count >= 2 else { return result(.nan, .nan, .nan) }
    let meanA = SampleMoments.mean(a), meanB = SampleMoments.mean(b)
    let errorA = SampleMoments.variance(a, mean: meanA) / Double(a.count)  // s²(a)/n(a)
    let errorB = SampleMoments.variance(b, mean: meanB) / Double(b.count)
    let difference = meanA - meanB
    guard !difference.isNaN, !errorA.isNaN, !errorB.isNaN else { return result(.nan, .nan, .nan) }

    let squaredStandardError = errorA + errorB
    guard squaredStandardError > 0 else {
      return constantSamples(difference: difference, alternative: alternative, result: result)
    }
    let t = difference / squaredStandardError.squareRoot()
    let df = squaredStandardError * squaredStandardError
      / (errorA * errorA / Double(a.count - 1) + errorB * errorB / Double(b.count - 1))
    return result(t, df, pValue(t: t, degreesOfFreedom: df, alternative: alternative))
  }

  /// The t-distribution tail(s) beyond `t` that `alternative` counts as extreme.
  static func pValue(t: Double, degreesOfFreedom df: Double, alternative: Alternative) -> Double {
    switch alternative {
    case .twoSided: min(1, 2 * StudentT.survival(abs(t), degreesOfFreedom: df))
    case .greater: StudentT.survival(t, degreesOfFreedom: df)
    case .less: StudentT.cdf(t, degreesOfFreedom: df)
    }
  }

  /// Both samples constant: the limits documented on the type.
  private static func constantSamples(
    difference: Double, alternative: Alternative,
    result: (Double, Double, Double) -> TestResult
  ) -> TestResult {
    if difference == 0 { return result(0, .nan, 1) }
    let t: Double = difference > 0 ? .infinity : -.infinity
    let p: Double = switch alternative {
    case .twoSided: 0
    case .greater: difference > 0 ? 0 : 1
    case .less: difference < 0 ? 0 : 1
    }
    return result(t, .nan, p)
  }
}
