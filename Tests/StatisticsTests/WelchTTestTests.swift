// Welch's t test against a hand example, two published worked examples and scipy.
//
// Reference numbers were produced with scipy 1.17.1 and cross-checked with plain arithmetic:
//   python3 -c "from scipy import stats; print(stats.ttest_ind(a, b, equal_var=False, alternative=alt))"
//   t  = (mean(a)-mean(b)) / sqrt(var(a)/na + var(b)/nb)      (var with n-1; plain Python sums)
//   df = (va+vb)**2 / (va**2/(na-1) + vb**2/(nb-1))          (va = var(a)/na, vb = var(b)/nb)
// t and df agreed between the two to 4e-15 relative.
import Testing
@testable import Statistics

@Suite struct WelchTTestTests {
  // Tolerances: t and ν are a few dozen floating-point operations, summed in a different order than
  // scipy's, so 1e-12 relative. p-values come from GSL's t cdf versus scipy's (Boost); both claim near
  // double precision, so 1e-9 leaves room for their different series without hiding a wrong tail.
  static let arithmeticTolerance = 1e-12
  static let pValueTolerance = 1e-9

  // By hand: means 2 and 5, both variances 1, so se² = 1/3 + 1/3 = 2/3, t = -3/sqrt(2/3) = -3.674235,
  // and ν = (2/3)² / (2 · (1/3)² / 2) = 4 exactly. scipy: p(two-sided) = 0.021311641128756713.
  @Test func handExampleHasFourDegreesOfFreedom() {
    let result = WelchTTest.test([1, 2, 3], [4, 5, 6], alternative: .twoSided)
    #expect(result.test == "welch-t")
    #expect(isClose(result.statistic, -3 / (2.0 / 3).squareRoot(), tolerance: Self.arithmeticTolerance))
    #expect(isClose(result.degreesOfFreedom, 4, tolerance: Self.arithmeticTolerance))
    #expect(isClose(result.pValue, 0.021311641128756713, tolerance: Self.pValueTolerance))
  }

  // Wikipedia "Welch's t-test", example 1 (15 vs 15 values), which prints t = -2.46, ν = 24.9, p = 0.021.
  @Test func wikipediaExampleOneMatchesPublishedValues() {
    let a = [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4]
    let b = [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4]
    let result = WelchTTest.test(a, b, alternative: .twoSided)
    #expect(isClose(result.statistic, -2.455356398286006, tolerance: Self.arithmeticTolerance))
    #expect(isClose(result.degreesOfFreedom, 24.988529290231416, tolerance: Self.arithmeticTolerance))
    #expect(isClose(result.pValue, 0.021378001462866992, tolerance: Self.pValueTolerance))
  }

  // Wikipedia example 2 (10 vs 20 values, unequal variances), which prints t = -2.22, ν = 24.5, p = 0.036.
  static let exampleTwoA = [19.8, 20.4, 19.6, 17.8, 18.5, 18.9, 18.3, 18.9, 19.5, 22.0]
  static let exampleTwoB = [28.2, 26.6, 20.1, 23.3, 25.2, 22.1, 17.7, 27.6, 20.6, 13.7,
                            23.2, 17.5, 20.6, 18.0, 23.9, 21.6, 24.3, 20.4, 23.9, 13.3]

  // scipy: t = -2.225512039969852, df = 24.524634944257343, and p for two-sided / greater / less.
  @Test(arguments: zip([Alternative.twoSided, .greater, .less],
                       [0.035484530830010394, 0.9822577345849948, 0.017742265415005197]))
  func wikipediaExampleTwoMatchesScipy(alternative: Alternative, expectedP: Double) {
    let result = WelchTTest.test(Self.exampleTwoA, Self.exampleTwoB, alternative: alternative)
    #expect(result.alternative == alternative)
    #expect(isClose(result.statistic, -2.225512039969852, tolerance: Self.arithmeticTolerance))
    #expect(isClose(result.degreesOfFreedom, 24.524634944257343, tolerance: Self.arithmeticTolerance))
    #expect(isClose(result.pValue, expectedP, tolerance: Self.pValueTolerance))
  }

  // The one-sided p in the direction of the observed difference (a < b here) is half the two-sided one.
  @Test func oneSidedPValueIsHalfTheTwoSidedInTheObservedDirection() {
    let twoSided = WelchTTest.test(Self.exampleTwoA, Self.exampleTwoB, alternative: .twoSided).pValue
    let less = WelchTTest.test(Self.exampleTwoA, Self.exampleTwoB, alternative: .less).pValue
    let greater = WelchTTest.test(Self.exampleTwoA, Self.exampleTwoB, alternative: .greater).pValue
    #expect(isClose(less, twoSided / 2, tolerance: 1e-14))
    #expect(isClose(greater, 1 - twoSided / 2, tolerance: 1e-14))
  }

  // Negative control: a clearly better than b. If `.greater` and `.less` were swapped, or t's sign flipped,
  // the first p would be near 1 and this test would fail.
  @Test func clearDifferenceIsSignificantOnlyInItsOwnDirection() {
    let better = [0.91, 0.92, 0.90, 0.93, 0.91, 0.92]
    let worse = [0.80, 0.82, 0.81, 0.79, 0.80, 0.81]
    #expect(WelchTTest.test(better, worse, alternative: .greater).pValue < 0.001)
    #expect(WelchTTest.test(better, worse, alternative: .twoSided).pValue < 0.001)
    #expect(WelchTTest.test(better, worse, alternative: .less).pValue > 0.999)
  }

  @Test func fewerThanTwoValuesGivesNaN() {
    let result = WelchTTest.test([1], [1, 2, 3], alternative: .twoSided)
    #expect(result.statistic.isNaN && result.degreesOfFreedom.isNaN && result.pValue.isNaN)
    #expect(WelchTTest.test([1, 2], [], alternative: .greater).pValue.isNaN)
    #expect(WelchTTest.test([1, .nan], [1, 2], alternative: .less).pValue.isNaN)
  }

  @Test(arguments: Alternative.allCases)
  func identicalConstantSamplesGivePValueOne(alternative: Alternative) {
    let result = WelchTTest.test([0.5, 0.5, 0.5], [0.5, 0.5], alternative: alternative)
    #expect(result.statistic == 0)
    #expect(result.pValue == 1)
  }

  @Test func differentConstantSamplesGiveTheLimitingPValues() {
    let high = [0.9, 0.9, 0.9], low = [0.1, 0.1]
    #expect(WelchTTest.test(high, low, alternative: .twoSided).statistic == .infinity)
    #expect(WelchTTest.test(high, low, alternative: .twoSided).pValue == 0)
    #expect(WelchTTest.test(high, low, alternative: .greater).pValue == 0)
    #expect(WelchTTest.test(high, low, alternative: .less).pValue == 1)
    #expect(WelchTTest.test(low, high, alternative: .less).pValue == 0)
  }

  // One constant sample: ν reduces to n - 1 of the other sample (the constant one contributes nothing).
  @Test func oneConstantSampleTakesTheOtherSamplesDegreesOfFreedom() {
    let result = WelchTTest.test([1, 1, 1], [1, 2, 3, 4, 5], alternative: .twoSided)
    #expect(isClose(result.degreesOfFreedom, 4, tolerance: Self.arithmeticTolerance))
    #expect(result.pValue > 0 && result.pValue < 1)
  }
}
