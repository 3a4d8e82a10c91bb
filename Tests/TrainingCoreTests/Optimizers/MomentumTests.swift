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

  /// Heavy ball can take its gradient folded into the velocity (a data-parallel step has BLAS add g to
  /// it): given that, the rest of its update equals the whole update, to the last bit that BLAS's fused
  /// multiply-add may round differently. The fold's decay is 1 because the folded update leaves mu * v
  /// (without that scaling the velocities here would never decay, and the weights would drift apart).
  /// Nesterov reads g twice, so it offers no fold.
  @Test func heavyBallTakesAFoldedGradientNesterovDoesNot() {
    let values: [Float] = [1, -2, 0.5, 3], gradients: [Float] = [0.3, -0.1, 2, -0.7]
    let whole = makeParameter(values), folded = makeParameter(values)
    let one = Momentum(parameters: [whole], momentum: 0.9), two = Momentum(parameters: [folded], momentum: 0.9)
    #expect(Momentum(parameters: [whole], momentum: 0.9, nesterov: true).gradientFold(parameter: 0) == nil)
    guard let fold = two.gradientFold(parameter: 0) else { Issue.record("heavy ball offers no fold"); return }
    #expect(fold.decay == 1)
    for step in 0..<3 {
      let g = gradients.map { $0 * Float(step + 1) }
      setGradient(whole, g)
      one.update(learningRate: 0.1)
      for i in 0..<g.count { fold.state.storage[i] = fold.decay * fold.state.storage[i] + g[i] }
      two.updateFromFoldedGradients(learningRate: 0.1, parameters: 0..<1, part: 1, of: 2)
      two.updateFromFoldedGradients(learningRate: 0.1, parameters: 0..<1, part: 0, of: 2)
    }
    for (a, b) in zip(folded.value.values, whole.value.values) { #expect(abs(a - b) <= 1e-6 * max(1, abs(b))) }
    #expect(folded.value.values != makeParameter(values).value.values)  // it moved
  }

  /// The folded update runs in blocks of `foldedUpdateBlock` elements: a parameter several blocks long,
  /// split in two shares that do not end on a block boundary, is updated in every element as one
  /// unsplit update would.
  @Test func theFoldedUpdateCoversEveryBlock() {
    let n = 2 * Momentum<Float>.foldedUpdateBlock + 1001
    let values = (0..<n).map { Float($0 % 17) - 8 }, gradients = (0..<n).map { Float($0 % 5) - 2 }
    let whole = makeParameter(values), folded = makeParameter(values)
    let one = Momentum(parameters: [whole], momentum: 0.9), two = Momentum(parameters: [folded], momentum: 0.9)
    guard let fold = two.gradientFold(parameter: 0) else { Issue.record("heavy ball offers no fold"); return }
    for _ in 0..<2 {
      setGradient(whole, gradients)
      one.update(learningRate: 0.1)
      for i in 0..<n { fold.state.storage[i] += gradients[i] }
      two.updateFromFoldedGradients(learningRate: 0.1, parameters: 0..<1, part: 0, of: 2)
      two.updateFromFoldedGradients(learningRate: 0.1, parameters: 0..<1, part: 1, of: 2)
    }
    let far = zip(folded.value.values, whole.value.values).enumerated().filter { abs($1.0 - $1.1) > 1e-5 * max(1, abs($1.1)) }
    #expect(far.isEmpty, "\(far.count) elements differ, the first at \(far.first?.offset ?? -1)")
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
