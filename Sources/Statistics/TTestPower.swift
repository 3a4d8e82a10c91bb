// Power and sample size of one-sided t tests: how many seeds an experiment needs, and what it can detect.
//
// Planning uses the exact power of the t test (the noncentral t), not the normal approximation, because at
// 3-30 seeds the two differ by several seeds.

/// The power of a one-sided t test at level α, the seeds it needs, and the smallest effect it detects.
///
/// ```
/// paired:     ν = n - 1,   δ = effect / sd · √n        sd: SD of the per-seed differences a - b
/// twoSample:  ν = 2n - 2,  δ = effect / sd · √(n/2)    n seeds per arm, sd: the common per-arm SD
/// critical t: c = the t_ν with P(T_ν > c) = α
/// power = P(T' > c),  T' ~ noncentral t(ν, δ)
/// ```
/// The tests are one-sided in the direction of `effect` (`.greater` for a positive effect), so the power
/// at effect 0 is α. Matches statsmodels' `TTestPower().power(effect_size=effect/sd, nobs=n, alpha=α,
/// alternative='larger')` (paired) and `TTestIndPower().power(effect_size=effect/sd, nobs1=n, ratio=1,
/// alpha=α, alternative='larger')` (twoSample).
///
/// References: Cohen (1988), Statistical Power Analysis for the Behavioral Sciences, ch. 2; the noncentral
/// t is `NoncentralT` (Lenth 1989).
public enum TTestPower {
  /// Which t test is planned.
  public enum Design: Sendable {
    /// `PairedTTest` on n seeds shared by both arms.
    case paired
    /// An equal-variance two-sample t test with n seeds per arm (Welch's test has about the same power
    /// when the arms' SDs are equal).
    case twoSample
  }

  /// The probability that the one-sided level-α test rejects when the true difference is `effect`.
  ///
  /// Returns NaN when a parameter is NaN, sd < 0, n is too small for one degree of freedom (n < 2), or α is
  /// outside (0, 1). sd = 0 gives the limit: 1 for a positive effect, α at 0, 0 for a negative effect.
  ///
  /// - Parameters:
  ///   - effect: The true difference mean(a) - mean(b), in the metric's units.
  ///   - standardDeviation: The SD the design's δ uses (see the type's table), in the same units.
  ///   - n: Seeds (per arm for `.twoSample`).
  ///   - alpha: The test's level.
  ///   - design: Paired or two-sample.
  public static func power(effect: Double, standardDeviation: Double, n: Int, alpha: Double,
                           design: Design) -> Double {
    guard n >= 2, alpha > 0, alpha < 1, standardDeviation >= 0, !effect.isNaN else { return .nan }
    if standardDeviation == 0 { return effect > 0 ? 1 : (effect == 0 ? alpha : 0) }
    let (df, noncentrality) = degreesOfFreedomAndNoncentrality(
      effect / standardDeviation, n: Double(n), design: design)
    let critical = StudentT.inverseSurvival(alpha, degreesOfFreedom: df)
    return NoncentralT.survival(critical, degreesOfFreedom: df, noncentrality: noncentrality)
  }

  /// The smallest n in `minimum...cap` whose power reaches `power`; `cap` if none does.
  ///
  /// - Parameters:
  ///   - effect: The difference to detect.
  ///   - standardDeviation: The SD the design's δ uses.
  ///   - alpha: The test's level.
  ///   - power: The power to reach.
  ///   - design: Paired or two-sample.
  ///   - cap: The largest n considered (the budget).
  ///   - minimum: The smallest n considered.
  /// - Precondition: `1 <= minimum <= cap`.
  public static func seeds(effect: Double, standardDeviation: Double, alpha: Double, power: Double = 0.8,
                           design: Design, cap: Int = 30, minimum: Int = 3) -> Int {
    precondition(minimum >= 1 && minimum <= cap,
                 "TTestPower.seeds needs 1 <= minimum <= cap, got \(minimum)...\(cap)")
    for n in minimum...cap where Self.power(effect: effect, standardDeviation: standardDeviation, n: n,
                                              alpha: alpha, design: design) >= power {
      return n
    }
    return cap
  }

  /// The effect whose power is exactly `power` at n seeds, found by bisection to 10⁻¹² relative.
  ///
  /// Returns 0 when `power <= alpha` (no effect is needed) and when sd = 0, NaN for the inputs on which
  /// `power(...)` is NaN.
  ///
  /// - Parameters:
  ///   - standardDeviation: The SD the design's δ uses.
  ///   - n: Seeds (per arm for `.twoSample`).
  ///   - alpha: The test's level.
  ///   - power: The target power, in (0, 1).
  ///   - design: Paired or two-sample.
  public static func minimumDetectableEffect(standardDeviation: Double, n: Int, alpha: Double,
                                             power: Double = 0.8, design: Design) -> Double {
    func powerAt(_ effect: Double) -> Double {
      Self.power(effect: effect, standardDeviation: standardDeviation, n: n, alpha: alpha, design: design)
    }
    guard !powerAt(0).isNaN, power > 0, power < 1 else { return .nan }
    if power <= alpha || standardDeviation == 0 { return 0 }
    // Power rises from α at 0 towards 1; double the bracket until it holds the target.
    var low = 0.0, high = standardDeviation
    while powerAt(high) < power { (low, high) = (high, 2 * high) }
    while high - low > 1e-12 * high {
      let middle = (low + high) / 2
      if powerAt(middle) < power { low = middle } else { high = middle }
    }
    return (low + high) / 2
  }

  /// ν and δ of the design for a standardized effect d = effect / sd.
  static func degreesOfFreedomAndNoncentrality(_ d: Double, n: Double, design: Design)
    -> (degreesOfFreedom: Double, noncentrality: Double) {
    switch design {
    case .paired: (n - 1, d * n.squareRoot())
    case .twoSample: (2 * n - 2, d * (n / 2).squareRoot())
    }
  }
}
