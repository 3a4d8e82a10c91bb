// Fisher's exact test: comparing how often an event (a diverged run, a claim reproduced) happens in two arms.
//
// Counts over 5-25 seeds are far too small for a chi-square approximation; the hypergeometric null is exact
// whatever the counts.

/// Fisher's exact test of the 2×2 table
///
/// ```
///            event     no event
/// arm a   [ eventsA,  totalA - eventsA ]
/// arm b   [ eventsB,  totalB - eventsB ]
/// ```
/// Conditioning on the margins, eventsA follows the hypergeometric distribution under the null of equal
/// event rates:
/// ```
/// K = eventsA + eventsB,   P(x) = C(totalA, x) C(totalB, K - x) / C(totalA + totalB, K)
/// greater (a's rate larger):  p = Σ P(x) over x ≥ eventsA
/// less    (a's rate smaller): p = Σ P(x) over x ≤ eventsA
/// two-sided:                  p = Σ P(x) over tables with P(x) ≤ P(eventsA) · (1 + 10⁻⁷)
/// ```
/// The statistic is the sample odds ratio eventsA (totalB - eventsB) / ((totalA - eventsA) eventsB),
/// infinity when its denominator is 0; degrees of freedom are NaN.
///
/// Matches `scipy.stats.fisher_exact([[eventsA, totalA - eventsA], [eventsB, totalB - eventsB]],
/// alternative=...)` and R's `fisher.test`. The two-sided tolerance is R's 1 + 10⁻⁷ (scipy 1.17 uses
/// 1 + 10⁻¹⁴): tables of exactly equal probability, such as mirror images when totalA = totalB, must both be
/// counted, and our P(x) is rounded differently from scipy's, so a tolerance near machine epsilon would
/// count them by luck.
///
/// Edge cases, as scipy: a row or a column of the table all zero (an empty arm, no events at all, or only
/// events) gives odds ratio NaN and p = 1. Negative counts or events above the total give NaN statistic and p.
///
/// References: Fisher (1935), The Design of Experiments; Agresti (2013), Categorical Data Analysis, §3.5.
public enum FisherExactTest {
  /// The name written to significance.csv.
  public static let name = "fisher-exact"

  /// The relative tolerance within which a table counts as "as probable as the observed one" (two-sided).
  static let relativeTolerance = 1e-7

  /// Tests whether arm a's event rate is larger (`.greater`) or smaller (`.less`) than arm b's, or either.
  ///
  /// - Parameters:
  ///   - eventsA: How many of arm a's runs had the event.
  ///   - totalA: How many runs arm a has.
  ///   - eventsB: How many of arm b's runs had the event.
  ///   - totalB: How many runs arm b has.
  ///   - alternative: The alternative hypothesis about a's event rate relative to b's.
  public static func test(eventsA: Int, totalA: Int, eventsB: Int, totalB: Int,
                          alternative: Alternative) -> TestResult {
    func result(_ oddsRatio: Double, _ p: Double) -> TestResult {
      TestResult(test: name, alternative: alternative, statistic: oddsRatio, degreesOfFreedom: .nan,
                 pValue: p)
    }
    guard eventsA >= 0, eventsB >= 0, eventsA <= totalA, eventsB <= totalB else {
      return result(.nan, .nan)
    }
    let events = eventsA + eventsB, total = totalA + totalB
    guard totalA > 0, totalB > 0, events > 0, events < total else { return result(.nan, 1) }

    let missesA = totalA - eventsA, missesB = totalB - eventsB
    let oddsRatio = missesA > 0 && eventsB > 0
      ? Double(eventsA) * Double(missesB) / (Double(missesA) * Double(eventsB)) : .infinity

    // x runs over the support low...high of eventsA given the margins; probabilities[x - low] = P(x).
    let low = max(0, events - totalB)
    let probabilities = hypergeometricProbabilities(totalA: totalA, totalB: totalB, events: events)
    let observed = probabilities[eventsA - low]
    let p: Double = switch alternative {
    case .greater: probabilities[(eventsA - low)...].reduce(0, +)
    case .less: probabilities[...(eventsA - low)].reduce(0, +)
    case .twoSided: probabilities.filter { $0 <= observed * (1 + relativeTolerance) }.reduce(0, +)
    }
    return result(oddsRatio, min(1, p))
  }

  /// P(x) for x = max(0, events - totalB) ... min(totalA, events), normalized to sum to 1.
  ///
  /// Built outwards from the mode by the ratio of consecutive terms,
  /// `P(x + 1)/P(x) = (totalA - x)(events - x) / ((x + 1)(totalB - events + x + 1))`,
  /// so no binomial coefficient is ever formed: nothing overflows, and the terms only shrink (and at worst
  /// underflow to 0) away from the mode.
  static func hypergeometricProbabilities(totalA: Int, totalB: Int, events: Int) -> [Double] {
    let low = max(0, events - totalB), high = min(totalA, events)
    func ratio(_ x: Int) -> Double {  // P(x + 1) / P(x)
      Double(totalA - x) * Double(events - x) / (Double(x + 1) * Double(totalB - events + x + 1))
    }
    let mode = (events + 1) * (totalA + 1) / (totalA + totalB + 2)  // ⌊(K + 1)(n_a + 1)/(N + 2)⌋
    var weights = [Double](repeating: 0, count: high - low + 1)
    weights[mode - low] = 1
    if mode < high { for x in mode..<high { weights[x + 1 - low] = weights[x - low] * ratio(x) } }
    if mode > low { for x in stride(from: mode - 1, through: low, by: -1) {
      weights[x - low] = weights[x + 1 - low] / ratio(x)
    } }
    let sum = weights.reduce(0, +)
    return weights.map { $0 / sum }
  }
}
