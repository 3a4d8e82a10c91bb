import Testing
@testable import TrainingCore

@Suite struct Triangular2Tests {
  static let schedule = Triangular2(lower: 0.001, upper: 0.006, stepSize: 2000)

  /// Cycle 1 spans [0, 4000) and peaks at `upper`; cycle 2's peak is halfway, cycle 3's a quarter.
  static let cases: [(step: Int, expected: Double)] = [
    (0, 0.001), (2000, 0.006), (4000, 0.001), (5000, 0.001 + 0.005 / 2 / 2), (6000, 0.001 + 0.005 / 2),
    (8000, 0.001), (10_000, 0.001 + 0.005 / 4),
  ]

  @Test(arguments: cases)
  func triangular2HalvesTheAmplitudeEachCycle(step: Int, expected: Double) {
    expectRate(Self.schedule, at: step, is: expected)
  }
}
