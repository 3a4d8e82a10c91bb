// The exact binomial test against scipy 1.17.1. Reference call:
//   stats.binomtest(k, n, p0, alternative=alt).pvalue
import Testing
@testable import Statistics

@Suite struct BinomialTestTests {
  // Each term is exp of a sum of lgammas and logs, a few roundings at magnitudes up to ~70: 1e-12 relative.
  static let tolerance = 1e-12

  struct Case: Sendable, CustomTestStringConvertible {
    let k, n: Int
    let rate, greater, less: Double
    var testDescription: String { "\(k) of \(n) against \(rate)" }
  }

  static let cases = [
    Case(k: 10, n: 10, rate: 0.5, greater: 0.0009765625, less: 1.0),
    Case(k: 3, n: 10, rate: 0.5, greater: 0.9453125, less: 0.171875),
    Case(k: 9, n: 30, rate: 0.5, greater: 0.991937599144876, less: 0.021386972628533847),
    Case(k: 7, n: 10, rate: 0.8, greater: 0.8791261184000001, less: 0.32220047359999987),
    Case(k: 0, n: 20, rate: 0.5, greater: 1.0, less: 9.5367431640625e-07),
    Case(k: 25, n: 30, rate: 0.6, greater: 0.005658796371399798, less: 0.9984899259336172),
  ]

  @Test(arguments: cases) func matchesScipy(_ c: Case) {
    let greater = BinomialTest.test(events: c.k, total: c.n, rate: c.rate, alternative: .greater)
    let less = BinomialTest.test(events: c.k, total: c.n, rate: c.rate, alternative: .less)
    #expect(abs(greater.pValue - c.greater) <= Self.tolerance * c.greater, "greater \(greater.pValue)")
    #expect(abs(less.pValue - c.less) <= Self.tolerance * c.less, "less \(less.pValue)")
    #expect(greater.statistic == Double(c.k) / Double(c.n))
  }

  @Test func badInputGivesNaN() {
    #expect(BinomialTest.test(events: 3, total: 0, rate: 0.5, alternative: .greater).pValue.isNaN)
    #expect(BinomialTest.test(events: 11, total: 10, rate: 0.5, alternative: .greater).pValue.isNaN)
    #expect(BinomialTest.test(events: 3, total: 10, rate: 1, alternative: .less).pValue.isNaN)
  }
}
