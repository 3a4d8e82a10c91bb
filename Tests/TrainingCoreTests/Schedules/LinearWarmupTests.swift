import Testing
@testable import TrainingCore

@Suite struct LinearWarmupTests {
  static let schedule = LinearWarmup(steps: 100,
                                     then: .step(StepDecay(base: 0.1, gamma: 0.1, stepSize: 1000)))

  /// Ramp 0.1 * (it + 1) / 100 up to step 99, then the wrapped step decay on the unshifted count.
  static let cases: [(step: Int, expected: Double)] = [
    (0, 0.1 * 1 / 100), (49, 0.1 * 50 / 100), (99, 0.1), (100, 0.1), (999, 0.1), (1000, 0.1 * 0.1),
  ]

  @Test(arguments: cases)
  func warmupRampsToTheWrappedRateThenHandsOver(step: Int, expected: Double) {
    expectRate(Self.schedule, at: step, is: expected)
  }

  /// The ramp's target is the wrapped schedule's rate at `steps`, not its base.
  @Test func warmupTargetsTheWrappedRateAtTheEndOfTheRamp() {
    let warm = LinearWarmup(steps: 50, then: .decayAtEnd(DecayAtEnd(base: 0.2, factor: 0.5, fromStep: 10)))
    expectRate(warm, at: 49, is: 0.2 * 0.5)
    expectRate(warm, at: 24, is: 0.2 * 0.5 * 25 / 50)
  }
}
