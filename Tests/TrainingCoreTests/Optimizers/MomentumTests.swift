import Foundation
import Testing
@testable import TrainingCore

@Suite struct MomentumTests {
  // Under a constant gradient g, with v_0 = 0 and v = mu v + g:
  //   v_k = g (1 - mu^k) / (1 - mu)
  //   sum_{k=1..t} v_k = g / (1 - mu) * (t - mu (1 - mu^t) / (1 - mu))
  static func velocitySum(g: Double, mu: Double, t: Int) -> Double {
    g / (1 - mu) * (Double(t) - mu * (1 - pow(mu, Double(t))) / (1 - mu))
  }

  @Test func heavyBallOnConstantGradientMatchesClosedForm() {
    let lr = 0.01, mu = 0.9, g = 0.5, x0 = 1.0, steps = 30
    let w = makeParameter([x0])
    let optimizer = Momentum(parameters: [w], momentum: mu, nesterov: false)
    for _ in 0..<steps {
      setGradient(w, [g])
      optimizer.update(learningRate: lr)
    }
    let expected = x0 - lr * Self.velocitySum(g: g, mu: mu, t: steps)
    #expect(abs(w.value[0, 0] - expected) <= 1e-14, "x = \(w.value[0, 0]), expected \(expected)")
  }

  @Test func nesterovFirstStepMovesLrTimesOnePlusMuTimesG() {
    let lr = 0.1, mu = 0.9, g = 2.0
    let w = makeParameter([0.0])
    setGradient(w, [g])
    Momentum(parameters: [w], momentum: mu, nesterov: true).update(learningRate: lr)
    #expect(abs(w.value[0, 0] - -(lr * g * (1 + mu))) <= 1e-15, "x = \(w.value[0, 0])")
  }

  // Nesterov step k is lr (g + mu v_k), so x_t = x0 - lr (t g + mu * sum v_k).
  @Test func nesterovOnConstantGradientMatchesClosedForm() {
    let lr = 0.01, mu = 0.9, g = -0.5, x0 = 1.0, steps = 30
    let w = makeParameter([x0])
    let optimizer = Momentum(parameters: [w], momentum: mu, nesterov: true)
    for _ in 0..<steps {
      setGradient(w, [g])
      optimizer.update(learningRate: lr)
    }
    let expected = x0 - lr * (Double(steps) * g + mu * Self.velocitySum(g: g, mu: mu, t: steps))
    #expect(abs(w.value[0, 0] - expected) <= 1e-14, "x = \(w.value[0, 0]), expected \(expected)")
  }

  /// Pins the PyTorch convention: a new rate scales the whole accumulated velocity at once.
  /// In Caffe's form (v = mu v - lr g) the step after the change would be mu * 0.1 * v_10 + 0.01 g.
  @Test func rateChangeAppliesToWholeVelocityAtOnce() {
    let mu = 0.9, g = 1.0
    let w = makeParameter([0.0])
    let optimizer = Momentum(parameters: [w], momentum: mu)
    for _ in 0..<10 {
      setGradient(w, [g])
      optimizer.update(learningRate: 0.1)
    }
    let before = w.value[0, 0]
    setGradient(w, [g])
    optimizer.update(learningRate: 0.01)
    let step = before - w.value[0, 0]
    let pyTorchStep = 0.01 * g * (1 - pow(mu, 11)) / (1 - mu)
    let caffeStep = mu * 0.1 * g * (1 - pow(mu, 10)) / (1 - mu) + 0.01 * g
    #expect(abs(step - pyTorchStep) <= 1e-15, "step \(step), expected \(pyTorchStep)")
    #expect(abs(step - caffeStep) > 0.1, "step \(step) looks like Caffe's convention (\(caffeStep))")
  }
}
