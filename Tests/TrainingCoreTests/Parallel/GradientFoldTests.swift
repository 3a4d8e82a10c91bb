import Statistics
import Testing
@testable import TrainingCore
import _TestSupport

/// Heavy-ball momentum with its gradients folded into the velocities (Parallel/GradientFold.swift): the
/// weight-gradient GEMM leaves `s = β·s + g` in a share's states, and the rest of the update then equals
/// the whole update.
@Suite struct GradientFoldTests {
  /// A weight gradient folded into the states of a share of the units leaves `s = β·s + g` there, g being
  /// what the unfolded call writes to the gradients, and leaves the weight's own gradient buffer alone. An
  /// empty batch folds a zero gradient: the states only decay.
  @Test(arguments: [true, false])
  func foldedWeightGradientIsDecayedStatePlusGradient(_ hasBias: Bool) {
    let stream = RandomStream("tests", "dense-fold")
    let dense = Dense<Double>(4, 5, bias: hasBias)
    for p in dense.parameters { for i in 0..<p.value.count { p.value.storage[i] = stream.gaussian() } }
    dense.reserve(batchSize: 6)
    let x: Matrix<Double> = randomMatrix(6, 4, stream: stream), dy: Matrix<Double> = randomMatrix(6, 5, stream: stream)
    dense.weightGradient(units: 0..<5, rows: 6, input: x, outputGradient: dy)
    let gradients = dense.parameters.map(\.gradient.values)
    dense.weight.gradient.fill(7)
    let beta = 0.9
    for units in [3..<5, 0..<3] {
      let elements = dense.parameterElements(units: units)
      let states: [Matrix<Double>] = elements.map { randomMatrix(1, $0.count, stream: stream) }
      let before = states.map(\.values)
      let folds = states.map { GradientFold(state: $0, decay: beta) }
      dense.weightGradient(units: units, rows: 6, input: x, outputGradient: dy, folding: (folds[0], hasBias ? folds[1] : nil))
      for k in states.indices {
        for (i, element) in elements[k].enumerated() {
          #expect(abs(states[k].storage[i] - (beta * before[k][i] + gradients[k][element])) < 1e-12, "state \(k)[\(element)]")
        }
      }
      let folded = states.map(\.values)
      dense.weightGradient(units: units, rows: 0, input: x, outputGradient: dy, folding: (folds[0], hasBias ? folds[1] : nil))
      for k in states.indices { #expect(states[k].values == folded[k].map { beta * $0 }) }
    }
    #expect(dense.weight.gradient.values.allSatisfy { $0 == 7 })  // the product went straight into the states
  }

  /// Given the gradient folded into its velocity, heavy ball's remaining update equals the whole update, to
  /// the last bit that BLAS's fused multiply-add may round differently. The fold's decay is 1 because the
  /// folded update leaves mu * v (without that scaling the velocities here would never decay, and the
  /// weights would drift apart). Nesterov reads g twice, so it offers no fold.
  @Test func heavyBallTakesAFoldedGradientNesterovDoesNot() throws {
    let values: [Float] = [1, -2, 0.5, 3], gradients: [Float] = [0.3, -0.1, 2, -0.7]
    let whole = makeParameter(values), folded = makeParameter(values)
    let one = Momentum(parameters: [whole], momentum: 0.9), two = Momentum(parameters: [folded], momentum: 0.9)
    #expect(Momentum(parameters: [whole], momentum: 0.9, nesterov: true).gradientFolds == nil)
    let fold = try #require(two.gradientFolds?.first)
    #expect(fold.decay == 1)
    for step in 0..<3 {
      let g = gradients.map { $0 * Float(step + 1) }
      setGradient(whole, g)
      one.update(learningRate: 0.1)
      for i in 0..<g.count { fold.state.storage[i] = fold.decay * fold.state.storage[i] + g[i] }
      two.updateFromFoldedGradients(learningRate: 0.1)
    }
    for (a, b) in zip(folded.value.values, whole.value.values) { #expect(abs(a - b) <= 1e-6 * max(1, abs(b))) }
    #expect(folded.value.values != makeParameter(values).value.values)  // it moved
  }

  /// The folded update runs in blocks of `foldedUpdateBlock` elements: a parameter several blocks long and
  /// not a whole number of them is updated in every element as the unfolded update would.
  @Test func theFoldedUpdateCoversEveryBlock() throws {
    let n = 2 * Momentum<Float>.foldedUpdateBlock + 1001
    let values = (0..<n).map { Float($0 % 17) - 8 }, gradients = (0..<n).map { Float($0 % 5) - 2 }
    let whole = makeParameter(values), folded = makeParameter(values)
    let one = Momentum(parameters: [whole], momentum: 0.9), two = Momentum(parameters: [folded], momentum: 0.9)
    let fold = try #require(two.gradientFolds?.first)
    for _ in 0..<2 {
      setGradient(whole, gradients)
      one.update(learningRate: 0.1)
      for i in 0..<n { fold.state.storage[i] += gradients[i] }
      two.updateFromFoldedGradients(learningRate: 0.1)
    }
    let far = zip(folded.value.values, whole.value.values).enumerated().filter { abs($1.0 - $1.1) > 1e-5 * max(1, abs($1.1)) }
    #expect(far.isEmpty, "\(far.count) elements differ, the first at \(far.first?.offset ?? -1)")
  }
}
