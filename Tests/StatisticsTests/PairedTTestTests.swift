// The paired t test against scipy, its edge cases, and the case it exists for: seed noise shared by both
// arms. Reference values: scipy 1.17.1 (numpy 2.4.6),
//   python3 -c "from scipy import stats; print(stats.ttest_rel(a, b, alternative=alt))"
import Testing
@testable import Statistics

@Suite struct PairedTTestTests {
  // t is a few dozen operations (1e-12 relative); p is GSL's t tail versus scipy's (Boost), as for Welch.
  static let arithmeticTolerance = 1e-12
  static let pValueTolerance = 1e-9

  // Eight seeds of two arms' accuracies. scipy: t = 3.156692237509533, df = 7.
  static let a = [0.912, 0.897, 0.921, 0.905, 0.899, 0.917, 0.908, 0.902]
  static let b = [0.905, 0.899, 0.910, 0.896, 0.901, 0.909, 0.900, 0.897]

  @Test(arguments: zip([Alternative.twoSided, .greater, .less],
                       [0.016001951892754007, 0.008000975946377003, 0.991999024053623]))
  func eightSeedsMatchScipy(alternative: Alternative, expectedP: Double) {
    let result = PairedTTest.test(Self.a, Self.b, alternative: alternative)
    #expect(result.test == "paired-t")
    #expect(result.alternative == alternative)
    #expect(isClose(result.statistic, 3.156692237509533, tolerance: Self.arithmeticTolerance))
    #expect(result.degreesOfFreedom == 7)
    #expect(isClose(result.pValue, expectedP, tolerance: Self.pValueTolerance))
  }

  // nullDifference shifts every difference: scipy's ttest_rel(a - 2.0, b). The differences
  // 0, 0.5, -1.25, 1.5, -0.5 are exact in binary, so both orders of subtraction agree. t = 0.10783277320343841.
  @Test(arguments: zip([Alternative.twoSided, .greater, .less],
                       [0.9193207410538923, 0.45966037052694614, 0.5403396294730538]))
  func nullDifferenceMatchesScipyOnShiftedSample(alternative: Alternative, expectedP: Double) {
    let result = PairedTTest.test([3.0, 4.5, 2.25, 6.0, 5.5], [1.0, 2.0, 1.5, 2.5, 4.0],
                                  alternative: alternative, nullDifference: 2)
    #expect(isClose(result.statistic, 0.10783277320343841, tolerance: Self.arithmeticTolerance))
    #expect(result.degreesOfFreedom == 4)
    #expect(isClose(result.pValue, expectedP, tolerance: Self.pValueTolerance))
  }

  // Seeds that differ a lot (0.62 ... 0.91) and an arm that adds about 0.01 on every one of them. Pairing
  // cancels the seed spread: scipy ttest_rel gives t = 17.32050807568877, p(greater) = 5.876030044116202e-06,
  // while ttest_ind(equal_var=False) on the same numbers gives p(greater) = 0.4404392818661476.
  @Test func pairingRemovesSeedVarianceThatWelchCannotSee() {
    let better = [0.711, 0.859, 0.632, 0.92, 0.788, 0.67]
    let baseline = [0.70, 0.85, 0.62, 0.91, 0.78, 0.66]
    let paired = PairedTTest.test(better, baseline, alternative: .greater)
    let welch = WelchTTest.test(better, baseline, alternative: .greater)
    #expect(isClose(paired.statistic, 17.32050807568877, tolerance: 1e-9))
    #expect(isClose(paired.pValue, 5.876030044116202e-06, tolerance: 1e-9 * 5.876030044116202e-06))
    #expect(isClose(welch.pValue, 0.4404392818661476, tolerance: Self.pValueTolerance))
    #expect(paired.pValue < 1e-5 && welch.pValue > 0.4)
  }

  // Swapping a and b negates t and swaps the one-sided alternatives.
  @Test func swappingArmsSwapsDirection() {
    let forward = PairedTTest.test(Self.a, Self.b, alternative: .greater)
    let backward = PairedTTest.test(Self.b, Self.a, alternative: .less)
    #expect(backward.statistic == -forward.statistic)
    #expect(isClose(backward.pValue, forward.pValue, tolerance: 1e-15))
  }

  @Test func misalignedShortOrNaNSamplesGiveNaN() {
    let unequal = PairedTTest.test([1, 2, 3], [1, 2], alternative: .twoSided)
    #expect(unequal.statistic.isNaN && unequal.degreesOfFreedom.isNaN && unequal.pValue.isNaN)
    #expect(PairedTTest.test([1], [2], alternative: .greater).pValue.isNaN)
    #expect(PairedTTest.test([], [], alternative: .greater).pValue.isNaN)
    #expect(PairedTTest.test([1, .nan, 3], [1, 2, 3], alternative: .less).pValue.isNaN)
  }

  @Test(arguments: Alternative.allCases)
  func identicalArmsGivePValueOne(alternative: Alternative) {
    let result = PairedTTest.test([0.5, 0.7, 0.9], [0.5, 0.7, 0.9], alternative: alternative)
    #expect(result.statistic == 0)
    #expect(result.degreesOfFreedom == 2)
    #expect(result.pValue == 1)
  }

  // Every difference exactly 0.5 (binary-exact values): s(d) = 0, so t = +infinity and p is the limit.
  @Test func constantNonzeroDifferenceGivesTheLimitingPValues() {
    let a = [1.5, 2.5, 4.0, 3.25], b = [1.0, 2.0, 3.5, 2.75]
    #expect(PairedTTest.test(a, b, alternative: .twoSided).statistic == .infinity)
    #expect(PairedTTest.test(a, b, alternative: .twoSided).pValue == 0)
    #expect(PairedTTest.test(a, b, alternative: .greater).pValue == 0)
    #expect(PairedTTest.test(a, b, alternative: .less).pValue == 1)
    #expect(PairedTTest.test(b, a, alternative: .less).pValue == 0)
    #expect(PairedTTest.test(b, a, alternative: .greater).pValue == 1)
    // The same differences tested against nullDifference 0.5 are all zero: no evidence either way.
    #expect(PairedTTest.test(a, b, alternative: .greater, nullDifference: 0.5).pValue == 1)
  }
}
