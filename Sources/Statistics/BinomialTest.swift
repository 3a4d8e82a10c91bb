import Foundation

// The exact binomial test: how often an event (a bug caught, a net that overfits) happens in one arm's n
// runs, against a stated rate. For bimodal outcomes, where a mean would average two modes.

/// The exact one-sided binomial test of k events in n independent runs against the rate p0:
///
/// ```
/// P(x) = C(n, x) p0^x (1 − p0)^(n − x)
/// greater (rate > p0):  p = Σ P(x) over x ≥ k
/// less    (rate < p0):  p = Σ P(x) over x ≤ k
/// ```
/// The statistic is k / n; degrees of freedom are NaN. Each term is formed in log space (lgamma), so
/// nothing overflows. Matches `scipy.stats.binomtest(k, n, p0, alternative=...)`.
///
/// Edge cases: n = 0, k outside 0...n or p0 outside (0, 1) give NaN statistic and p.
public enum BinomialTest {
  /// The name written to significance.csv.
  public static let name = "binomial-exact"

  public static func test(events: Int, total: Int, rate p0: Double, alternative: Alternative) -> TestResult {
    func result(_ p: Double) -> TestResult {
      TestResult(test: name, alternative: alternative,
                 statistic: total > 0 ? Double(events) / Double(total) : .nan, degreesOfFreedom: .nan, pValue: p)
    }
    guard total > 0, (0...total).contains(events), p0 > 0, p0 < 1 else { return result(.nan) }
    let n = Double(total)
    func term(_ x: Int) -> Double {
      let x = Double(x)
      return Foundation.exp(Foundation.lgamma(n + 1) - Foundation.lgamma(x + 1) - Foundation.lgamma(n - x + 1)
                            + x * Foundation.log(p0) + (n - x) * Foundation.log1p(-p0))
    }
    let range: ClosedRange<Int>
    switch alternative {
    case .greater: range = events...total
    case .less: range = 0...events
    case .twoSided: return result(.nan)  // not needed by any rule; left undefined rather than guessed
    }
    return result(min(1, range.reduce(0) { $0 + term($1) }))
  }
}
