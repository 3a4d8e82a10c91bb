import Statistics
import Testing
@testable import TrainingCore
import _TestSupport

/// Conv2D (im2col + GEMM, NHWC) against centered finite differences (Double), against a direct
/// convolution by the textbook loops (`NaiveConvolution`), and in Float against Double.
@Suite struct Conv2DTests {
  /// Geometries covering stride 1 and 2, padding 0, 1 and 2, odd and non-square sizes, 1 and 3 channels,
  /// kernels 1, 2 and 3, and windows that leave the last row or column of the input unused (7 x 5 with
  /// stride 2 and no padding).
  struct Case: CustomStringConvertible, Sendable {
    let input: ImageShape, filters: Int, kernel: Int, stride: Int, padding: Int
    var description: String { "\(input) F\(filters) k\(kernel) s\(stride) p\(padding)" }
  }
  static let cases: [Case] = [
    Case(input: ImageShape(height: 7, width: 5, channels: 3), filters: 4, kernel: 3, stride: 1, padding: 1),
    Case(input: ImageShape(height: 7, width: 5, channels: 3), filters: 2, kernel: 3, stride: 2, padding: 0),
    Case(input: ImageShape(height: 7, width: 5, channels: 3), filters: 3, kernel: 3, stride: 2, padding: 1),
    Case(input: ImageShape(height: 6, width: 6, channels: 1), filters: 3, kernel: 3, stride: 1, padding: 0),
    Case(input: ImageShape(height: 5, width: 4, channels: 2), filters: 2, kernel: 2, stride: 2, padding: 1),
    Case(input: ImageShape(height: 4, width: 3, channels: 3), filters: 2, kernel: 1, stride: 1, padding: 0),
    Case(input: ImageShape(height: 5, width: 5, channels: 2), filters: 2, kernel: 3, stride: 1, padding: 2),
  ]

  static func layer<T: Scalar>(_ c: Case, bias: Bool = true, as: T.Type = T.self) -> Conv2D<T> {
    Conv2D<T>(input: c.input, filters: c.filters, kernel: c.kernel, stride: c.stride, padding: c.padding, bias: bias)
  }

  /// The input and every parameter, at one example per chunk (several chunks per batch, so dW sums over
  /// chunks) and at the default chunk (the whole small batch in one).
  @Test(arguments: cases, [1, 64])
  func gradientsMatchFiniteDifferences(_ c: Case, chunkExamples: Int) {
    let stream = RandomStream("tests", "conv2d", "gradient-check", "\(c)")
    let layer = Self.layer(c, as: Double.self)
    layer.chunkExamples = chunkExamples
    randomizeParameters(of: layer, stream: stream)
    let x = randomMatrix(3, c.input.count, stream: stream, as: Double.self)
    let report = checkGradients(of: layer, input: x, stream: stream)
    #expect(report.tensors.map { $0.tensor.components(separatedBy: ".").last! } == ["input", "weight", "bias"])
    #expect(report.passed, "\(report)")
  }

  @Test func gradientsWithoutBias() {
    let c = Self.cases[2]
    let stream = RandomStream("tests", "conv2d", "no-bias")
    let layer = Self.layer(c, bias: false, as: Double.self)
    #expect(layer.parameters.map(\.name) == ["weight"])
    randomizeParameters(of: layer, stream: stream)
    let report = checkGradients(of: layer, input: randomMatrix(2, c.input.count, stream: stream, as: Double.self), stream: stream)
    #expect(report.passed, "\(report)")
  }

  /// A backward wrong by 0.1% in one tensor fails the check, and only that tensor: the check can fail.
  @Test(arguments: ["input", "weight", "bias"])
  func gradientCheckRejectsAWrongBackward(wrongTensor: String) {
    let stream = RandomStream("tests", "conv2d", "negative-control")
    let inner = Self.layer(Self.cases[1], as: Double.self)
    randomizeParameters(of: inner, stream: stream)
    let layer = MisScaledBackward(inner, wrongTensor: wrongTensor, factor: 1.001)
    let report = checkGradients(of: layer, input: randomMatrix(2, inner.inputWidth, stream: stream, as: Double.self), stream: stream)
    #expect(!report.passed, "\(report)")
    #expect(report.tensors.filter { !$0.passed }.map(\.tensor) == ["\(inner.name).\(wrongTensor)"], "\(report)")
  }

  /// Forward and backward equal the direct convolution's to 1e-12 (the sums run in other orders).
  @Test(arguments: cases)
  func agreesWithADirectConvolution(_ c: Case) {
    let stream = RandomStream("tests", "conv2d", "naive", "\(c)")
    let layer = Self.layer(c, as: Double.self)
    layer.chunkExamples = 2  // 3 examples: a full chunk and a partial one
    randomizeParameters(of: layer, stream: stream)
    let examples = 3
    layer.reserve(batchSize: examples)
    let x = randomMatrix(examples, c.input.count, stream: stream, as: Double.self)
    let naive = NaiveConvolution(input: c.input, filters: c.filters, kernel: c.kernel, stride: c.stride, padding: c.padding)
    #expect(layer.outputShape == ImageShape(height: naive.outputHeight, width: naive.outputWidth, channels: c.filters))
    let y = layer.forward(x, phase: .training).values
    let expectedY = naive.forward(x: x.values, weight: layer.weight.value.values, bias: layer.bias!.value.values, examples: examples)
    Self.expectClose(y, expectedY, "y")
    let dy = randomMatrix(examples, layer.outputWidth, stream: stream, as: Double.self)
    let dx = layer.backward(dy).values
    let expected = naive.backward(x: x.values, weight: layer.weight.value.values, dy: dy.values, examples: examples)
    Self.expectClose(dx, expected.dx, "dx")
    Self.expectClose(layer.weight.gradient.values, expected.dWeight, "dW")
    Self.expectClose(layer.bias!.gradient.values, expected.dBias, "db")
  }

  static func expectClose(_ a: [Double], _ b: [Double], _ name: String) {
    #expect(a.count == b.count, "\(name): \(a.count) vs \(b.count) values")
    let scale = b.map { abs($0) }.max() ?? 1
    for (i, (u, v)) in zip(a, b).enumerated() {
      #expect(isClose(u, v, relative: 1e-12, absolute: 1e-12 * scale), "\(name)[\(i)]: \(u) vs \(v)")
    }
  }

  /// Hand value: a 3 x 3 image 1…9, one all-ones 3 x 3 filter with padding 1 sums each pixel's
  /// neighbourhood: corner 1+2+4+5 = 12, center 45.
  @Test func handValue() {
    let layer = Conv2D<Double>(input: ImageShape(height: 3, width: 3, channels: 1), filters: 1, kernel: 3, padding: 1)
    layer.weight.value.fill(1)
    layer.bias!.value.storage[0] = 0.5
    layer.reserve(batchSize: 1)
    let y = layer.forward(Matrix(rows: 1, columns: 9, values: (1...9).map(Double.init)), phase: .inference)
    #expect(y.values == [12, 21, 16, 27, 45, 33, 24, 39, 28].map { $0 + 0.5 })
  }

  /// Float keeps about half of its digits against Double on the same values, forward and backward.
  @Test(arguments: [cases[0], cases[2]])
  func floatAgreesWithDouble(_ c: Case) {
    let stream = RandomStream("tests", "conv2d", "float-double", "\(c)")
    let rows = 3
    let x = (0..<(rows * c.input.count)).map { _ in stream.gaussian() }
    let double = Self.layer(c, as: Double.self), float = Self.layer(c, as: Float.self)
    let outputs = double.outputWidth
    let dy = (0..<(rows * outputs)).map { _ in stream.gaussian() }
    let values = double.parameters.map { p in (0..<p.value.count).map { _ in stream.gaussian() } }
    expectFloatAgreesWithDouble(
      float: forwardAndBackward(float, rows: rows, input: x, upstream: dy, parameterValues: values, phase: .training),
      double: forwardAndBackward(double, rows: rows, input: x, upstream: dy, parameterValues: values, phase: .training))
  }

  /// The chunk size changes only how OpenBLAS blocks the products (it does not give the same bits for
  /// another row count), so y, dx and dW agree to rounding. It is a function of the layer's shape, never
  /// of the run, so a configuration's numbers do not depend on it from run to run.
  @Test func chunkSizeLeavesTheNumbers() {
    let c = Self.cases[0]
    let stream = RandomStream("tests", "conv2d", "chunks")
    let x = randomMatrix(5, c.input.count, stream: stream, as: Double.self)
    var results: [[[Double]]] = []
    for chunk in [1, 2, 5] {
      let layer = Self.layer(c, as: Double.self)
      let weights = RandomStream("tests", "conv2d", "chunks", "weights")
      randomizeParameters(of: layer, stream: weights)
      layer.chunkExamples = chunk
      layer.reserve(batchSize: 5)
      let y = layer.forward(x, phase: .training).values
      let dy = Matrix(rows: 5, columns: layer.outputWidth, values: y.map { $0 * 0.5 - 0.1 })
      let dx = layer.backward(dy).values
      results.append([y, dx, layer.weight.gradient.values])
    }
    for r in results.dropFirst() {
      Self.expectClose(r[0], results[0][0], "y")
      Self.expectClose(r[1], results[0][1], "dx")
      Self.expectClose(r[2], results[0][2], "dW")
    }
  }

  /// The first layer of a network computes no input gradient and returns dy; dW is unchanged by that.
  @Test func firstLayerSkipsTheInputGradient() {
    let c = Self.cases[0]
    let stream = RandomStream("tests", "conv2d", "first-layer")
    let layer = Self.layer(c, as: Double.self)
    randomizeParameters(of: layer, stream: stream)
    layer.reserve(batchSize: 2)
    let x = randomMatrix(2, c.input.count, stream: stream, as: Double.self)
    _ = layer.forward(x, phase: .training)
    let dy = randomMatrix(2, layer.outputWidth, stream: stream, as: Double.self)
    _ = layer.backward(dy)
    let full = layer.weight.gradient.values
    layer.computesInputGradient = false
    _ = layer.forward(x, phase: .training)
    #expect(layer.backward(dy) === dy)
    #expect(layer.weight.gradient.values == full)
  }
}
