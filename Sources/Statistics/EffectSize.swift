// Standardized effect sizes for significance.csv: how large a difference is, beside whether it is real.
//
// Only Hedges' g for now. Cohen's d is biased upwards at the 5-25 seeds per arm we run, which is exactly
// the regime Hedges' correction is for.

/// Hedges' g: Cohen's d with a pooled standard deviation, times the small-sample bias correction J.
///
/// ```
/// s²(pooled) = ((n(a) - 1) s²(a) + (n(b) - 1) s²(b)) / (n(a) + n(b) - 2)
/// d = (mean(a) - mean(b)) / s(pooled)
/// J = 1 - 3 / (4 (n(a) + n(b)) - 9)
/// g = J · d
/// ```
/// J is Hedges' approximation of the exact gamma-function factor; at n(a) = n(b) = 5 it differs from the
/// exact factor by less than 0.2%. Positive g means a is larger than b.
///
/// Edge cases: fewer than two values in either sample, or a NaN value, gives NaN. Both samples constant:
/// g = 0 if their values are equal, ±infinity (the sign of mean(a) - mean(b)) otherwise, the same limits as
/// `WelchTTest`.
///
/// References: Hedges (1981), Journal of Educational Statistics 6; Hedges & Olkin (1985), eq. 5.10.
public enum HedgesG {
  /// The bias-corrected standardized mean difference of a over b.
  ///
  /// - Parameters:
  ///   - a: The first sample.
  ///   - b: The second sample.
  public static func compute(_ a: [Double], _ b: [Double]) -> Double {
    guard a.count >= 2, b.count >= 2 else { return .nan }
    let meanA = SampleMoments.mean(a), meanB = SampleMoments.mean(b)
    let na = Double(a.count), nb = Double(b.count)
    let pooledVariance = ((na - 1) * SampleMoments.variance(a, mean: meanA)
      + (nb - 1) * SampleMoments.variance(b, mean: meanB)) / (na + nb - 2)
    let difference = meanA - meanB
    guard !pooledVariance.isNaN, !difference.isNaN else { return .nan }
    guard pooledVariance > 0 else {
      return difference == 0 ? 0 : (difference > 0 ? .infinity : -.infinity)
    }
    let correction = 1 - 3 / (4 * (na + nb) - 9)
    return correction * difference / pooledVariance.squareRoot()
  }
}
