// The noncentral t distribution, which GSL lacks: the distribution of the t statistic when the null is
// false, and so the heart of every power and sample-size calculation (TTestPower).
import CGSL
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// The noncentral t distribution with ν degrees of freedom and noncentrality δ: the law of
/// `(Z + δ) / √(V/ν)` for independent Z ~ N(0, 1) and V ~ χ²(ν).
///
/// The lower tail for t ≥ 0 is Lenth's algorithm AS 243, a series in incomplete beta functions weighted
/// by the Poisson(δ²/2) probabilities split into odd and even terms:
/// ```
/// x = t²/(t² + ν),  λ = δ²
/// P(T ≤ t) = Φ(-δ) + ½ Σⱼ [ pⱼ I_x(j + ½, ν/2) + qⱼ I_x(j + 1, ν/2) ]
///            pⱼ = e^(-λ/2) (λ/2)ʲ / j!,   qⱼ = δ e^(-λ/2) (λ/2)ʲ / (√2 Γ(j + 3/2))
/// ```
/// summed until the bound on the remaining terms is below 10⁻¹², and P(T ≤ t; δ) = 1 - P(T ≤ -t; -δ) for
/// t < 0. The incomplete betas are updated by their recurrences from I_x(½, ν/2) (GSL's beta cdf).
/// The series starts at j = 0, where e^(-λ/2) underflows once |δ| > 37.6; there, and for ν > 4·10⁵,
/// it uses the normal approximation of Abramowitz & Stegun 26.7.10 instead, as R's `pnt` does:
/// `P(T ≤ t) ≈ Φ((t(1 - 1/(4ν)) - δ) / √(1 + t²/(2ν)))`.
///
/// Accuracy: about 10⁻¹² absolute inside the series' range, which is what power calculations need. Tail
/// probabilities far below that have no relative accuracy; do not use these for tiny p-values.
///
/// References: Lenth (1989), Algorithm AS 243, Applied Statistics 38, 185-189; R's `pnt.c`.
public enum NoncentralT {
  /// The series stops when its remaining terms are bounded by this (AS 243's `errmax`).
  static let seriesTolerance = 1e-12
  /// The series gives up after this many terms (AS 243's `itrmax`); |δ| ≤ 37.6 needs fewer than 800.
  static let maximumTerms = 1000

  /// The lower tail `P(T ≤ t)`; NaN if an argument is NaN or ν ≤ 0.
  ///
  /// - Parameters:
  ///   - t: The point at which to evaluate; ±infinity gives 1 or 0.
  ///   - degreesOfFreedom: ν > 0, not necessarily an integer.
  ///   - noncentrality: δ; 0 gives Student's t.
  public static func cdf(_ t: Double, degreesOfFreedom: Double, noncentrality: Double) -> Double {
    guard degreesOfFreedom > 0, !t.isNaN, !noncentrality.isNaN else { return .nan }
    return t >= 0
      ? lowerTail(t, degreesOfFreedom, noncentrality)
      : 1 - lowerTail(-t, degreesOfFreedom, -noncentrality)
  }

  /// The upper tail `P(T > t) = 1 - cdf`; it has the same absolute accuracy as `cdf`, no better.
  ///
  /// - Parameters:
  ///   - t: The point at which to evaluate.
  ///   - degreesOfFreedom: ν > 0.
  ///   - noncentrality: δ.
  public static func survival(_ t: Double, degreesOfFreedom: Double, noncentrality: Double) -> Double {
    guard degreesOfFreedom > 0, !t.isNaN, !noncentrality.isNaN else { return .nan }
    return t >= 0
      ? 1 - lowerTail(t, degreesOfFreedom, noncentrality)
      : lowerTail(-t, degreesOfFreedom, -noncentrality)
  }

  /// P(T ≤ t) for t ≥ 0 (AS 243, with the normal approximation outside the series' range).
  private static func lowerTail(_ t: Double, _ df: Double, _ delta: Double) -> Double {
    if t * t == .infinity { return 1 }  // t so large that x rounds past 1
    if df > 4e5 || delta * delta > 2 * log(2) * 1021 {
      let s = 1 / (4 * df)
      return Normal.cdf((t * (1 - s) - delta) / (1 + t * t * 2 * s).squareRoot())
    }
    var sum = 0.0
    if t > 0 {
      let x = t * t / (t * t + df)
      let lambda = delta * delta
      var p = 0.5 * exp(-0.5 * lambda)              // ½ pⱼ
      var q = (2 / Double.pi).squareRoot() * p * delta  // ½ qⱼ
      var remainingPoissonMass = 0.5 - p
      var a = 0.5
      let b = 0.5 * df
      let oneMinusXToB = pow(df / (t * t + df), b)  // (1 - x)^b without forming 1 - x
      let logBeta = lgamma(a) + lgamma(b) - lgamma(a + b)
      var xOdd = gsl_cdf_beta_P(x, a, b)             // I_x(j + ½, b)
      var gOdd = 2 * oneMinusXToB * exp(a * log(x) - logBeta)
      var xEven = 1 - oneMinusXToB                    // I_x(j + 1, b)
      var gEven = b * x * oneMinusXToB
      sum = p * xOdd + q * xEven
      var j = 1.0
      while true {
        a += 1
        xOdd -= gOdd
        xEven -= gEven
        gOdd *= x * (a + b - 1) / a
        gEven *= x * (a + b - 0.5) / (a + 0.5)
        p *= lambda / (2 * j)
        q *= lambda / (2 * j + 1)
        remainingPoissonMass -= p
        j += 1
        sum += p * xOdd + q * xEven
        let errorBound = 2 * remainingPoissonMass * (xOdd - gOdd)
        if errorBound <= seriesTolerance || j > Double(maximumTerms) { break }
      }
    }
    return min(1, max(0, sum + Normal.cdf(-delta)))
  }
}
