// The Wilcoxon signed-rank test against scipy 1.17.1 (numpy 2.4.6) on both of its paths. Reference calls:
//   exact path:  stats.wilcoxon(d, alternative=alt)                        (method='auto' picks 'exact')
//   normal path: stats.wilcoxon(d, alternative=alt, method='asymptotic')   (correction=False, the default)
// scipy reports min(W⁺, W⁻) for two-sided; the W⁺ below is the statistic of its one-sided calls.
// Differences are passed as a = d, b = 0, except where a test says otherwise.
import Testing
@testable import Statistics

@Suite struct WilcoxonSignedRankTestTests {
  // Exact p-values are sums of integer counts times 2⁻ⁿ, exact in binary on both sides: 1e-14 relative.
  // Normal-path p-values go through GSL's normal tail versus scipy's: 1e-9, as for Mann-Whitney.
  static let exactTolerance = 1e-14
  static let normalTolerance = 1e-9

  static func zeros(_ count: Int) -> [Double] { [Double](repeating: 0, count: count) }

  // Nine untied nonzero differences. By hand: |d| ranks 1 (0.25-), 2 (0.5+), 3 (0.75-), 4 (1.25-),
  // 5 (1.5+), 6 (2.0+), 7 (2.75+), 8 (3.5+), 9 (4.0+), so W⁺ = 2 + 5 + 6 + 7 + 8 + 9 = 37 of 45.
  static let nineDifferences = [0.5, -1.25, 2.0, 3.5, -0.75, 1.5, 4.0, 2.75, -0.25]

  // scipy: p = 0.09765625 (= 50/512), 0.048828125 (= 25/512), 0.962890625.
  @Test(arguments: zip([Alternative.twoSided, .greater, .less], [0.09765625, 0.048828125, 0.962890625]))
  func nineUntiedDifferencesMatchScipyExact(alternative: Alternative, expectedP: Double) {
    let result = WilcoxonSignedRankTest.test(Self.nineDifferences, Self.zeros(9), alternative: alternative)
    #expect(result.test == "wilcoxon-signed-rank")
    #expect(result.statistic == 37)
    #expect(result.degreesOfFreedom.isNaN)
    #expect(isClose(result.pValue, expectedP, tolerance: Self.exactTolerance))
  }

  // Twenty differences ±0.5 i, negative at i = 2, 5, 11, 17: W⁺ = 210 - 35 = 175.
  @Test(arguments: zip([Alternative.twoSided, .greater, .less],
                       [0.0072956085205078125, 0.0036478042602539062, 0.9968051910400391]))
  func twentyUntiedDifferencesMatchScipyExact(alternative: Alternative, expectedP: Double) {
    let d = (1...20).map { 0.5 * Double($0) * ([2, 5, 11, 17].contains($0) ? -1 : 1) }
    let result = WilcoxonSignedRankTest.test(d, Self.zeros(20), alternative: alternative)
    #expect(result.statistic == 175)
    #expect(isClose(result.pValue, expectedP, tolerance: Self.exactTolerance))
  }

  // The same nine differences as a - b - nullDifference with a = d + 0.5 + b (all binary-exact).
  @Test func nullDifferenceShiftsTheDifferences() {
    let b = [1.0, 2.0, 0.5, 3.0, 1.5, 2.5, 0.25, 1.0, 2.0]
    let a = zip(Self.nineDifferences, b).map { $0 + 0.5 + $1 }
    let result = WilcoxonSignedRankTest.test(a, b, alternative: .greater, nullDifference: 0.5)
    #expect(result.statistic == 37)
    #expect(isClose(result.pValue, 0.048828125, tolerance: Self.exactTolerance))
  }

  // Ties (|d| = 1 twice, 2 twice, 3 twice), n = 8: the normal path with the tie-corrected variance.
  // W⁺ = 32.5. scipy 'asymptotic' below; scipy 1.17 'auto' would run a sign-flip permutation test here
  // (p = 0.046875, 0.0234375, 0.984375), which this type deliberately does not (see its doc comment).
  @Test(arguments: zip([Alternative.twoSided, .greater, .less],
                       [0.041558707296959874, 0.020779353648479937, 0.9792206463515201]))
  func tiedDifferencesUseTheNormalApproximation(alternative: Alternative, expectedP: Double) {
    let d = [1.0, -1.0, 2.0, 2.0, 3.0, -0.5, 3.0, 4.0]
    let result = WilcoxonSignedRankTest.test(d, Self.zeros(8), alternative: alternative)
    #expect(result.statistic == 32.5)
    #expect(isClose(result.pValue, expectedP, tolerance: Self.normalTolerance))
  }

  // Two zero differences among eight, no ties: zeros are dropped (n = 6, W⁺ = 20) and force the normal path.
  @Test(arguments: zip([Alternative.twoSided, .greater, .less],
                       [0.046399461870904594, 0.023199730935452297, 0.9768002690645478]))
  func zeroDifferencesAreDroppedAndForceTheNormalPath(alternative: Alternative, expectedP: Double) {
    let d = [0.0, 1.5, 2.5, -0.5, 0.0, 3.5, 1.0, 2.0]
    let result = WilcoxonSignedRankTest.test(d, Self.zeros(8), alternative: alternative)
    #expect(result.statistic == 20)
    #expect(isClose(result.pValue, expectedP, tolerance: Self.normalTolerance))
  }

  // Sixteen differences with ties and two zeros: here scipy's 'auto' is 'asymptotic' too (n > 13), and
  // both gave the same numbers. W⁺ = 91.
  @Test(arguments: zip([Alternative.twoSided, .greater, .less],
                       [0.015246261097811162, 0.007623130548905581, 0.9923768694510944]))
  func tiesAndZerosMatchScipyAuto(alternative: Alternative, expectedP: Double) {
    let d = [0.25, 0.5, 0.5, -0.25, 0.0, 1.0, 0.75, 0.75, -0.5, 1.25, 0.5, 0.0, 1.5, -0.75, 2.0, 1.0]
    let result = WilcoxonSignedRankTest.test(d, Self.zeros(16), alternative: alternative)
    #expect(result.statistic == 91)
    #expect(isClose(result.pValue, expectedP, tolerance: Self.normalTolerance))
  }

  // Sixty untied differences, above the exact limit of 50: scipy 'auto' uses the normal approximation.
  // Python: d = [((i * 37) % 61 - 25) + 0.001 * i for i in range(1, 61)]; W⁺ = 1230.
  @Test(arguments: zip([Alternative.twoSided, .greater, .less],
                       [0.02040019092313837, 0.010200095461569185, 0.9897999045384308]))
  func sixtyDifferencesUseTheNormalApproximation(alternative: Alternative, expectedP: Double) {
    let d = (1...60).map { (i: Int) -> Double in
      let integerPart = (i * 37) % 61 - 25
      return Double(integerPart) + 0.001 * Double(i)
    }
    let result = WilcoxonSignedRankTest.test(d, Self.zeros(60), alternative: alternative)
    #expect(result.statistic == 1230)
    #expect(isClose(result.pValue, expectedP, tolerance: Self.normalTolerance))
  }

  // The exact null distribution by brute force for n = 10: enumerate all 2¹⁰ sign patterns.
  @Test func subsetSumCountsMatchEnumeration() {
    let n = 10
    var enumerated = [Double](repeating: 0, count: n * (n + 1) / 2 + 1)
    for mask in 0..<(1 << n) {
      let sum = (1...n).filter { mask & (1 << ($0 - 1)) != 0 }.reduce(0, +)
      enumerated[sum] += 1
    }
    #expect(WilcoxonSignedRankTest.subsetSumCounts(n) == enumerated)
  }

  // Negative control: every difference positive. Swapped alternatives would give p near 1 for `.greater`.
  @Test func clearShiftIsSignificantOnlyInItsOwnDirection() {
    let d = (1...12).map { Double($0) }
    #expect(WilcoxonSignedRankTest.test(d, Self.zeros(12), alternative: .greater).pValue == 1.0 / 4096)
    #expect(WilcoxonSignedRankTest.test(d, Self.zeros(12), alternative: .less).pValue == 1)
    #expect(WilcoxonSignedRankTest.test(Self.zeros(12), d, alternative: .less).pValue == 1.0 / 4096)
  }

  @Test(arguments: Alternative.allCases)
  func allZeroDifferencesGivePValueOne(alternative: Alternative) {
    let result = WilcoxonSignedRankTest.test([0.5, 0.7, 0.9], [0.5, 0.7, 0.9], alternative: alternative)
    #expect(result.statistic == 0)
    #expect(result.pValue == 1)
  }

  @Test func misalignedEmptyOrNaNSamplesGiveNaN() {
    #expect(WilcoxonSignedRankTest.test([1, 2, 3], [1, 2], alternative: .twoSided).pValue.isNaN)
    #expect(WilcoxonSignedRankTest.test([], [], alternative: .twoSided).pValue.isNaN)
    let withNaN = WilcoxonSignedRankTest.test([1, .nan], [0, 0], alternative: .greater)
    #expect(withNaN.statistic.isNaN && withNaN.pValue.isNaN)
  }
}
