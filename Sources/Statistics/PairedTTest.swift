// The paired t test: the comparison of two arms run on the same seeds.
//
// When arm a and arm b share seed i (same initial weights, same data order), seed-to-seed variation is
// common to both and cancels in a_i - b_i. Welch's test cannot use that pairing and counts the seed noise
// twice; on seed-dominated metrics the paired test is far more sensitive.

/// The paired (one-sample on differences) t test of mean(a - b) against `nullDifference`.
///
/// ```
/// dᵢ = aᵢ - bᵢ - nullDifference          pair i is seed i: a and b must be aligned
/// t  = mean(d) / (s(d) / √n)             (s the n - 1 sample standard deviation)
/// ν  = n - 1
/// p  = 2 · P(T_ν > |t|)   two-sided
///      P(T_ν > t)         greater (a - b > nullDifference)
///      P(T_ν < t)         less    (a - b < nullDifference)
/// ```
/// References: Student (1908), Biometrika 6. Matches
/// `scipy.stats.ttest_rel(a - nullDifference, b, alternative=...)` and R's `t.test(a, b, paired = TRUE, mu =)`.
///
/// Edge cases, the same conventions as `WelchTTest`:
/// - a and b of different lengths, fewer than two pairs, or a NaN value: statistic, ν and p are NaN.
/// - Every difference equal (s(d) = 0) and zero: t = 0 and p = 1 for every alternative (no evidence).
/// - Every difference equal and nonzero: t = ±infinity (the sign of mean(d)) and p is the limit as the
///   spread goes to zero: 0 when mean(d) lies in the alternative's direction (or for two-sided), 1 when it
///   lies against it. ν stays n - 1, which does not depend on the spread. (scipy returns NaN or ±inf here.)
public enum PairedTTest {
  /// The name written to significance.csv.
  public static let name = "paired-t"

  /// Tests whether the paired differences a - b have mean `nullDifference`, against `alternative`.
  ///
  /// - Parameters:
  ///   - a: The first arm's metric, one value per seed.
  ///   - b: The second arm's metric, in the same seed order as `a`.
  ///   - alternative: The alternative hypothesis about mean(a - b) relative to `nullDifference`.
  ///   - nullDifference: The difference a - b under the null hypothesis (0: no difference).
  public static func test(_ a: [Double], _ b: [Double], alternative: Alternative,
                          nullDifference: Double = 0) -> TestResult {
    func result(_ t: Double, _ df: Double, _ p: Double) -> TestResult {
      TestResult(test: name, alternative: alternative, statistic: t, degreesOfFreedom: df, pValue: p)
    }
    guard a.count == b.count, a.count >= 2 else { return result(.nan, .nan, .nan) }
    let differences = zip(a, b).map { $0 - $1 - nullDifference }
    let mean = SampleMoments.mean(differences)
    let variance = SampleMoments.variance(differences, mean: mean)
    guard !mean.isNaN, !variance.isNaN else { return result(.nan, .nan, .nan) }
    let df = Double(differences.count - 1)

    guard variance > 0 else {
      if mean == 0 { return result(0, df, 1) }
      let p: Double = switch alternative {
      case .twoSided: 0
      case .greater: mean > 0 ? 0 : 1
      case .less: mean < 0 ? 0 : 1
      }
      return result(mean > 0 ? .infinity : -.infinity, df, p)
    }
    let t = mean / (variance / Double(differences.count)).squareRoot()
    return result(t, df, WelchTTest.pValue(t: t, degreesOfFreedom: df, alternative: alternative))
  }
}
