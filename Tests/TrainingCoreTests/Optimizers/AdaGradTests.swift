import Testing
@testable import TrainingCore

@Suite struct AdaGradTests {
  /// With g = 2 twice: G = 4 then 8, steps lr 2 / (2 + eps) then lr 2 / (sqrt(8) + eps).
  @Test func adaGradFirstTwoStepsByHand() {
    let lr = 0.1, eps = 1e-10
    let w = makeParameter([1.0])
    let optimizer = AdaGrad(parameters: [w], epsilon: eps)
    setGradient(w, [2.0])
    optimizer.update(learningRate: lr)
    let afterOne = 1.0 - 0.1 * 2 / (2 + 1e-10)
    #expect(abs(w.value[0, 0] - afterOne) <= 1e-15, "x1 = \(w.value[0, 0]), expected \(afterOne)")
    optimizer.update(learningRate: lr)
    let afterTwo = afterOne - 0.1 * 2 / (8.0.squareRoot() + 1e-10)
    #expect(abs(w.value[0, 0] - afterTwo) <= 1e-15, "x2 = \(w.value[0, 0]), expected \(afterTwo)")
  }

  /// The first step is lr * sign(g) whatever |g| is: the point of per-weight scaling.
  @Test func adaGradFirstStepIsScaleFree() {
    let w = makeParameter([0.0, 0.0, 0.0])
    setGradient(w, [1e-3, 5.0, -300.0])
    AdaGrad<Double>(parameters: [w]).update(learningRate: 0.01)
    let check = closeness(w.value.values, [-0.01, -0.01, 0.01], tolerance: 1e-9)
    #expect(check.ok, "\(check.report)")
  }
}
