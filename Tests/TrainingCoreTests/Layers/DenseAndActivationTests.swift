import Statistics
import Testing
@testable import TrainingCore
import _TestSupport

/// Gradient checks (Double, centered differences) for the dense layer and every element-wise activation.
@Suite struct DenseAndActivationGradientTests {
  @Test func denseGradients() {
    let stream = RandomStream("tests", "dense")
    let layer = Dense<Double>(4, 3)
    for parameter in layer.parameters {
      for i in 0..<parameter.value.count { parameter.value.storage[i] = stream.gaussian() }
    }
    let report = checkGradients(of: layer, input: randomMatrix(3, 4, stream: stream), stream: stream)
    #expect(report.passed, "\(report)")
    #expect(report.tensors.map(\.tensor) == ["dense(4->3).input", "dense(4->3).weight", "dense(4->3).bias"])
  }

  /// A dense layer without bias: y = x Wᵀ exactly, the weight is its only parameter, and its gradients check.
  @Test func denseWithoutBiasGradientsAndValues() {
    let stream = RandomStream("tests", "dense-no-bias")
    let layer = Dense<Double>(4, 3, bias: false)
    #expect(layer.bias == nil)
    #expect(layer.parameters.map(\.name) == ["weight"])
    for i in 0..<layer.weight.value.count { layer.weight.value.storage[i] = stream.gaussian() }
    let report = checkGradients(of: layer, input: randomMatrix(3, 4, stream: stream), stream: stream)
    #expect(report.passed, "\(report)")
    #expect(report.tensors.map(\.tensor) == ["dense(4->3).input", "dense(4->3).weight"])
    // Hand value: W = [[1, 2], [3, 4]], x = (1, 1) → y = (3, 7), with nothing added.
    let small = Dense<Double>(2, 2, bias: false)
    for (i, w) in [1.0, 2, 3, 4].enumerated() { small.weight.value.storage[i] = w }
    small.reserve(batchSize: 1)
    #expect(small.forward(Matrix(rows: 1, columns: 2, values: [1, 1]), phase: .inference).values == [3, 7])
  }

  /// Activations smooth everywhere are checked on plain Gaussian inputs; those with a kink at 0
  /// (ReLU family, hard-sigmoid at ±3, ELU's second derivative) on inputs kept away from the kinks.
  static let smooth: [ActivationSpec] = [.identity, .sigmoid, .tanh, .softsign, .softplus, .gelu]
  static let kinked: [ActivationSpec] = [.relu, .leakyReLU(alpha: 0.01), .leakyReLU(alpha: 0.2), .elu(alpha: 1),
                                         .selu, .hardSigmoid, .prelu]

  @Test(arguments: smooth)
  func smoothActivationGradients(_ activation: ActivationSpec) {
    let stream = RandomStream("tests", "activation", "\(activation)")
    let layer = activation.makeLayer(width: 5, as: Double.self)
    let report = checkGradients(of: layer, input: randomMatrix(3, 5, stream: stream, scale: 2), stream: stream)
    #expect(report.passed, "\(report)")
  }

  @Test(arguments: kinked)
  func kinkedActivationGradients(_ activation: ActivationSpec) {
    let stream = RandomStream("tests", "activation", "\(activation)")
    let layer = activation.makeLayer(width: 5, as: Double.self)
    // Hard-sigmoid has kinks at ±3: scale 1 keeps Gaussian draws clear of them except rarely; the margin
    // keeps every input at least 0.05 from 0. The seed is fixed, so "rarely" is checked once, here.
    let input = randomMatrixAwayFromZero(3, 5, stream: stream)
    let report = checkGradients(of: layer, input: input, stream: stream)
    #expect(report.passed, "\(report)")
  }

  /// Known values, independent of the implementation's formulas.
  @Test func activationValues() {
    func apply(_ spec: ActivationSpec, _ x: Double) -> Double {
      let layer = spec.makeLayer(width: 1, as: Double.self)
      layer.reserve(batchSize: 1)
      return layer.forward(Matrix(rows: 1, columns: 1, values: [x]), phase: .inference)[0, 0]
    }
    #expect(apply(.sigmoid, 0) == 0.5)
    #expect(apply(.relu, -2) == 0 && apply(.relu, 2) == 2)
    #expect(apply(.leakyReLU(alpha: 0.01), -2) == -0.02)
    #expect(isClose(apply(.tanh, 1), 0.7615941559557649, relative: 1e-15))
    #expect(apply(.softsign, 1) == 0.5)
    #expect(isClose(apply(.softplus, 0), 0.6931471805599453, relative: 1e-15))
    #expect(isClose(apply(.softplus, 100), 100, relative: 1e-15))  // no overflow
    #expect(isClose(apply(.elu(alpha: 1), -1), -0.6321205588285577, relative: 1e-15))
    #expect(isClose(apply(.selu, 1), 1.0507009873554805, relative: 1e-15))
    #expect(isClose(apply(.gelu, 1), 0.8413447460685429, relative: 1e-15))  // Φ(1)
    #expect(apply(.hardSigmoid, 0) == 0.5 && apply(.hardSigmoid, 4) == 1 && apply(.hardSigmoid, -4) == 0)
    #expect(isClose(apply(.prelu, -2), -0.5, relative: 1e-15))  // initial slope 0.25
  }

  /// The checker must be able to fail: a dense layer whose input gradient is off by 0.1%.
  @Test func checkerRejectsAWrongBackward() {
    final class SlightlyWrongDense: Layer {
      let inner = Dense<Double>(3, 2)
      var name: String { "slightly-wrong" }
      var inputWidth: Int { 3 }
      var outputWidth: Int { 2 }
      var computesInputGradient = true
      var parameters: [Parameter<Double>] { inner.parameters }
      func reserve(batchSize: Int) { inner.reserve(batchSize: batchSize) }
      func forward(_ x: Matrix<Double>, phase: Phase) -> Matrix<Double> { inner.forward(x, phase: phase) }
      func backward(_ dy: Matrix<Double>) -> Matrix<Double> {
        let dx = inner.backward(dy)
        for i in 0..<dx.count { dx.storage[i] *= 1.001 }
        return dx
      }
    }
    let stream = RandomStream("tests", "negative-control")
    let layer = SlightlyWrongDense()
    for i in 0..<layer.inner.weight.value.count { layer.inner.weight.value.storage[i] = stream.gaussian() }
    let report = checkGradients(of: layer, input: randomMatrix(2, 3, stream: stream), stream: stream)
    #expect(!report.passed, "a backward off by 0.1% passed the check: \(report)")
    #expect(report.tensors.first { $0.tensor.hasSuffix("input") }?.passed == false)
  }

  /// Float and Double runs of the same layer agree to about half of Float's digits.
  @Test(arguments: smooth + kinked)
  func floatAgreesWithDouble(_ activation: ActivationSpec) {
    let stream = RandomStream("tests", "float-double", "\(activation)")
    let xd = randomMatrixAwayFromZero(4, 6, stream: stream)
    let xf = Matrix<Float>(rows: 4, columns: 6, values: xd.values.map(Float.init))
    let gd = randomMatrix(4, 6, stream: stream, as: Double.self)
    let gf = Matrix<Float>(rows: 4, columns: 6, values: gd.values.map(Float.init))
    let ld = activation.makeLayer(width: 6, as: Double.self), lf = activation.makeLayer(width: 6, as: Float.self)
    ld.reserve(batchSize: 4)
    lf.reserve(batchSize: 4)
    let yd = ld.forward(xd, phase: .training).values, yf = lf.forward(xf, phase: .training).values
    let dxd = ld.backward(gd).values, dxf = lf.backward(gf).values
    let tolerance = Double(Float.ulpOfOne.squareRoot())
    for i in 0..<yd.count {
      #expect(isClose(Double(yf[i]), yd[i], relative: tolerance, absolute: tolerance), "y[\(i)]")
      #expect(isClose(Double(dxf[i]), dxd[i], relative: tolerance, absolute: tolerance), "dx[\(i)]")
    }
  }
}
