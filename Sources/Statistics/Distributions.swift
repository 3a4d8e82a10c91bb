// Thin wrappers over GSL's Student-t and standard normal distributions.
//
// They exist so that the rest of the package names distributions in words and never calls `gsl_cdf_*`
// directly. They add no numerics of their own: only argument checks that keep GSL away from inputs for
// which it would call its error handler (which aborts the process by default).
import CGSL

/// Student's t distribution with a real number of degrees of freedom (Welch's df is not an integer).
///
/// Every function returns NaN when an argument is NaN, when `degreesOfFreedom` is not positive, or when a
/// probability lies outside [0, 1]. GSL is never called with such arguments.
public enum StudentT {
  /// The lower tail `P(T ≤ t)`.
  ///
  /// - Parameters:
  ///   - t: The point at which to evaluate; ±infinity gives 0 or 1.
  ///   - degreesOfFreedom: ν > 0.
  public static func cdf(_ t: Double, degreesOfFreedom: Double) -> Double {
    guard isValid(degreesOfFreedom), !t.isNaN else { return .nan }
    return gsl_cdf_tdist_P(t, degreesOfFreedom)
  }

  /// The upper tail `P(T > t)`, computed directly rather than as `1 - cdf` so that tiny p-values keep
  /// their digits.
  ///
  /// - Parameters:
  ///   - t: The point at which to evaluate.
  ///   - degreesOfFreedom: ν > 0.
  public static func survival(_ t: Double, degreesOfFreedom: Double) -> Double {
    guard isValid(degreesOfFreedom), !t.isNaN else { return .nan }
    return gsl_cdf_tdist_Q(t, degreesOfFreedom)
  }

  /// The inverse of `cdf`: the t with `P(T ≤ t) = p`; -infinity at p = 0 and +infinity at p = 1.
  ///
  /// - Parameters:
  ///   - p: A probability in [0, 1]; `quantile(0.975, degreesOfFreedom: 10)` is 2.228139.
  ///   - degreesOfFreedom: ν > 0.
  public static func quantile(_ p: Double, degreesOfFreedom: Double) -> Double {
    guard isValid(degreesOfFreedom), p >= 0, p <= 1 else { return .nan }
    if p == 0 { return -.infinity }
    if p == 1 { return .infinity }
    return gsl_cdf_tdist_Pinv(p, degreesOfFreedom)
  }

  /// The inverse of `survival`: the t with `P(T > t) = q`; +infinity at q = 0 and -infinity at q = 1.
  /// Computed directly rather than as `quantile(1 - q)` so that a tiny q (a strict α) keeps its digits.
  ///
  /// - Parameters:
  ///   - q: A probability in [0, 1]; `inverseSurvival(0.05, degreesOfFreedom: 10)` is 1.812461.
  ///   - degreesOfFreedom: ν > 0.
  public static func inverseSurvival(_ q: Double, degreesOfFreedom: Double) -> Double {
    guard isValid(degreesOfFreedom), q >= 0, q <= 1 else { return .nan }
    if q == 0 { return .infinity }
    if q == 1 { return -.infinity }
    return gsl_cdf_tdist_Qinv(q, degreesOfFreedom)
  }

  private static func isValid(_ degreesOfFreedom: Double) -> Bool {
    degreesOfFreedom > 0  // false for NaN too
  }
}

/// The standard normal distribution N(0, 1).
///
/// Every function returns NaN for a NaN argument or a probability outside [0, 1].
public enum Normal {
  /// The lower tail `Φ(x) = P(Z ≤ x)`.
  public static func cdf(_ x: Double) -> Double {
    x.isNaN ? .nan : gsl_cdf_ugaussian_P(x)
  }

  /// The upper tail `P(Z > x)`, computed directly rather than as `1 - cdf` so that tiny p-values keep
  /// their digits.
  public static func survival(_ x: Double) -> Double {
    x.isNaN ? .nan : gsl_cdf_ugaussian_Q(x)
  }

  /// The inverse of `cdf`: the x with `Φ(x) = p`; -infinity at p = 0 and +infinity at p = 1.
  ///
  /// - Parameter p: A probability in [0, 1]; `quantile(0.975)` is 1.959964.
  public static func quantile(_ p: Double) -> Double {
    guard p >= 0, p <= 1 else { return .nan }
    if p == 0 { return -.infinity }
    if p == 1 { return .infinity }
    return gsl_cdf_ugaussian_Pinv(p)
  }
}

/// The chi-squared distribution (GSL `gsl_cdf_chisq_*`), for confidence limits of a variance.
public enum ChiSquared {
  /// The value x with P(X ≤ x) = p, for p in (0, 1) and degrees of freedom > 0; NaN otherwise.
  public static func quantile(_ p: Double, degreesOfFreedom: Double) -> Double {
    guard p > 0, p < 1, degreesOfFreedom > 0, degreesOfFreedom.isFinite else { return .nan }
    return gsl_cdf_chisq_Pinv(p, degreesOfFreedom)
  }
}
