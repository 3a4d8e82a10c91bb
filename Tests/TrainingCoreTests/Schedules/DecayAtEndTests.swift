import Testing
@testable import TrainingCore

@Suite struct DecayAtEndTests {
  static let schedule = DecayAtEnd(base: 0.001, factor: 0.1, fromStep: 9000)

  static let cases: [(step: Int, expected: Double)] = [
    (0, 0.001), (8999, 0.001), (9000, 0.001 * 0.1), (9999, 0.001 * 0.1),
  ]

  @Test(arguments: cases)
  func decayAtEndDropsOnceAtFromStep(step: Int, expected: Double) {
    expectRate(Self.schedule, at: step, is: expected)
  }
}
