import Foundation
import Testing
@testable import TrainingCore

@Suite struct ExpRangeTests {
  static let schedule = ExpRange(lower: 0.001, upper: 0.006, stepSize: 2000, gamma: 0.99994)

  /// The triangle's height is scaled by gamma^it, the iteration count (not the cycle).
  static let cases: [(step: Int, expected: Double)] = [
    (0, 0.001), (1000, 0.001 + 0.005 * 0.5 * pow(0.99994, 1000)),
    (2000, 0.001 + 0.005 * pow(0.99994, 2000)), (4000, 0.001), (6000, 0.001 + 0.005 * pow(0.99994, 6000)),
  ]

  @Test(arguments: cases)
  func expRangeScalesTheTriangleByGammaToTheIteration(step: Int, expected: Double) {
    expectRate(Self.schedule, at: step, is: expected)
  }

  @Test(arguments: [0, 1000, 2000, 3000, 5000])
  func expRangeWithGammaOneIsTriangular(step: Int) {
    let plain = Triangular(lower: 0.001, upper: 0.006, stepSize: 2000)
    expectRate(ExpRange(lower: 0.001, upper: 0.006, stepSize: 2000, gamma: 1), at: step,
               is: plain.learningRate(at: step))
  }
}
