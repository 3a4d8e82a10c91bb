import Statistics
import Testing
@testable import TrainingCore
import _TestSupport

/// MaxPool2D and GlobalAveragePool (NHWC): finite differences in Double, hand values, odd sizes, Float
/// against Double.
@Suite struct PoolingTests {
  static let shapes = [ImageShape(height: 4, width: 4, channels: 2), ImageShape(height: 7, width: 5, channels: 3)]

  /// Gaussian inputs have no ties (a tie within h = 1e-6 would put a kink under the difference), and the
  /// seed is fixed, so that holds once, here.
  @Test(arguments: shapes)
  func maxPoolGradientsMatchFiniteDifferences(_ shape: ImageShape) {
    let stream = RandomStream("tests", "max-pool", "gradient-check", "\(shape)")
    let layer = MaxPool2D<Double>(input: shape)
    let report = checkGradients(of: layer, input: randomMatrix(3, shape.count, stream: stream, as: Double.self), stream: stream)
    #expect(report.tensors.count == 1)
    #expect(report.passed, "\(report)")
  }

  /// Floor, as PyTorch: 7 x 5 pools to 3 x 2; row 6 and column 4 are in no window, so their gradient is 0
  /// and their values never reach the output (set huge, they would win any window they were in).
  @Test func maxPoolOfOddSizesDropsTheLastRowAndColumn() {
    let shape = ImageShape(height: 7, width: 5, channels: 3)
    let stream = RandomStream("tests", "max-pool", "odd")
    let layer = MaxPool2D<Double>(input: shape)
    #expect(layer.outputShape == ImageShape(height: 3, width: 2, channels: 3))
    layer.reserve(batchSize: 2)
    let x = randomMatrix(2, shape.count, stream: stream, as: Double.self)
    func isOutside(_ column: Int) -> Bool {
      let pixel = column / 3
      return pixel / 5 == 6 || pixel % 5 == 4
    }
    for row in 0..<2 { for j in 0..<shape.count where isOutside(j) { x[row, j] = 1000 } }
    let y = layer.forward(x, phase: .training)
    #expect(y.values.allSatisfy { $0 < 1000 })
    let dx = layer.backward(Matrix(rows: 2, columns: layer.outputWidth, values: Array(repeating: 1, count: 2 * layer.outputWidth)))
    for row in 0..<2 {
      for j in 0..<shape.count where isOutside(j) { #expect(dx[row, j] == 0) }
      // every window passes its one gradient to exactly one input
      #expect((0..<shape.count).map { dx[row, $0] }.reduce(0, +) == Double(layer.outputWidth))
    }
  }

  /// Hand values on one 2 x 2 window of two channels: channel 0 [1, 5, 3, 5] (a tie: the first 5 wins),
  /// channel 1 [2, NaN, 0, 9] (a NaN wins and propagates).
  @Test func maxPoolTiesGoToTheFirstAndNaNWins() {
    let layer = MaxPool2D<Double>(input: ImageShape(height: 2, width: 2, channels: 2))
    layer.reserve(batchSize: 1)
    let x = Matrix<Double>(rows: 1, columns: 8, values: [1, 2, 5, .nan, 3, 0, 5, 9])
    let y = layer.forward(x, phase: .training)
    #expect(y[0, 0] == 5)
    #expect(y[0, 1].isNaN)
    let dx = layer.backward(Matrix(rows: 1, columns: 2, values: [10, 20]))
    #expect(dx.values == [0, 0, 10, 20, 0, 0, 0, 0])
  }

  /// Float 2 x 2 pools with C % 4 == 0 run four channels at a time (`MaxPool2D.vectorized`): the same bits
  /// as the scalar loop, forward and backward, on inputs with ties (values rounded to halves), NaNs, and
  /// an odd size (a dropped row and column), and ties and NaNs as in the hand test above.
  @Test func maxPoolSIMDPathMatchesTheScalarLoop() {
    let shape = ImageShape(height: 7, width: 6, channels: 8), rows = 3
    let stream = RandomStream("tests", "max-pool", "simd")
    var values = (0..<(rows * shape.count)).map { _ in Float((stream.gaussian() * 2).rounded()) / 2 }
    for i in stride(from: 5, to: values.count, by: 97) { values[i] = .nan }
    let dy = randomMatrix(rows, 3 * 3 * 8, stream: stream, as: Float.self)
    func run(vectorized: Bool) -> (y: [Float], dx: [Float]) {
      let layer = MaxPool2D<Float>(input: shape)
      layer.vectorized = vectorized
      layer.reserve(batchSize: rows)
      let y = layer.forward(Matrix(rows: rows, columns: shape.count, values: values), phase: .training).values
      return (y, layer.backward(dy).values)
    }
    let simd = run(vectorized: true), scalar = run(vectorized: false)
    #expect(simd.y.map(\.bitPattern) == scalar.y.map(\.bitPattern))
    #expect(simd.dx.map(\.bitPattern) == scalar.dx.map(\.bitPattern))
    #expect(simd.y.contains { $0.isNaN } && Set(values).count < values.count / 4)  // NaNs and ties were there

    let layer = MaxPool2D<Float>(input: ImageShape(height: 2, width: 2, channels: 4))
    layer.reserve(batchSize: 1)
    let y = layer.forward(Matrix(rows: 1, columns: 16, values: [1, 2, 0, 0, 5, .nan, 0, 0, 3, 0, 0, 0, 5, 9, 0, 0]), phase: .training)
    #expect(y[0, 0] == 5 && y[0, 1].isNaN)
    let dx = layer.backward(Matrix(rows: 1, columns: 4, values: [10, 20, 30, 40]))
    #expect(dx.values == [0, 0, 30, 40, 10, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
  }

  @Test(arguments: shapes)
  func globalAveragePoolGradientsAndValues(_ shape: ImageShape) {
    let stream = RandomStream("tests", "global-average-pool", "\(shape)")
    let layer = GlobalAveragePool<Double>(input: shape)
    let x = randomMatrix(3, shape.count, stream: stream, as: Double.self)
    let report = checkGradients(of: layer, input: x, stream: stream)
    #expect(report.passed, "\(report)")
    layer.reserve(batchSize: 3)
    let y = layer.forward(x, phase: .inference)
    for row in 0..<3 {
      for c in 0..<shape.channels {
        let values = (0..<shape.positions).map { x[row, $0 * shape.channels + c] }
        #expect(isClose(y[row, c], values.reduce(0, +) / Double(shape.positions), relative: 1e-14))
      }
    }
  }

  @Test func poolsAgreeInFloatAndDouble() {
    let shape = Self.shapes[1]
    let stream = RandomStream("tests", "pooling", "float-double")
    let x = (0..<(2 * shape.count)).map { _ in stream.gaussian() }
    let dyMax = (0..<(2 * 18)).map { _ in stream.gaussian() }
    expectFloatAgreesWithDouble(
      float: forwardAndBackward(MaxPool2D<Float>(input: shape), rows: 2, input: x, upstream: dyMax, parameterValues: [], phase: .training),
      double: forwardAndBackward(MaxPool2D<Double>(input: shape), rows: 2, input: x, upstream: dyMax, parameterValues: [], phase: .training))
    let dyMean = (0..<(2 * 3)).map { _ in stream.gaussian() }
    expectFloatAgreesWithDouble(
      float: forwardAndBackward(GlobalAveragePool<Float>(input: shape), rows: 2, input: x, upstream: dyMean, parameterValues: [], phase: .training),
      double: forwardAndBackward(GlobalAveragePool<Double>(input: shape), rows: 2, input: x, upstream: dyMean, parameterValues: [], phase: .training))
  }
}

/// BatchNorm over channels (`positions` > 1) and LayerNorm over C H W, the two norms of conv blocks.
@Suite struct ChannelNormTests {
  /// Every input element moves its channel's statistics over the batch and all positions.
  @Test(arguments: [Phase.training, .inference])
  func channelBatchNormGradientsMatchFiniteDifferences(phase: Phase) {
    let stream = RandomStream("tests", "channel-batch-norm", "\(phase)")
    let shape = ImageShape(height: 3, width: 5, channels: 3)
    let layer = BatchNorm<Double>(width: 3, positions: shape.positions)
    randomizeParameters(of: layer, stream: stream)
    for j in 0..<3 {
      layer.runningMean.storage[j] = stream.gaussian()
      layer.runningVariance.storage[j] = 0.5 + stream.uniform()
    }
    let report = checkGradients(of: layer, input: randomMatrix(2, shape.count, stream: stream, scale: 2, as: Double.self),
                                phase: phase, stream: stream)
    #expect(report.tensors.count == 3)
    #expect(report.passed, "\(report)")
  }

  /// The (N, H W C) batch is the (N H W, C) matrix of a dense BatchNorm of width C: the same bits, forward,
  /// backward and running statistics, and each channel's output has mean 0 and variance 1 over N H W.
  @Test func channelBatchNormIsDenseBatchNormOnTheNHWxCView() {
    let stream = RandomStream("tests", "channel-batch-norm", "view")
    let shape = ImageShape(height: 3, width: 5, channels: 4), n = 6
    let channel = BatchNorm<Double>(width: 4, positions: shape.positions)
    let dense = BatchNorm<Double>(width: 4)
    randomizeParameters(of: channel, stream: stream)
    for (a, b) in zip(channel.parameters, dense.parameters) { b.value.copy(from: a.value) }
    channel.reserve(batchSize: n)
    dense.reserve(batchSize: n * shape.positions)
    let x = randomMatrix(n, shape.count, stream: stream, scale: 3, as: Double.self)
    let dy = randomMatrix(n, shape.count, stream: stream, as: Double.self)
    let xView = Matrix(rows: n * shape.positions, columns: 4, values: x.values)
    let dyView = Matrix(rows: n * shape.positions, columns: 4, values: dy.values)
    #expect(channel.forward(x, phase: .training).values == dense.forward(xView, phase: .training).values)
    #expect(channel.backward(dy).values == dense.backward(dyView).values)
    for (a, b) in zip(channel.parameters, dense.parameters) { #expect(a.gradient.values == b.gradient.values) }
    #expect(channel.runningVariance.values == dense.runningVariance.values)
    let y = channel.forward(x, phase: .training)
    for c in 0..<4 {
      let values = (0..<(n * shape.positions)).map { y.storage[$0 * 4 + c] }
      let mean = values.reduce(0, +) / Double(values.count)
      #expect(abs(mean - channel.beta.value.storage[c]) < 1e-12)
    }
  }

  /// A conv block's LayerNorm is the dense LayerNorm of width H W C (per-element affine, as PyTorch's
  /// `LayerNorm([C, H, W])`), and `Network` builds exactly that after each convolution.
  @Test func convBlocksNormalizeAsSpecified() {
    func layers(_ normalization: NormalizationSpec) -> [String] {
      let spec = NetworkSpec(inputWidth: 36, hidden: [8], outputWidth: 3, activation: .relu, initializer: .heNormal,
                             normalization: normalization,
                             convolution: .standard([4], image: ImageShape(height: 6, width: 6, channels: 1)))
      return Network<Double>(spec, initialization: RandomStream("a"), dropout: RandomStream("b")).layers.map(\.name)
    }
    #expect(layers(.layerNorm) == ["conv3x3(6x6x1->6x6x4, padding 1)", "layer-norm(144)", "relu",
                                   "max-pool2x2(6x6x4->3x3x4)", "dense(36->8)", "layer-norm(8)", "relu", "dense(8->3)"])
    #expect(layers(.batchNorm) == ["conv3x3(6x6x1->6x6x4, padding 1)", "batch-norm(4 channels x 36 positions)", "relu",
                                   "max-pool2x2(6x6x4->3x3x4)", "dense(36->8)", "batch-norm(8)", "relu", "dense(8->3)"])
  }
}
