import Testing
@testable import TrainingCore

@Suite struct TriangularTests {
  static let schedule = Triangular(lower: 0.001, upper: 0.006, stepSize: 2000)

  /// Troughs at 0, 2 stepSize, 4 stepSize; peaks at stepSize, 3 stepSize; halfway between in between.
  static let cases: [(step: Int, expected: Double)] = [
    (0, 0.001), (1000, 0.001 + 0.005 / 2), (2000, 0.006), (3000, 0.001 + 0.005 / 2), (4000, 0.001),
    (6000, 0.006), (8000, 0.001),
  ]

  @Test(arguments: cases)
  func triangularPeaksAtOddMultiplesOfStepSize(step: Int, expected: Double) {
    expectRate(Self.schedule, at: step, is: expected)
  }
}
