// Percentile-bootstrap interval: determinism from the named stream, coverage of a clear shift, and an
// exact degenerate case.
import Testing
@testable import Statistics

@Suite struct BootstrapTests {
  /// 15 draws of N(shift, 1) from a fixed named stream: the test data themselves are seeded.
  static func sample(shift: Double, name: String) -> [Double] {
    let stream = RandomStream("statistics-tests", "bootstrap-data", name)
    return (0..<15).map { _ in shift + stream.gaussian() }
  }

  static let shifted = sample(shift: 3, name: "a")
  static let centred = sample(shift: 0, name: "b")

  @Test func sameStreamNameGivesTheSameInterval() {
    let first = BootstrapInterval.differenceOfMeans(Self.shifted, Self.centred,
                                                    stream: RandomStream("statistics-tests", "bootstrap"))
    let second = BootstrapInterval.differenceOfMeans(Self.shifted, Self.centred,
                                                     stream: RandomStream("statistics-tests", "bootstrap"))
    #expect(first.low == second.low && first.high == second.high)
  }

  // Negative control for the determinism test: if the stream were ignored (or a global generator used),
  // a different name would give the same interval.
  @Test func differentStreamNameGivesADifferentInterval() {
    let first = BootstrapInterval.differenceOfMeans(Self.shifted, Self.centred,
                                                    stream: RandomStream("statistics-tests", "bootstrap"))
    let other = BootstrapInterval.differenceOfMeans(Self.shifted, Self.centred,
                                                    stream: RandomStream("statistics-tests", "other"))
    #expect(first.low != other.low || first.high != other.high)
  }

  // The true difference is 3 and the standard error of the difference is about sqrt(2/15) ≈ 0.37, so a
  // 95% interval is about ±0.7 wide: it must contain 3 and exclude 0 (a sign error would put it near -3).
  @Test func intervalCoversAClearShiftAndExcludesZero() {
    let interval = BootstrapInterval.differenceOfMeans(Self.shifted, Self.centred,
                                                       stream: RandomStream("statistics-tests", "bootstrap"))
    #expect(interval.low <= interval.high)
    #expect(interval.low < 3 && 3 < interval.high, "\(interval)")
    #expect(interval.low > 0, "\(interval)")
  }

  // A wider confidence level gives a wider interval from the same draws.
  @Test func higherConfidenceGivesAWiderInterval() {
    let narrow = BootstrapInterval.differenceOfMeans(Self.shifted, Self.centred, confidence: 0.5,
                                                     stream: RandomStream("statistics-tests", "bootstrap"))
    let wide = BootstrapInterval.differenceOfMeans(Self.shifted, Self.centred, confidence: 0.99,
                                                   stream: RandomStream("statistics-tests", "bootstrap"))
    #expect(wide.low < narrow.low && narrow.high < wide.high)
  }

  // Constant samples: every resample has the same means, so the interval is exactly (5 - 2, 5 - 2).
  @Test func constantSamplesGiveAPointInterval() {
    let interval = BootstrapInterval.differenceOfMeans([5, 5, 5], [2, 2], resamples: 50,
                                                       stream: RandomStream("statistics-tests", "bootstrap"))
    #expect(interval.low == 3 && interval.high == 3)
  }

  @Test func emptySampleGivesNaN() {
    let interval = BootstrapInterval.differenceOfMeans([], [1, 2], stream: RandomStream("statistics-tests", "x"))
    #expect(interval.low.isNaN && interval.high.isNaN)
  }
}
