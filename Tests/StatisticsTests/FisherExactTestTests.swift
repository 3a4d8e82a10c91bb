// Fisher's exact test against scipy 1.17.1 and a hand count. Reference call:
//   stats.fisher_exact([[eventsA, totalA - eventsA], [eventsB, totalB - eventsB]], alternative=alt)
import Testing
@testable import Statistics

@Suite struct FisherExactTestTests {
  // P(x) is built by a ratio recurrence and normalized, versus scipy's Boost hypergeometric: a few dozen
  // roundings per term, so 1e-12 relative; at 1000 per arm the recurrence runs ~450 steps, so 1e-10 there.
  static let tolerance = 1e-12

  struct Case: Sendable, CustomTestStringConvertible {
    let eventsA, totalA, eventsB, totalB: Int
    let oddsRatio: Double
    let twoSided, greater, less: Double
    var testDescription: String { "\(eventsA)/\(totalA) vs \(eventsB)/\(totalB)" }
  }

  static let cases = [
    // Mirror-image tables have equal probability when totalA = totalB: two-sided is exactly twice greater.
    Case(eventsA: 7, totalA: 10, eventsB: 2, totalB: 10, oddsRatio: 9.333333333333334,
         twoSided: 0.06977851869492736, greater: 0.03488925934746368, less: 0.9972612526792093),
    Case(eventsA: 3, totalA: 12, eventsB: 9, totalB: 11, oddsRatio: 0.07407407407407407,
         twoSided: 0.01227813779974232, greater: 0.9994541735018246, less: 0.009495014340888615),
    Case(eventsA: 0, totalA: 8, eventsB: 5, totalB: 8, oddsRatio: 0,
         twoSided: 0.025641025641025633, greater: 1.0, less: 0.012820512820512818),
    Case(eventsA: 8, totalA: 8, eventsB: 3, totalB: 9, oddsRatio: .infinity,
         twoSided: 0.009049773755656108, greater: 0.006787330316742081, less: 1.0),
    Case(eventsA: 40, totalA: 100, eventsB: 25, totalB: 100, oddsRatio: 2,
         twoSided: 0.03414380231476882, greater: 0.01707190115738441, less: 0.9923080417234965),
    Case(eventsA: 5, totalA: 10, eventsB: 5, totalB: 10, oddsRatio: 1,
         twoSided: 1, greater: 0.6718591006516703, less: 0.6718591006516703),
    Case(eventsA: 2, totalA: 5, eventsB: 3, totalB: 5, oddsRatio: 0.4444444444444444,
         twoSided: 1, greater: 0.8968253968253967, less: 0.5000000000000001),
    Case(eventsA: 1, totalA: 20, eventsB: 0, totalB: 3, oddsRatio: .infinity,
         twoSided: 1, greater: 0.8695652173913043, less: 1),
    Case(eventsA: 12, totalA: 15, eventsB: 3, totalB: 15, oddsRatio: 16,
         twoSided: 0.002814330708742636, greater: 0.001407165354371318, less: 0.9999274678965987),
  ]

  @Test(arguments: cases)
  func tablesMatchScipy(_ c: Case) {
    let expected: [(Alternative, Double)] = [(.twoSided, c.twoSided), (.greater, c.greater), (.less, c.less)]
    for (alternative, p) in expected {
      let result = FisherExactTest.test(eventsA: c.eventsA, totalA: c.totalA, eventsB: c.eventsB,
                                        totalB: c.totalB, alternative: alternative)
      #expect(result.test == "fisher-exact")
      #expect(result.degreesOfFreedom.isNaN)
      #expect(result.statistic == c.oddsRatio || isClose(result.statistic, c.oddsRatio, tolerance: 1e-15))
      #expect(isClose(result.pValue, p, tolerance: Self.tolerance), "\(alternative)")
    }
  }

  // 250/1000 vs 200/1000: scipy 0.008649240907370535, 0.004324620453685268, 0.9968616370966172.
  @Test func thousandPerArmMatchesScipy() {
    let expected: [(Alternative, Double)] =
      [(.twoSided, 0.008649240907370535), (.greater, 0.004324620453685268), (.less, 0.9968616370966172)]
    for (alternative, p) in expected {
      let result = FisherExactTest.test(eventsA: 250, totalA: 1000, eventsB: 200, totalB: 1000,
                                        alternative: alternative)
      #expect(isClose(result.statistic, 4.0 / 3, tolerance: 1e-15))
      #expect(isClose(result.pValue, p, tolerance: 1e-10), "\(alternative)")
    }
  }

  // By hand: 3/3 vs 0/3, margins 3 events of 6. P(3) = C(3,3) C(3,0) / C(6,3) = 1/20. greater: 1/20;
  // two-sided adds the mirror table 0/3 vs 3/3, also 1/20: 1/10.
  @Test func smallestSeparatedTableMatchesHandCount() {
    let greater = FisherExactTest.test(eventsA: 3, totalA: 3, eventsB: 0, totalB: 3, alternative: .greater)
    let twoSided = FisherExactTest.test(eventsA: 3, totalA: 3, eventsB: 0, totalB: 3, alternative: .twoSided)
    #expect(isClose(greater.pValue, 0.05, tolerance: 1e-15))
    #expect(isClose(twoSided.pValue, 0.1, tolerance: 1e-15))
    #expect(greater.statistic == .infinity)
  }

  // Every probability sums to 1 over the support, and the support ends are where the recurrence ends.
  @Test func hypergeometricProbabilitiesSumToOne() {
    let p = FisherExactTest.hypergeometricProbabilities(totalA: 30, totalB: 12, events: 20)
    #expect(p.count == 13)  // x from 20 - 12 = 8 to min(30, 20) = 20
    #expect(isClose(p.reduce(0, +), 1, tolerance: 1e-15))
  }

  // scipy: a zero row or column gives odds ratio NaN and p = 1.
  @Test(arguments: Alternative.allCases)
  func emptyRowOrColumnGivesPValueOne(alternative: Alternative) {
    for (ea, na, eb, nb) in [(0, 0, 3, 7), (0, 5, 0, 5), (5, 5, 5, 5)] {
      let result = FisherExactTest.test(eventsA: ea, totalA: na, eventsB: eb, totalB: nb,
                                        alternative: alternative)
      #expect(result.statistic.isNaN)
      #expect(result.pValue == 1)
    }
  }

  @Test func impossibleCountsGiveNaN() {
    #expect(FisherExactTest.test(eventsA: 6, totalA: 5, eventsB: 1, totalB: 5, alternative: .greater).pValue.isNaN)
    #expect(FisherExactTest.test(eventsA: -1, totalA: 5, eventsB: 1, totalB: 5, alternative: .less).pValue.isNaN)
  }
}
