// Mann-Whitney U against pair counting by hand and scipy's asymptotic test with tie and continuity
// corrections. Reference p-values: scipy 1.17.1,
//   stats.mannwhitneyu(a, b, use_continuity=True, alternative=alt, method='asymptotic')
import Testing
@testable import Statistics

@Suite struct MannWhitneyUTestTests {
  // Ties within and across samples: 1.1 (a, b), 2.2 (a, a, b), 3.0 (b, b), 4.0 (a, a).
  static let a = [1.1, 2.2, 2.2, 3.5, 4.0, 4.0, 5.1]
  static let b = [0.5, 1.1, 2.2, 2.9, 3.0, 3.0]

  // p-values go through GSL's normal tail versus scipy's; 1e-9 as for Welch.
  static let pValueTolerance = 1e-9

  // U(a) by hand = pairs (x in a, y in b) with x > y, plus ½ per tied pair. Against the six values of b:
  // 1.1 → 1 + ½ = 1.5; 2.2 → 2 + ½ = 2.5, twice; 3.5 → 6; 4.0 → 6, twice; 5.1 → 6.
  // Total 1.5 + 5 + 6 + 12 + 6 = 30.5, which is scipy's statistic too.
  @Test(arguments: zip([Alternative.twoSided, .greater, .less],
                       [0.19419864661113362, 0.09709932330556681, 0.9254205885148632]))
  func tiedSamplesMatchScipy(alternative: Alternative, expectedP: Double) {
    let result = MannWhitneyUTest.test(Self.a, Self.b, alternative: alternative)
    #expect(result.test == "mann-whitney")
    #expect(result.statistic == 30.5)
    #expect(result.degreesOfFreedom.isNaN)
    #expect(isClose(result.pValue, expectedP, tolerance: Self.pValueTolerance))
  }

  // No ties, by hand: every one of the 3 · 2 pairs has a > b, so U(a) = 6, μ = 3, σ² = 3·2/12 · 6 = 3.
  // greater: z = (6 - 3 - ½)/sqrt(3) = 1.443376, P(Z > z) = 0.0745 (normal table). scipy: 0.07445733658938286.
  @Test func completeSeparationMatchesHandComputation() {
    let result = MannWhitneyUTest.test([3, 4, 5], [1, 2], alternative: .greater)
    #expect(result.statistic == 6)
    #expect(isClose(result.pValue, 0.07445733658938286, tolerance: Self.pValueTolerance))
    let twoSided = MannWhitneyUTest.test([3, 4, 5], [1, 2], alternative: .twoSided)
    #expect(isClose(twoSided.pValue, 0.14891467317876572, tolerance: Self.pValueTolerance))
  }

  // Swapping the samples gives U(b) = n(a) n(b) - U(a) and swaps the one-sided alternatives.
  @Test func swappingSamplesSwapsDirection() {
    let forward = MannWhitneyUTest.test(Self.a, Self.b, alternative: .greater)
    let backward = MannWhitneyUTest.test(Self.b, Self.a, alternative: .less)
    #expect(backward.statistic == 7 * 6 - 30.5)
    #expect(isClose(backward.pValue, forward.pValue, tolerance: 1e-15))
  }

  // Negative control: a clearly larger than b. Swapped alternatives would give p near 1 for `.greater`.
  @Test func clearShiftIsSignificantOnlyInItsOwnDirection() {
    let larger = (0..<10).map { 10 + Double($0) }, smaller = (0..<10).map { Double($0) }
    #expect(MannWhitneyUTest.test(larger, smaller, alternative: .greater).pValue < 0.001)
    #expect(MannWhitneyUTest.test(larger, smaller, alternative: .less).pValue > 0.999)
  }

  @Test(arguments: Alternative.allCases)
  func allValuesTiedGivesPValueOne(alternative: Alternative) {
    let result = MannWhitneyUTest.test([2, 2, 2], [2, 2], alternative: alternative)
    #expect(result.statistic == 3)  // every pair tied: ½ · 3 · 2
    #expect(result.pValue == 1)
  }

  @Test func emptyOrNaNSampleGivesNaN() {
    #expect(MannWhitneyUTest.test([], [1, 2], alternative: .twoSided).pValue.isNaN)
    #expect(MannWhitneyUTest.test([1, .nan], [1, 2], alternative: .twoSided).statistic.isNaN)
  }
}
