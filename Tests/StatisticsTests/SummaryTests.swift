// Summary on samples small enough to check by hand.
import Testing
@testable import Statistics

@Suite struct SummaryTests {
  // [2, 4, 4, 4, 5, 5, 7, 9]: sum 40, so mean 5; squared deviations 9+1+1+1+0+0+4+16 = 32, so the sample
  // sd is sqrt(32/7). Sorted, the middle pair is (4, 5): median 4.5.
  let textbook: [Double] = [2, 4, 4, 4, 5, 5, 7, 9]

  @Test func textbookSampleMatchesHandComputation() {
    let summary = Summary([5, 9, 4, 2, 7, 4, 5, 4])  // the same values out of order: order must not matter
    #expect(summary.n == 8)
    #expect(isClose(summary.mean, 5, tolerance: 1e-15))
    #expect(isClose(summary.standardDeviation, (32.0 / 7).squareRoot(), tolerance: 1e-14))
    #expect(summary.median == 4.5)
    #expect(summary.minimum == 2)
    #expect(summary.maximum == 9)
  }

  // Half-width = t(0.975; 7) · sd / sqrt(n) with the table value 2.364624 (six decimals, hence 1e-6).
  @Test func confidenceIntervalUsesStudentTWithNMinusOneDegreesOfFreedom() {
    let summary = Summary(textbook)
    let halfWidth = 2.364624 * (32.0 / 7).squareRoot() / 8.0.squareRoot()
    #expect(isClose(summary.confidenceLow, 5 - halfWidth, tolerance: 1e-6))
    #expect(isClose(summary.confidenceHigh, 5 + halfWidth, tolerance: 1e-6))
    // Negative control: the normal 1.96 would give an interval about 17% narrower; it must not pass.
    #expect(!isClose(summary.confidenceHigh, 5 + 1.959964 * (32.0 / 7).squareRoot() / 8.0.squareRoot(),
                     tolerance: 1e-3))
  }

  @Test func medianOfOddSampleIsTheMiddleValue() {
    #expect(Summary([9, 1, 5]).median == 5)
  }

  // Values 1e9 ± 1: deviations ±1, so sd = sqrt(4/3). In mean(x²) - mean(x)² the squares are near 1e18,
  // whose ulp is 128, so the naive formula cannot even see the spread. Every step of the two-pass
  // algorithm is exact here (mean, deviations and squares are small integers), hence the tight tolerance.
  @Test func standardDeviationSurvivesALargeMean() {
    let summary = Summary([1e9 + 1, 1e9 - 1, 1e9 + 1, 1e9 - 1])
    #expect(isClose(summary.standardDeviation, (4.0 / 3).squareRoot(), tolerance: 1e-15))
  }

  @Test func emptySampleIsAllNaN() {
    let summary = Summary([])
    #expect(summary.n == 0)
    #expect(summary.mean.isNaN && summary.standardDeviation.isNaN && summary.median.isNaN)
    #expect(summary.minimum.isNaN && summary.maximum.isNaN)
    #expect(summary.confidenceLow.isNaN && summary.confidenceHigh.isNaN)
  }

  @Test func singleValueHasNoSpreadOrInterval() {
    let summary = Summary([3.5])
    #expect(summary.mean == 3.5 && summary.median == 3.5 && summary.minimum == 3.5 && summary.maximum == 3.5)
    #expect(summary.standardDeviation.isNaN)
    #expect(summary.confidenceLow.isNaN && summary.confidenceHigh.isNaN)
  }

  @Test func nanValueMakesEveryStatisticNaN() {
    let summary = Summary([1, .nan, 3])
    #expect(summary.n == 3)
    #expect(summary.mean.isNaN && summary.median.isNaN && summary.maximum.isNaN)
  }

  // Type 7 by hand on [1, 2, 3, 4]: h = 3p. p = 0.25 → h = 0.75 → 1 + 0.75 = 1.75 (R: quantile(1:4, 0.25));
  // p = 0.9 → h = 2.7 → 3.7; the ends are the minimum and maximum.
  @Test(arguments: zip([0.0, 0.25, 0.5, 0.9, 1.0], [1.0, 1.75, 2.5, 3.7, 4.0]))
  func quantileInterpolatesLinearlyBetweenOrderStatistics(p: Double, expected: Double) {
    #expect(isClose(quantile([4, 1, 3, 2], p), expected, tolerance: 1e-15))
  }

  @Test func quantileOfEmptySampleIsNaN() {
    #expect(quantile([], 0.5).isNaN)
    #expect(quantile([7], 0.3) == 7)
  }
}
