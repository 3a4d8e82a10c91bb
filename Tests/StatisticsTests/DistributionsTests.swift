// Known constants of the distributions we call through GSL, from printed tables, so a wrong wrapper
// (P for Q, a df off by one) is caught without trusting any code.
import Testing
@testable import Statistics

@Suite struct DistributionsTests {
  // Table values: t(0.975; 10) = 2.228139 and z(0.975) = 1.959964 (any t table; Abramowitz & Stegun 26.7
  // and 26.2). Six printed decimals, so 1e-6 is the tolerance the table supports.
  @Test func studentTQuantileAtTenDegreesOfFreedomMatchesTable() {
    #expect(isClose(StudentT.quantile(0.975, degreesOfFreedom: 10), 2.228139, tolerance: 1e-6))
  }

  @Test func normalQuantileMatchesTable() {
    #expect(isClose(Normal.quantile(0.975), 1.959964, tolerance: 1e-6))
  }

  // t(0.975; 7) = 2.364624 (tables); Summary's interval test relies on it.
  @Test func studentTQuantileAtSevenDegreesOfFreedomMatchesTable() {
    #expect(isClose(StudentT.quantile(0.975, degreesOfFreedom: 7), 2.364624, tolerance: 1e-6))
  }

  // The upper-tail inverse: one-sided critical values t(0.95; 10) = 1.812461 (tables), the mirror of the
  // lower quantile, and a strict α whose 1 - α would lose digits: scipy 1.17.1 stats.t.isf(1e-12, 10).
  @Test func studentTInverseSurvivalIsTheUpperCriticalValue() {
    #expect(isClose(StudentT.inverseSurvival(0.05, degreesOfFreedom: 10), 1.812461, tolerance: 1e-6))
    #expect(isClose(StudentT.inverseSurvival(0.05, degreesOfFreedom: 10),
                    -StudentT.quantile(0.05, degreesOfFreedom: 10), tolerance: 1e-12))
    #expect(isClose(StudentT.inverseSurvival(1e-12, degreesOfFreedom: 10), 40.5320961786626, tolerance: 1e-9))
    #expect(StudentT.inverseSurvival(0, degreesOfFreedom: 3) == .infinity)
    #expect(StudentT.inverseSurvival(1.5, degreesOfFreedom: 3).isNaN)
  }

  // With one degree of freedom t is Cauchy: P(T ≤ 1) = 1/2 + atan(1)/π = 3/4 exactly.
  @Test func studentTWithOneDegreeOfFreedomIsCauchy() {
    #expect(isClose(StudentT.cdf(1, degreesOfFreedom: 1), 0.75, tolerance: 1e-12))
    #expect(isClose(StudentT.survival(1, degreesOfFreedom: 1), 0.25, tolerance: 1e-12))
  }

  // Negative control for the tails: the upper tail of a large t is tiny, the lower tail near 1. A wrapper
  // that swapped P and Q would fail both.
  @Test func tailsPointTheRightWay() {
    #expect(StudentT.survival(5, degreesOfFreedom: 10) < 0.001)
    #expect(StudentT.cdf(5, degreesOfFreedom: 10) > 0.999)
    #expect(isClose(Normal.cdf(0), 0.5, tolerance: 1e-15))
    #expect(Normal.survival(3) < 0.0014 && Normal.survival(3) > 0.0013)  // 0.001350, tables
  }

  @Test func invalidArgumentsGiveNaNInsteadOfReachingGSL() {
    #expect(StudentT.cdf(1, degreesOfFreedom: 0).isNaN)
    #expect(StudentT.cdf(1, degreesOfFreedom: .nan).isNaN)
    #expect(StudentT.quantile(1.5, degreesOfFreedom: 3).isNaN)
    #expect(Normal.quantile(-0.1).isNaN)
    #expect(Normal.cdf(.nan).isNaN)
    #expect(StudentT.quantile(1, degreesOfFreedom: 3) == .infinity)
    #expect(Normal.quantile(0) == -.infinity)
  }
}
