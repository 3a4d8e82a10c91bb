import Foundation
import Testing
@testable import TrainingCore

@Suite struct CosineWarmRestartsTests {
  /// Periods double: [0, 100), [100, 300), [300, 700).
  static let doubling = CosineWarmRestarts(maxRate: 0.1, minRate: 0.001, firstPeriod: 100, periodMultiplier: 2)
  static let constant = CosineWarmRestarts(maxRate: 0.1, minRate: 0.001, firstPeriod: 100, periodMultiplier: 1)

  static let doublingCases: [(step: Int, expected: Double)] = [
    (0, 0.1), (50, 0.001 + 0.099 / 2), (99, 0.001 + 0.099 * (1 + cos(Double.pi * 99 / 100)) / 2),
    (100, 0.1), (200, 0.001 + 0.099 / 2), (299, 0.001 + 0.099 * (1 + cos(Double.pi * 199 / 200)) / 2),
    (300, 0.1), (500, 0.001 + 0.099 / 2), (700, 0.1),
  ]

  @Test(arguments: doublingCases)
  func sgdrRestartsAtMaxRateWithDoublingPeriods(step: Int, expected: Double) {
    expectRate(Self.doubling, at: step, is: expected)
  }

  static let constantCases: [(step: Int, expected: Double)] = [
    (0, 0.1), (50, 0.001 + 0.099 / 2), (100, 0.1), (150, 0.001 + 0.099 / 2), (1000, 0.1),
  ]

  @Test(arguments: constantCases)
  func sgdrWithConstantPeriodRestartsEveryPeriod(step: Int, expected: Double) {
    expectRate(Self.constant, at: step, is: expected)
  }
}
