import Testing
@testable import TrainingCore

@Suite struct MultiStepDecayTests {
  static let schedule = MultiStepDecay(base: 0.1, gamma: 0.5, milestones: [300, 700, 900])

  static let cases: [(step: Int, expected: Double)] = [
    (0, 0.1), (299, 0.1), (300, 0.1 * 0.5), (699, 0.1 * 0.5), (700, 0.1 * 0.5 * 0.5),
    (899, 0.1 * 0.5 * 0.5), (900, 0.1 * 0.5 * 0.5 * 0.5), (100_000, 0.1 * 0.5 * 0.5 * 0.5),
  ]

  @Test(arguments: cases)
  func multiStepDecaysAtEachMilestone(step: Int, expected: Double) {
    expectRate(Self.schedule, at: step, is: expected)
  }
}
