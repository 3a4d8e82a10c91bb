// The noncentral t cdf (AS 243) against scipy 1.17.1's nct, which wraps Boost:
//   python3 -c "from scipy import stats; print(stats.nct.cdf(t, df, nc), stats.nct.sf(t, df, nc))"
import Testing
@testable import Statistics

@Suite struct NoncentralTTests {
  // The series stops at a 1e-12 bound on its remainder, so agreement is absolute, not relative: 1e-10.
  static let tolerance = 1e-10

  struct Point: Sendable, CustomTestStringConvertible {
    let t, degreesOfFreedom, noncentrality, cdf: Double
    var testDescription: String { "t=\(t) df=\(degreesOfFreedom) nc=\(noncentrality)" }
  }

  static let points = [
    Point(t: 1.5, degreesOfFreedom: 9, noncentrality: 2, cdf: 0.3043233125202621),
    Point(t: -1, degreesOfFreedom: 4.5, noncentrality: 0.5, cdf: 0.08410204747371525),
    Point(t: 3, degreesOfFreedom: 20, noncentrality: -1, cdf: 0.9998469152055284),
    Point(t: 0, degreesOfFreedom: 5, noncentrality: 1, cdf: 0.15865525393145707),  // Φ(-1): T ≤ 0 iff Z ≤ -δ
    Point(t: 2.5, degreesOfFreedom: 29, noncentrality: 10, cdf: 5.531257517742273e-13),
    Point(t: 1.8, degreesOfFreedom: 4, noncentrality: 3, cdf: 0.13301757333846945),
    Point(t: -2, degreesOfFreedom: 12, noncentrality: -3.5, cdf: 0.9232275082252324),
    Point(t: 8, degreesOfFreedom: 3, noncentrality: 30, cdf: 8.807715142753054e-09),  // λ = 900: a long series
    Point(t: 2, degreesOfFreedom: 10, noncentrality: 40, cdf: 1.1686808104352618e-241),  // normal approximation
  ]

  @Test(arguments: points)
  func cdfAndSurvivalMatchScipy(_ point: Point) {
    let cdf = NoncentralT.cdf(point.t, degreesOfFreedom: point.degreesOfFreedom,
                              noncentrality: point.noncentrality)
    let survival = NoncentralT.survival(point.t, degreesOfFreedom: point.degreesOfFreedom,
                                        noncentrality: point.noncentrality)
    #expect(isClose(cdf, point.cdf, tolerance: Self.tolerance))
    #expect(isClose(survival, 1 - point.cdf, tolerance: Self.tolerance))
  }

  // δ = 0 is Student's t: the series must reduce to GSL's central cdf.
  @Test(arguments: [-3.0, -0.7, 0.4, 2.2])
  func zeroNoncentralityIsStudentT(t: Double) {
    #expect(isClose(NoncentralT.cdf(t, degreesOfFreedom: 7, noncentrality: 0),
                    StudentT.cdf(t, degreesOfFreedom: 7), tolerance: 1e-12))
  }

  @Test func limitsAndInvalidArguments() {
    #expect(NoncentralT.cdf(.infinity, degreesOfFreedom: 5, noncentrality: 2) == 1)
    #expect(NoncentralT.cdf(-.infinity, degreesOfFreedom: 5, noncentrality: 2) == 0)
    #expect(NoncentralT.cdf(1, degreesOfFreedom: 0, noncentrality: 2).isNaN)
    #expect(NoncentralT.cdf(.nan, degreesOfFreedom: 5, noncentrality: 2).isNaN)
    #expect(NoncentralT.survival(1, degreesOfFreedom: 5, noncentrality: .nan).isNaN)
  }
}
