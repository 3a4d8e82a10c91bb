// Hedges' g on samples small enough to work by hand.
import Testing
@testable import Statistics

@Suite struct EffectSizeTests {
  // a = [1, 2, 3], b = [3, 4, 5]: means 2 and 4, both variances 1, pooled sd 1, so d = -2.
  // J = 1 - 3/(4·6 - 9) = 1 - 3/15 = 0.8, so g = -1.6.
  // Negative control built in: plain Cohen's d (no J) would give -2 and fail.
  @Test func equalSizesMatchHandComputation() {
    #expect(isClose(HedgesG.compute([1, 2, 3], [3, 4, 5]), -1.6, tolerance: 1e-14))
  }

  // a = [2, 4, 6, 8]: mean 5, variance 20/3. b = [1, 3]: mean 2, variance 2.
  // Pooled variance (3·20/3 + 1·2)/4 = 5.5 (weights n - 1, not n: the unweighted average would be 13/3).
  // d = 3/sqrt(5.5) = 1.2792043; J = 1 - 3/(4·6 - 9) = 0.8; g = 1.0233635 (to 7 digits, by calculator).
  @Test func unequalSizesPoolVariancesByDegreesOfFreedom() {
    #expect(isClose(HedgesG.compute([2, 4, 6, 8], [1, 3]), 1.0233635, tolerance: 1e-7))
  }

  @Test func swappingSamplesFlipsTheSign() {
    #expect(HedgesG.compute([3, 4, 5], [1, 2, 3]) == -HedgesG.compute([1, 2, 3], [3, 4, 5]))
  }

  @Test func degenerateSamplesFollowWelchsConventions() {
    #expect(HedgesG.compute([1], [1, 2]).isNaN)
    #expect(HedgesG.compute([1, .nan], [1, 2]).isNaN)
    #expect(HedgesG.compute([2, 2], [2, 2, 2]) == 0)
    #expect(HedgesG.compute([3, 3], [2, 2, 2]) == .infinity)
    #expect(HedgesG.compute([1, 1], [2, 2, 2]) == -.infinity)
  }
}
