// The Wilcoxon signed-rank test: the rank-based check beside the paired t test.
//
// Like Mann-Whitney beside Welch, it needs no normality of the differences, so one seed whose difference
// is huge counts as one rank, not as a mean-dragging outlier.

/// The Wilcoxon signed-rank test of whether the paired differences a - b - nullDifference are centred on 0.
///
/// ```
/// dᵢ = aᵢ - bᵢ - nullDifference,  zeros dropped          n = number of nonzero dᵢ
/// rᵢ = rank of |dᵢ| among the nonzero |d|, tied values sharing the average of their ranks
/// W⁺ = Σ rᵢ over dᵢ > 0                                   (the statistic reported)
/// exact (n ≤ 50, no ties, no zeros): under the null every sign pattern has probability 2⁻ⁿ, so
///   P(W⁺ = w) = (number of subsets of {1, …, n} summing to w) / 2ⁿ
///   greater: p = P(W⁺ ≥ w),  less: p = P(W⁺ ≤ w),  two-sided: p = min(1, 2 min(both))
/// normal approximation (otherwise):
///   μ = n(n + 1)/4,  σ² = n(n + 1)(2n + 1)/24 - Σ (tⱼ³ - tⱼ)/48      tⱼ = size of tie group j of |d|
///   z = (W⁺ - μ)/σ, no continuity correction
///   greater: p = P(Z > z),  less: p = P(Z < z),  two-sided: p = min(1, 2 P(Z > |z|))
/// ```
/// Conventions, which packages do not share:
/// - Zeros are dropped before ranking (Wilcoxon's own method; scipy `zero_method="wilcox"`).
/// - The statistic is always W⁺, also for two-sided (scipy reports min(W⁺, W⁻) there; R reports W⁺ as V).
/// - The choice between exact and normal p is scipy 1.9's `method="auto"`, and no continuity correction is
///   scipy's default `correction=False` (R's `wilcox.test(correct = FALSE)` agrees except at n = 50, which it
///   no longer counts exactly). Later scipy (1.17.1 checked) differs in one case: with ties or zeros and at
///   most 13 differences (zeros included) its "auto" runs an exhaustive sign-flip permutation test; there
///   this type matches scipy's `method="asymptotic"` instead.
///
/// Edge cases: a and b of different lengths, an empty sample, or a NaN value gives NaN statistic and p.
/// Every difference zero: statistic 0 and p = 1 for every alternative (the data carry no evidence).
///
/// References: Wilcoxon (1945), Biometrics Bulletin 1; for ties and the normal approximation, Lehmann
/// (1975), Nonparametrics, ch. 3.
public enum WilcoxonSignedRankTest {
  /// The name written to significance.csv.
  public static let name = "wilcoxon-signed-rank"

  /// The largest number of nonzero differences whose null distribution is counted exactly (scipy's limit).
  static let exactLimit = 50

  /// Tests whether a - b tends to be larger (`.greater`) or smaller (`.less`) than `nullDifference`.
  ///
  /// - Parameters:
  ///   - a: The first arm's metric, one value per seed.
  ///   - b: The second arm's metric, in the same seed order as `a`.
  ///   - alternative: The alternative hypothesis about a - b relative to `nullDifference`.
  ///   - nullDifference: The shift of a - b under the null hypothesis (0: no difference).
  public static func test(_ a: [Double], _ b: [Double], alternative: Alternative,
                          nullDifference: Double = 0) -> TestResult {
    func result(_ w: Double, _ p: Double) -> TestResult {
      TestResult(test: name, alternative: alternative, statistic: w, degreesOfFreedom: .nan, pValue: p)
    }
    guard a.count == b.count, !a.isEmpty else { return result(.nan, .nan) }
    let differences = zip(a, b).map { $0 - $1 - nullDifference }
    guard !differences.contains(where: \.isNaN) else { return result(.nan, .nan) }
    let nonzero = differences.filter { $0 != 0 }
    guard !nonzero.isEmpty else { return result(0, 1) }

    let (positiveRankSum, tieTerm) = signedRankSum(nonzero)
    let n = nonzero.count
    if n <= exactLimit && tieTerm == 0 && nonzero.count == differences.count {
      return result(positiveRankSum, exactPValue(Int(positiveRankSum), n: n, alternative: alternative))
    }
    let nn = Double(n)
    let mean = nn * (nn + 1) / 4
    let variance = nn * (nn + 1) * (2 * nn + 1) / 24 - tieTerm / 48
    let z = (positiveRankSum - mean) / variance.squareRoot()
    let p: Double = switch alternative {
    case .greater: Normal.survival(z)
    case .less: Normal.cdf(z)
    case .twoSided: min(1, 2 * Normal.survival(abs(z)))
    }
    return result(positiveRankSum, p)
  }

  /// W⁺, the mid-rank sum of the positive values by |value|, and the tie term Σ (t³ - t) over groups of
  /// equal |value|.
  static func signedRankSum(_ nonzero: [Double]) -> (positiveRankSum: Double, tieTerm: Double) {
    let sorted = nonzero.sorted { abs($0) < abs($1) }
    var positiveRankSum = 0.0
    var tieTerm = 0.0
    var start = 0
    while start < sorted.count {
      var end = start + 1
      while end < sorted.count && abs(sorted[end]) == abs(sorted[start]) { end += 1 }
      // Positions start..<end hold one tie group; each member gets the average of ranks start+1 ... end.
      let midRank = Double(start + 1 + end) / 2
      positiveRankSum += midRank * Double(sorted[start..<end].filter { $0 > 0 }.count)
      let size = Double(end - start)
      tieTerm += size * size * size - size
      start = end
    }
    return (positiveRankSum, tieTerm)
  }

  /// The exact p of W⁺ = w with n untied nonzero differences.
  static func exactPValue(_ w: Int, n: Int, alternative: Alternative) -> Double {
    let counts = subsetSumCounts(n)
    let scale = 1 / Double(sign: .plus, exponent: n, significand: 1)  // 2⁻ⁿ, exact
    let atMost = counts[0...w].reduce(0, +) * scale   // P(W⁺ ≤ w)
    let atLeast = counts[w...].reduce(0, +) * scale   // P(W⁺ ≥ w)
    return switch alternative {
    case .greater: atLeast
    case .less: atMost
    case .twoSided: min(1, 2 * min(atMost, atLeast))
    }
  }

  /// counts[s] = the number of subsets of {1, …, n} whose elements sum to s, for s in 0 … n(n + 1)/2.
  ///
  /// Dynamic programming over the ranks, adding rank k to every subset of {1, …, k - 1}. The counts are
  /// at most 2ⁿ ≤ 2⁵⁰ < 2⁵³, so a Double holds them exactly.
  static func subsetSumCounts(_ n: Int) -> [Double] {
    var counts = [Double](repeating: 0, count: n * (n + 1) / 2 + 1)
    counts[0] = 1
    var largestSum = 0
    for rank in 1...n {
      largestSum += rank
      for sum in stride(from: largestSum, through: rank, by: -1) { counts[sum] += counts[sum - rank] }
    }
    return counts
  }
}
