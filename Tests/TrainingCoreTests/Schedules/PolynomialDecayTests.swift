import Foundation
import Testing
@testable import TrainingCore

@Suite struct PolynomialDecayTests {
  static let schedule = PolynomialDecay(base: 0.1, power: 2, maxSteps: 1000)

  static let cases: [(step: Int, expected: Double)] = [
    (0, 0.1), (500, 0.1 * 0.5 * 0.5), (999, 0.1 * pow(0.001, 2)), (1000, 0.0), (1500, 0.0),
  ]

  @Test(arguments: cases)
  func polynomialDecayReachesZeroAtMaxStepsAndStaysThere(step: Int, expected: Double) {
    expectRate(Self.schedule, at: step, is: expected)
  }

  /// A fractional power past maxSteps would be pow(negative, 0.9) = NaN without the clamp.
  @Test func fractionalPowerPastMaxStepsIsZeroNotNaN() {
    #expect(PolynomialDecay(base: 0.1, power: 0.9, maxSteps: 100).learningRate(at: 101) == 0)
  }
}
