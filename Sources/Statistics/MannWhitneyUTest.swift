// The Mann-Whitney U test (Wilcoxon rank-sum): the rank-based check beside Welch's t test.
//
// It needs no normality, so one diverged-but-finite seed cannot dominate it. It uses the normal
// approximation only; there is no exact small-sample distribution here, so with fewer than about 8 values
// per sample its p-values are rough.

/// The Mann-Whitney U test of whether values from a tend to be larger or smaller than values from b.
///
/// ```
/// U(a) = R(a) - n(a)(n(a) + 1)/2            R(a): sum of the ranks of a in the pooled sample,
///                                           tied values sharing the average of their ranks
/// μ    = n(a) n(b) / 2
/// σ²   = n(a) n(b) / 12 · ((N + 1) - Σ (tⱼ³ - tⱼ) / (N (N - 1)))    N = n(a) + n(b), tⱼ = size of tie group j
/// greater:   p = P(Z > (U(a) - μ - ½) / σ)
/// less:      p = P(Z > (U(b) - μ - ½) / σ)           U(b) = n(a) n(b) - U(a)
/// two-sided: p = min(1, 2 · P(Z > (max(U(a), U(b)) - μ - ½) / σ))
/// ```
/// Conventions, which packages do not share:
/// - The statistic reported is U of the *first* sample, `U(a)` (scipy's `U1`); R's `wilcox.test` reports
///   the same number as `W`. It counts pairs with a > b, plus one half per tied pair.
/// - Ties: mid-ranks and the tie-corrected variance above.
/// - Continuity correction: always applied, as ½ towards the mean. This is scipy's
///   `mannwhitneyu(a, b, use_continuity=True, method="asymptotic")` and R's default `correct = TRUE`.
///
/// Edge cases: an empty sample or a NaN value gives NaN statistic and p. When every pooled value is tied
/// (σ = 0) the samples carry no evidence, and p = 1 for every alternative.
///
/// References: Mann & Whitney (1947), Annals of Mathematical Statistics 18.
public enum MannWhitneyUTest {
  /// The name written to significance.csv.
  public static let name = "mann-whitney"

  /// Tests whether a tends to be larger (`.greater`) or smaller (`.less`) than b, or either.
  ///
  /// - Parameters:
  ///   - a: The first sample; the statistic is its U.
  ///   - b: The second sample.
  ///   - alternative: The alternative hypothesis, stated for a relative to b.
  public static func test(_ a: [Double], _ b: [Double], alternative: Alternative) -> TestResult {
    func result(_ u: Double, _ p: Double) -> TestResult {
      TestResult(test: name, alternative: alternative, statistic: u, degreesOfFreedom: .nan, pValue: p)
    }
    guard !a.isEmpty, !b.isEmpty, !(a + b).contains(where: \.isNaN) else { return result(.nan, .nan) }
    let (rankSumA, tieTerm) = rankSumOfFirst(a, b)
    let na = Double(a.count), nb = Double(b.count), total = na + nb
    let uA = rankSumA - na * (na + 1) / 2
    let uB = na * nb - uA
    let mean = na * nb / 2
    let variance = na * nb / 12 * ((total + 1) - tieTerm / (total * (total - 1)))
    guard variance > 0 else { return result(uA, 1) }

    let u: Double = switch alternative {
    case .greater: uA
    case .less: uB
    case .twoSided: max(uA, uB)
    }
    let upperTail = Normal.survival((u - mean - 0.5) / variance.squareRoot())
    return result(uA, alternative == .twoSided ? min(1, 2 * upperTail) : upperTail)
  }

  /// The mid-rank sum of a within a ∪ b, and the tie term Σ (t³ - t) over groups of tied values.
  static func rankSumOfFirst(_ a: [Double], _ b: [Double]) -> (rankSum: Double, tieTerm: Double) {
    // (value, came from a), sorted by value; ranks are 1-based positions in this order.
    let pooled = (a.map { ($0, true) } + b.map { ($0, false) }).sorted { $0.0 < $1.0 }
    var rankSum = 0.0
    var tieTerm = 0.0
    var start = 0
    while start < pooled.count {
      var end = start + 1
      while end < pooled.count && pooled[end].0 == pooled[start].0 { end += 1 }
      // Positions start..<end hold one tie group; each member gets the average of ranks start+1 ... end.
      let midRank = Double(start + 1 + end) / 2
      let fromA = pooled[start..<end].filter(\.1).count
      rankSum += midRank * Double(fromA)
      let size = Double(end - start)
      tieTerm += size * size * size - size
      start = end
    }
    return (rankSum, tieTerm)
  }
}
