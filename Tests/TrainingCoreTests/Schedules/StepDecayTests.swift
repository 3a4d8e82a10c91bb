import Foundation
import Testing
@testable import TrainingCore

@Suite struct StepDecayTests {
  static let schedule = StepDecay(base: 0.05, gamma: 0.1, stepSize: 1000)

  static let cases: [(step: Int, expected: Double)] = [
    (0, 0.05), (999, 0.05), (1000, 0.05 * 0.1), (1999, 0.05 * 0.1), (2000, 0.05 * pow(0.1, 2)),
    (2500, 0.05 * pow(0.1, 2)), (3000, 0.05 * pow(0.1, 3)),
  ]

  @Test(arguments: cases)
  func stepDecayDropsByGammaAtEachBoundary(step: Int, expected: Double) {
    expectRate(Self.schedule, at: step, is: expected)
  }
}
