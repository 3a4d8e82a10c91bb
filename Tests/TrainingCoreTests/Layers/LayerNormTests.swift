import Statistics
import Testing
@testable import TrainingCore
import _TestSupport

@Suite struct LayerNormTests {
  @Test func layerNormBackwardMatchesFiniteDifferences() {
    let stream = RandomStream("tests", "layer-norm", "gradient-check")
    let layer = LayerNorm<Double>(width: 5)
    randomizeParameters(of: layer, stream: stream)
    let x = randomMatrix(4, 5, stream: stream, scale: 2, as: Double.self)
    let report = checkGradients(of: layer, input: x, phase: .training, stream: stream)
    #expect(report.tensors.count == 3)
    #expect(report.passed, "\(report)")
  }

  /// tinygrad's negative control: a backward that is wrong by 0.1% in one tensor must fail the check,
  /// and the report must name that tensor, not the others.
  @Test(arguments: ["input", "gamma"])
  func gradientCheckRejectsABackwardOffByOneTenthPercent(wrongTensor: String) {
    let stream = RandomStream("tests", "layer-norm", "negative-control")
    let inner = LayerNorm<Double>(width: 5)
    randomizeParameters(of: inner, stream: stream)
    let layer = MisScaledBackward(inner, wrongTensor: wrongTensor, factor: 1.001)
    let x = randomMatrix(4, 5, stream: stream, as: Double.self)
    let report = checkGradients(of: layer, input: x, phase: .training, stream: stream)
    #expect(!report.passed, "\(report)")
    let failed = report.tensors.filter { !$0.passed }.map(\.tensor)
    #expect(failed == ["layer-norm(5).\(wrongTensor)"], "\(report)")
  }

  @Test func layerNormRowsHaveZeroMeanAndUnitVariance() {
    let stream = RandomStream("tests", "layer-norm", "moments")
    let layer = LayerNorm<Double>(width: 64)
    layer.reserve(batchSize: 3)
    let x = randomMatrix(3, 64, stream: stream, scale: 3, as: Double.self)
    for j in 0..<64 { x[1, j] += 10 }  // an offset row: removed by the row's own mean
    let y = layer.forward(x, phase: .training)
    for row in 0..<3 {
      let values = (0..<64).map { y[row, $0] }
      let mean = values.reduce(0, +) / 64
      let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 64
      #expect(abs(mean) < 1e-12)
      // epsilon shrinks the variance to var / (var + 1e-5), a relative change of about 1e-6 at var ≈ 9.
      #expect(abs(variance - 1) < 1e-5)
    }
  }

  @Test func layerNormRowIsIndependentOfTheRestOfTheBatch() {
    let stream = RandomStream("tests", "layer-norm", "row-independence")
    let layer = LayerNorm<Double>(width: 5)
    randomizeParameters(of: layer, stream: stream)
    layer.reserve(batchSize: 4)
    let batch = randomMatrix(4, 5, stream: stream, as: Double.self)
    let alone = Matrix<Double>(rows: 1, columns: 5, values: (0..<5).map { batch[2, $0] })
    let inBatch = (0..<5).map { layer.forward(batch, phase: .training)[2, $0] }
    let single = layer.forward(alone, phase: .training).values
    #expect(inBatch == single)  // the same arithmetic on the same row: bitwise equal
    let inference = (0..<5).map { layer.forward(batch, phase: .inference)[2, $0] }
    #expect(inference == inBatch)
  }

  @Test func layerNormAgreesInFloatAndDouble() {
    let stream = RandomStream("tests", "layer-norm", "float-double")
    let x = (0..<20).map { _ in stream.gaussian(standardDeviation: 2) }
    let dy = (0..<20).map { _ in stream.gaussian() }
    let gamma = (0..<5).map { _ in 1 + 0.5 * stream.gaussian() }
    let beta = (0..<5).map { _ in stream.gaussian() }
    let double = forwardAndBackward(LayerNorm<Double>(width: 5), rows: 4, input: x, upstream: dy,
                                    parameterValues: [gamma, beta], phase: .training)
    let float = forwardAndBackward(LayerNorm<Float>(width: 5), rows: 4, input: x, upstream: dy,
                                   parameterValues: [gamma, beta], phase: .training)
    expectFloatAgreesWithDouble(float: float, double: double)
  }
}

/// Wraps a layer and scales one of its gradients by `factor`: a deliberately wrong backward.
final class MisScaledBackward: Layer {
  typealias T = Double
  let inner: any Layer<Double>
  let wrongTensor: String
  let factor: Double
  var name: String { inner.name }
  var inputWidth: Int { inner.inputWidth }
  var outputWidth: Int { inner.outputWidth }
  var parameters: [Parameter<Double>] { inner.parameters }
  var computesInputGradient: Bool {
    get { inner.computesInputGradient }
    set { inner.computesInputGradient = newValue }
  }

  init(_ inner: any Layer<Double>, wrongTensor: String, factor: Double) {
    self.inner = inner
    self.wrongTensor = wrongTensor
    self.factor = factor
  }

  func reserve(batchSize: Int) { inner.reserve(batchSize: batchSize) }
  func forward(_ x: Matrix<Double>, phase: Phase) -> Matrix<Double> { inner.forward(x, phase: phase) }
  func backward(_ dy: Matrix<Double>) -> Matrix<Double> {
    let dx = inner.backward(dy)
    let target = wrongTensor == "input" ? dx : inner.parameters.first { $0.name == wrongTensor }!.gradient
    for i in 0..<target.count { target.storage[i] *= factor }
    return dx
  }
}

// MARK: - Helpers shared by the layer tests

/// Sets every parameter to non-trivial values (1 ± 0.5 noise for scales, N(0, 1) otherwise): a check at
/// gamma = 1, beta = 0 cannot tell gamma from 1 and would miss a missing gamma factor in dx.
func randomizeParameters(of layer: any Layer<Double>, stream: RandomStream) {
  for parameter in layer.parameters {
    for i in 0..<parameter.value.count {
      parameter.value.storage[i] = parameter.name == "gamma" ? 1 + 0.5 * stream.gaussian() : stream.gaussian()
    }
  }
}

/// One forward and one backward in `T` on values given in Double; returns y, dx and each parameter's
/// gradient, converted back to Double, named as in a gradient-check report.
func forwardAndBackward<T: Scalar>(_ layer: any Layer<T>, rows: Int, input: [Double], upstream: [Double],
                                   parameterValues: [[Double]], phase: Phase) -> [(String, [Double])] {
  for (parameter, values) in zip(layer.parameters, parameterValues) {
    for i in 0..<values.count { parameter.value.storage[i] = T(values[i]) }
  }
  layer.reserve(batchSize: rows)
  let x = Matrix(rows: rows, columns: layer.inputWidth, values: input.map { T($0) })
  let y = layer.forward(x, phase: phase).values.map { Double($0) }
  let dy = Matrix(rows: rows, columns: layer.outputWidth, values: upstream.map { T($0) })
  let dx = layer.backward(dy).values.map { Double($0) }
  return [("output", y), ("input gradient", dx)]
    + layer.parameters.map { ("\($0.name) gradient", $0.gradient.values.map { Double($0) }) }
}

/// Float must keep about half of its digits: relative error ≤ sqrt(Float.ulpOfOne) ≈ 3.5e-4
/// (swift-numerics' default). Elements that come out of a cancellation (normalized dx sums to zero per
/// unit) carry Float's error relative to the *terms*, not to their small result, so the absolute floor is
/// the same 3.5e-4 times the tensor's largest magnitude.
func expectFloatAgreesWithDouble(float: [(String, [Double])], double: [(String, [Double])]) {
  let tolerance = Double(Float.ulpOfOne.squareRoot())
  #expect(float.map(\.0) == double.map(\.0))
  for ((name, f), (_, d)) in zip(float, double) {
    let scale = d.map { abs($0) }.max() ?? 0
    for (i, (fi, di)) in zip(f, d).enumerated() {
      #expect(isClose(fi, di, relative: tolerance, absolute: tolerance * scale),
              "\(name)[\(i)]: Float \(fi), Double \(di)")
    }
  }
}
