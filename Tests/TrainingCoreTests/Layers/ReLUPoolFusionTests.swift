import Statistics
import Testing
@testable import TrainingCore
import _TestSupport

/// A max-pool that does the ReLU's work (`MaxPool2D.rectifiesInput`, `Network.fusesReLUIntoPooling`)
/// against the two layers one after the other: the same bits, forward and backward. The oracle is the
/// unfused pair, whose own correctness the gradient checks of ReLU and MaxPool2D establish.
@Suite struct ReLUPoolFusionTests {
  /// Inputs with everything the two orders could disagree on: ties (values rounded to halves, many of
  /// them 0 and negative, so whole windows rectify to 0), -0, NaN and ±infinity; upstream gradients with
  /// negatives (dy 0 is -0 for dy < 0), infinities and NaNs (dy 0 is NaN).
  static func inputs(rows: Int, shape: ImageShape, outputs: Int, stream: RandomStream) -> (x: [Double], dy: [Double]) {
    var x = (0..<(rows * shape.count)).map { _ in (stream.gaussian() * 2).rounded() / 2 }
    let specials: [Double] = [-0.0, .nan, .infinity, -.infinity]
    for (k, i) in stride(from: 3, to: x.count, by: 29).enumerated() { x[i] = specials[k % specials.count] }
    var dy = (0..<(rows * outputs)).map { _ in stream.gaussian() }
    for (k, i) in stride(from: 2, to: dy.count, by: 13).enumerated() { dy[i] = [Double.infinity, .nan, -.infinity][k % 3] }
    return (x, dy)
  }

  /// (y, dx) of ReLU then MaxPool2D, or of the pool rectifying its input, as bit patterns.
  static func run<T: Scalar>(_: T.Type, fused: Bool, vectorized: Bool = true, shape: ImageShape, rows: Int,
                             x: [Double], dy: [Double]) -> (y: [UInt64], dx: [UInt64]) {
    let relu = ReLU<T>(width: shape.count), pool = MaxPool2D<T>(input: shape)
    pool.vectorized = vectorized
    relu.isFusedIntoPool = fused
    pool.rectifiesInput = fused
    relu.reserve(batchSize: rows)
    pool.reserve(batchSize: rows)
    let input = Matrix<T>(rows: rows, columns: shape.count, values: x.map { T($0) })
    let y = pool.forward(relu.forward(input, phase: .training), phase: .training)
    let yBits = (0..<y.count).map { bits(y.storage[$0]) }
    let dx = relu.backward(pool.backward(Matrix(rows: rows, columns: pool.outputWidth, values: dy.map { T($0) })))
    return (yBits, (0..<dx.count).map { bits(dx.storage[$0]) })
  }

  static func bits<T: Scalar>(_ value: T) -> UInt64 {
    if let f = value as? Float { return UInt64(f.bitPattern) }
    return (value as! Double).bitPattern
  }

  /// Float's SIMD path (C % 4 == 0) and scalar path, and Double, on an odd size (a dropped row and column).
  @Test(arguments: [(8, true), (8, false), (3, false)])
  func fusedPoolIsReLUThenPoolBitForBit(channels: Int, vectorized: Bool) {
    let shape = ImageShape(height: 7, width: 6, channels: channels), rows = 3
    let stream = RandomStream("tests", "relu-pool-fusion", "\(channels)")
    let (x, dy) = Self.inputs(rows: rows, shape: shape, outputs: 3 * 3 * channels, stream: stream)
    for type in [Float.self, Double.self] as [any Scalar.Type] {
      func check<T: Scalar>(_ t: T.Type) {
        let fused = Self.run(t, fused: true, vectorized: vectorized, shape: shape, rows: rows, x: x, dy: dy)
        let apart = Self.run(t, fused: false, vectorized: vectorized, shape: shape, rows: rows, x: x, dy: dy)
        #expect(fused.y == apart.y, "\(t) forward")
        #expect(fused.dx == apart.dx, "\(t) backward")
      }
      check(type)
    }
  }

  /// Hand values: on [-1, 2; 3, -4] with dy = -5 the pool routes -5 to the 3; with the window all
  /// negative, y = 0 from the first tap and the ReLU's derivative makes its gradient -5 · 0 = -0 (a plain
  /// route of dy, forgetting the derivative, would give -5).
  @Test func fusedPoolAppliesTheReLUDerivative() {
    let shape = ImageShape(height: 2, width: 2, channels: 1)
    let positive = Self.run(Double.self, fused: true, shape: shape, rows: 1, x: [-1, 2, 3, -4], dy: [-5])
    #expect(positive.y == [Double(3).bitPattern])
    #expect(positive.dx == [0.0, 0.0, -5.0, 0.0].map(\.bitPattern))
    let negative = Self.run(Double.self, fused: true, shape: shape, rows: 1, x: [-1, -2, -3, -4], dy: [-5])
    #expect(negative.y == [Double(0).bitPattern])
    #expect(negative.dx == [-0.0, 0.0, 0.0, 0.0].map(\.bitPattern))
  }

  /// `Network` fuses each ReLU into the max-pool after it, which runs chunk by chunk inside the convolution
  /// before it, and the probes' pass (`fusesReLUIntoPooling = false`) gives the same logits and gradients
  /// while writing the ReLU outputs. Both convolutions here take chunks of 113 examples
  /// (`Conv2D.chunkExamples`), so a batch of 300 has three, the last one short.
  @Test func networkGivesTheSameNumbersFusedOrNot() {
    let spec = NetworkSpec(inputWidth: 64, hidden: [8], outputWidth: 3, activation: .relu, initializer: .heNormal,
                           convolution: .standard([4, 8], image: ImageShape(height: 8, width: 8, channels: 1)))
    let network = Network<Float>(spec, initialization: RandomStream("tests", "fusion-init"), dropout: RandomStream("d"))
    network.reserve(batchSize: 300)
    let x = randomMatrix(300, 64, stream: RandomStream("tests", "fusion-x"), as: Float.self)
    let dLogits = randomMatrix(300, 3, stream: RandomStream("tests", "fusion-dy"), as: Float.self)
    func pass() -> [UInt32] {
      let logits = network.forward(x, phase: .training).values
      network.backward(dLogits)
      return (logits + network.parameters.flatMap { $0.gradient.values }).map(\.bitPattern)
    }
    let reLUs = network.layers.compactMap { $0 as? ReLU<Float> }
    #expect(network.fusesReLUIntoPooling && reLUs.count == 3 && reLUs.filter(\.isFusedIntoPool).count == 2)
    #expect(network.convolutionLayers.allSatisfy { $0.chunkPool?.isRunByConvolution == true })
    let fused = pass()
    network.fusesReLUIntoPooling = false
    #expect(pass() == fused)
    #expect(reLUs.allSatisfy { !$0.isFusedIntoPool && $0.output.rows == 300 })
    #expect(network.convolutionLayers.allSatisfy { $0.chunkPool == nil })
  }
}
