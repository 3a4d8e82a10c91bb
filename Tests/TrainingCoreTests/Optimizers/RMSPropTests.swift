import Testing
@testable import TrainingCore

@Suite struct RMSPropTests {
  /// rho = 0.99, g = 2 twice: s = 0.01 * 4 = 0.04, then 0.99 * 0.04 + 0.01 * 4 = 0.0796.
  @Test func rmsPropFirstTwoStepsByHand() {
    let lr = 0.001
    let w = makeParameter([1.0])
    let optimizer = RMSProp(parameters: [w], decay: 0.99, epsilon: 1e-8)
    setGradient(w, [2.0])
    optimizer.update(learningRate: lr)
    let afterOne = 1.0 - 0.001 * 2 / (0.04.squareRoot() + 1e-8)  // a step of about 10 lr
    #expect(abs(w.value[0, 0] - afterOne) <= 1e-15, "x1 = \(w.value[0, 0]), expected \(afterOne)")
    optimizer.update(learningRate: lr)
    let afterTwo = afterOne - 0.001 * 2 / (0.0796.squareRoot() + 1e-8)
    #expect(abs(w.value[0, 0] - afterTwo) <= 1e-15, "x2 = \(w.value[0, 0]), expected \(afterTwo)")
  }

  @Test func rmsPropDefaultsArePyTorchs() {
    let optimizer = RMSProp<Double>(parameters: [])
    #expect(optimizer.decay == 0.99)
    #expect(optimizer.epsilon == 1e-8)
  }
}
