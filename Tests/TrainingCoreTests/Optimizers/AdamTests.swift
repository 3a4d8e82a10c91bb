import Foundation
import Testing
@testable import TrainingCore

@Suite struct AdamTests {
  // Under a constant gradient g, m_t = (1 - beta1^t) g and v_t = (1 - beta2^t) g² exactly, so the
  // bias-corrected mHat = g and vHat = g²: every step moves lr g / (|g| + eps), and
  //   x_T = x_0 - T lr g / (|g| + eps).
  @Test func adamOnConstantGradientMovesLrPerStep() {
    let lr = 1e-3, eps = 1e-8, steps = 1000
    let g = [0.3, -2.0, 1e-6]
    let x0 = [1.0, 1.0, 1.0]
    let w = makeParameter(x0)
    let adam = Adam(parameters: [w], beta1: 0.9, beta2: 0.999, epsilon: eps)
    for _ in 0..<steps {
      setGradient(w, g)
      adam.update(learningRate: lr)
    }
    let expected = x0.indices.map { x0[$0] - Double(steps) * lr * g[$0] / (abs(g[$0]) + eps) }
    // Per step: a few ulp of |x| (2e-16) from the subtraction, plus a relative 1e-15 or so in mHat and
    // vHat from the moment recurrences. 1e-14 per step covers both; an uncorrected Adam is off by 1e-3.
    let check = closeness(w.value.values, expected, tolerance: Double(steps) * 1e-14)
    #expect(check.ok, "\(check.report)")
    #expect(adam.step == steps)
  }

  /// Negative control for the closed form above: without bias correction the first step would be
  /// lr (1 - beta1) g / (sqrt(1 - beta2) |g|) = lr 0.1 / sqrt(0.001), about 3.16 lr, not lr.
  @Test func adamFirstStepIsBiasCorrected() {
    let lr = 1e-3
    let w = makeParameter([0.0])
    setGradient(w, [1.0])
    Adam<Double>(parameters: [w]).update(learningRate: lr)
    let step = -w.value[0, 0]
    let corrected = lr * 1 / (1 + 1e-8)
    let uncorrected = lr * 0.1 / (0.001.squareRoot() + 1e-8)
    #expect(abs(uncorrected / lr - 3.1623) < 1e-4)  // the control itself is the value we think it is
    #expect(abs(step - corrected) <= 1e-18, "first step \(step), expected \(corrected)")
    #expect(abs(step - uncorrected) > lr, "first step \(step) matches the uncorrected variant")
  }

  /// With zero gradient Adam's step is 0 / (0 + eps) = 0, so only the decoupled decay acts:
  /// x_T = x_0 (1 - lr lambda)^T for decaying parameters, x_0 for the others.
  @Test func adamWWithZeroGradientDecaysOnlyDecayingParameters() {
    let lr = 1e-3, lambda = 0.1, steps = 1000
    let weight = makeParameter([2.0, -0.5], decays: true, name: "weight")
    let bias = makeParameter([2.0, -0.5], decays: false, name: "bias")
    let adamW = AdamW(parameters: [weight, bias], decoupledWeightDecay: lambda)
    for _ in 0..<steps { adamW.update(learningRate: lr) }
    let factor = pow(1 - 1e-3 * 0.1, 1000.0)  // about 0.905
    let check = closeness(weight.value.values, [2.0 * factor, -0.5 * factor],
                          tolerance: Double(steps) * 4e-16)
    #expect(check.ok, "\(check.report)")
    #expect(bias.value.values == [2.0, -0.5])
  }

  /// Control for the test above: plain Adam (lambda = 0) leaves everything in place at zero gradient.
  @Test func adamWithoutDecayDoesNotMoveAtZeroGradient() {
    let weight = makeParameter([2.0, -0.5], decays: true)
    let adam = Adam<Double>(parameters: [weight])
    for _ in 0..<100 { adam.update(learningRate: 1e-3) }
    #expect(weight.value.values == [2.0, -0.5])
  }

  /// Decoupled decay never enters the moments: with a constant gradient, the weight moves by the
  /// plain Adam step plus lr lambda w, whatever the gradient's size.
  @Test func adamWDecayIsNotRescaledByTheGradient() {
    let lr = 1e-3, lambda = 0.5
    let w = makeParameter([4.0, 4.0])
    setGradient(w, [1e-4, 100.0])
    AdamW(parameters: [w], decoupledWeightDecay: lambda).update(learningRate: lr)
    let decayed = 4.0 * (1 - 1e-3 * 0.5)
    let expected = [decayed - lr * 1e-4 / (1e-4 + 1e-8), decayed - lr * 100 / (100 + 1e-8)]
    let check = closeness(w.value.values, expected, tolerance: 1e-15)
    #expect(check.ok, "\(check.report)")
  }
}
