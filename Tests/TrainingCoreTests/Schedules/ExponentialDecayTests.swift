import Foundation
import Testing
@testable import TrainingCore

@Suite struct ExponentialDecayTests {
  static let schedule = ExponentialDecay(base: 0.001, gamma: 0.9995)

  static let cases: [(step: Int, expected: Double)] = [
    (0, 0.001), (1, 0.001 * 0.9995), (2, 0.001 * 0.9995 * 0.9995), (10_000, 0.001 * pow(0.9995, 10_000)),
  ]

  @Test(arguments: cases)
  func exponentialDecayMultipliesByGammaEachStep(step: Int, expected: Double) {
    expectRate(Self.schedule, at: step, is: expected)
  }

  /// The adam-decay claim's "0.9995 per step": half the rate after ln 2 / -ln 0.9995 ≈ 1386 steps,
  /// under 1% of it after 10k (e^-5 ≈ 0.0067).
  @Test func perStepDecayOf0_9995HalvesTheRateInAbout1386Steps() {
    #expect(abs(Self.schedule.learningRate(at: 1386) / 0.001 - 0.5) < 1e-3)
    #expect(abs(Self.schedule.learningRate(at: 10_000) / 0.001 - 0.0067) < 1e-4)
  }
}
