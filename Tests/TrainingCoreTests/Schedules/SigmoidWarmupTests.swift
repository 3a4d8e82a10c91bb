import Foundation
import Testing
@testable import TrainingCore

@Suite struct SigmoidWarmupTests {
  static let schedule = SigmoidWarmup(base: 0.1, gamma: 0.01, stepSize: 500)

  static let cases: [(step: Int, expected: Double)] = [
    (0, 0.1 / (1 + exp(5.0))), (500, 0.1 / 2), (1000, 0.1 / (1 + exp(-5.0))),
  ]

  @Test(arguments: cases)
  func sigmoidIsHalfBaseAtStepSize(step: Int, expected: Double) {
    expectRate(Self.schedule, at: step, is: expected)
  }

  /// Caffe requires gamma >= 0 for this policy, so it is a warm-up: the rate never falls.
  @Test func sigmoidRises() {
    let rates = stride(from: 0, through: 2000, by: 100).map { Self.schedule.learningRate(at: $0) }
    #expect(zip(rates, rates.dropFirst()).allSatisfy { $0 < $1 })
  }

  @Test func negativeGammaIsRejected() async {
    await #expect(processExitsWith: .failure) {
      _ = SigmoidWarmup(base: 0.1, gamma: -0.01, stepSize: 500)
    }
  }
}
