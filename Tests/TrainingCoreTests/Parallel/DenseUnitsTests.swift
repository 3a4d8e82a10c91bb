import Statistics
import Testing
@testable import TrainingCore
import _TestSupport

/// The data-parallel pieces of a dense layer (Parallel/Dense+Units.swift): the forward pass of a share of
/// the units, the input gradient alone, and the weight gradient of a share of the units, each equal to the
/// matching part of `Dense.forward` / `Dense.backward`.
@Suite struct DenseUnitsTests {
  @Test(arguments: [true, false])
  func denseUnitSharesEqualTheWhole(_ hasBias: Bool) {
    let stream = RandomStream("tests", "dense-units")
    let whole = Dense<Double>(4, 5, bias: hasBias), split = Dense<Double>(4, 5, bias: hasBias)
    for (p, q) in zip(whole.parameters, split.parameters) {
      for i in 0..<p.value.count { p.value.storage[i] = stream.gaussian() }
      q.value.copy(from: p.value)
    }
    whole.reserve(batchSize: 6)
    split.reserve(batchSize: 6)
    let x: Matrix<Double> = randomMatrix(6, 4, stream: stream), dy: Matrix<Double> = randomMatrix(6, 5, stream: stream)
    let y = whole.forward(x, phase: .training).values
    let dx = whole.backward(dy).values
    split.beginForwardByUnits(rows: 6)
    split.forward(units: 3..<5, input: x)
    split.forward(units: 0..<3, input: x)
    #expect(split.output.values == y)
    #expect(split.inputGradientOnly(dy).values == dx)
    #expect(split.weight.gradient.values.allSatisfy { $0 == 0 })  // left for the weight gradient
    split.weightGradient(units: 2..<5, rows: 6, input: x, outputGradient: dy)
    split.weightGradient(units: 0..<2, rows: 6, input: x, outputGradient: dy)
    for (p, q) in zip(whole.parameters, split.parameters) {
      for i in 0..<p.gradient.count { #expect(abs(p.gradient.storage[i] - q.gradient.storage[i]) < 1e-12, "\(p.name)[\(i)]") }
    }
  }

  /// The weight gradient reads `rows` rows of x and dy, past their own `rows` (the replica's half follows
  /// the main network's in the same buffers), and an empty batch gives a zero gradient.
  @Test func weightGradientReadsTheWholeBatchBehindAHalfView() {
    let stream = RandomStream("tests", "dense-units-rows")
    let dense = Dense<Double>(3, 2)
    for p in dense.parameters { for i in 0..<p.value.count { p.value.storage[i] = stream.gaussian() } }
    dense.reserve(batchSize: 4)
    let x: Matrix<Double> = randomMatrix(4, 3, stream: stream), dy: Matrix<Double> = randomMatrix(4, 2, stream: stream)
    _ = dense.forward(x, phase: .training)
    _ = dense.backward(dy)
    let expected = dense.parameters.map(\.gradient.values)
    x.rows = 2
    dy.rows = 2
    for p in dense.parameters { p.gradient.fill(.nan) }
    dense.weightGradient(units: 0..<2, rows: 4, input: x, outputGradient: dy)
    for (p, e) in zip(dense.parameters, expected) {
      for i in e.indices { #expect(abs(p.gradient.storage[i] - e[i]) < 1e-12, "\(p.name)[\(i)]") }
    }
    dense.weightGradient(units: 0..<2, rows: 0, input: x, outputGradient: dy)
    for p in dense.parameters { #expect(p.gradient.values.allSatisfy { $0 == 0 }, "\(p.name)") }
  }
}
