import Foundation
import Testing
@testable import TrainingCore

@Suite struct InverseDecayTests {
  /// Caffe's LeNet solver: base_lr 0.01, lr_policy "inv", gamma 0.0001, power 0.75.
  static let lenet = InverseDecay(base: 0.01, gamma: 1e-4, power: 0.75)

  static let cases: [(step: Int, expected: Double)] = [
    (0, 0.01), (5000, 0.01 * pow(1.5, -0.75)), (10_000, 0.01 * pow(2, -0.75)),
    (30_000, 0.01 * pow(4, -0.75)),
  ]

  @Test(arguments: cases)
  func inverseDecayFollowsCaffesFormula(step: Int, expected: Double) {
    expectRate(Self.lenet, at: step, is: expected)
  }

  /// claims.md: LeNet's inv only falls to 0.59x base by 10k iterations ((1 + 1)^-0.75 = 0.5946).
  @Test func lenetInverseDecayIsAbout0_59OfBaseAt10k() {
    #expect(abs(Self.lenet.learningRate(at: 10_000) / 0.01 - 0.5946) < 1e-4)
  }
}
