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

  /// Sutskever et al. 2013's ramp, mu_t = min(1 − 1/(2(⌊t/250⌋ + 1)), mu): values computed by hand from
  /// the paper's formula 1 − 2^(−1 − log2(⌊t/250⌋ + 1)) at the boundaries of its steps.
  static let rampValues: [(Int, Double)] = [(0, 0.5), (249, 0.5), (250, 0.75), (499, 0.75), (500, 1 - 1.0 / 6),
                                             (750, 0.875), (12_249, 1 - 1.0 / 98), (12_250, 0.99), (100_000, 0.99)]

  @Test(arguments: rampValues)
  func sutskeverRampAtItsBoundaries(update: Int, expected: Double) {
    let mu = Momentum<Double>.rampedMomentum(update: update, period: 250, cap: 0.99)
    #expect(abs(mu - expected) <= 1e-15, "mu at update \(update) = \(mu), expected \(expected)")
  }

  /// With a ramp of period 2 capped at 0.8 and g = 1, the coefficients of updates 1-6 are 0.5, 0.5, 0.75,
  /// 0.75, 0.8 (1 − 1/6 capped), 0.8, so by hand v = 1, 1.5, 2.125, 2.59375, 3.075, 3.46 and
  /// x_6 = −lr · 13.75375. A constant 0.8 (the negative control) gives −lr · 15.24288 (its closed form) instead.
  @Test func rampedHeavyBallOnConstantGradientMatchesHandValues() {
    let lr = 0.1
    func run(rampPeriod: Int?) -> Double {
      let w = makeParameter([0.0])
      let optimizer = Momentum(parameters: [w], momentum: 0.8, nesterov: false, rampPeriod: rampPeriod)
      for _ in 0..<6 {
        setGradient(w, [1.0])
        optimizer.update(learningRate: lr)
      }
      #expect(optimizer.step == 6)
      return w.value[0, 0]
    }
    let ramped = run(rampPeriod: 2), constant = run(rampPeriod: nil)
    #expect(abs(ramped - -lr * 13.75375) <= 1e-14, "x = \(ramped)")
    #expect(abs(constant - -lr * Self.velocitySum(g: 1, mu: 0.8, t: 6)) <= 1e-14, "x = \(constant)")
    #expect(abs(ramped - constant) > 0.1, "the ramp changed nothing: \(ramped) vs \(constant)")
  }

  /// The ramp is part of the spec: it builds a ramped optimizer, names itself, and is absent from the
  /// encoding when unset (so configurations without it keep their fingerprints).
  @Test func specCarriesTheRamp() throws {
    let ramped = MomentumSpec(0.99, nesterov: false, rampPeriod: 250)
    #expect(ramped.description == "momentum(0.99,ramp=250)")
    #expect(MomentumSpec(0.9, nesterov: false).description == "momentum(0.9)")
    let optimizer = try #require(ramped.makeOptimizer(for: [makeParameter([0.0])]) as? Momentum<Double>)
    #expect(optimizer.rampPeriod == 250)
    #expect(ramped.withMomentum(0.9).rampPeriod == 250)
    let plain = String(decoding: try JSONEncoder().encode(MomentumSpec(0.9, nesterov: false)), as: UTF8.self)
    #expect(!plain.contains("ramp"), "\(plain)")
    let decoded = try JSONDecoder().decode(MomentumSpec.self, from: try JSONEncoder().encode(ramped))
    #expect(decoded == ramped)
  }
}
