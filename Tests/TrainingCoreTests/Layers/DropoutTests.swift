import Statistics
import Testing
@testable import TrainingCore
import _TestSupport

/// dropRate must lie in [0, 1): that is a precondition (a crash), which Swift Testing cannot catch, so it
/// is documented on `Dropout.init` rather than tested here.
@Suite struct DropoutTests {
  /// A fresh stream with the same names before every forward replays one mask, so L is a fixed linear
  /// function of x and the finite differences see the same mask as the backward.
  @Test func dropoutBackwardMatchesFiniteDifferencesWithTheMaskHeldFixed() {
    let stream = RandomStream("tests", "dropout", "gradient-check")
    let layer = Dropout<Double>(width: 5, dropRate: 0.4, stream: RandomStream("tests", "dropout", "mask"))
    let x = randomMatrix(4, 5, stream: stream, as: Double.self)
    let report = checkGradients(of: layer, input: x, phase: .training, stream: stream) {
      layer.stream = RandomStream("tests", "dropout", "mask")
    }
    #expect(report.passed, "\(report)")
    let kept = layer.mask.values.filter { $0 != 0 }.count
    #expect(kept > 0 && kept < 20, "the check should see both kept and dropped units")
  }

  /// 10⁵ Bernoulli(1 − p) draws: the kept fraction has standard deviation sqrt(p(1 − p)/n) ≈ 0.0015;
  /// 5 standard deviations fail a correct layer with probability below 1e-6.
  /// With x = 1 every kept output is exactly 1/(1 − p) and the output mean estimates E[y] = 1, whose
  /// standard deviation is sqrt(p/(1 − p)/n).
  @Test(arguments: [0.1, 0.5, 0.8])
  func dropoutKeepsOneMinusPAndScalesByItsInverse(dropRate: Double) {
    let rows = 200, width = 500, n = Double(rows * width)
    let layer = Dropout<Double>(width: width, dropRate: dropRate,
                                stream: RandomStream("tests", "dropout", "fraction", "\(dropRate)"))
    layer.reserve(batchSize: rows)
    let ones = Matrix<Double>(rows: rows, columns: width)
    ones.fill(1)
    let y = layer.forward(ones, phase: .training).values
    let scale = 1 / (1 - dropRate)
    #expect(y.allSatisfy { $0 == 0 || $0 == scale })
    let keptFraction = Double(y.filter { $0 != 0 }.count) / n
    #expect(abs(keptFraction - (1 - dropRate)) < 5 * (dropRate * (1 - dropRate) / n).squareRoot())
    let mean = y.reduce(0, +) / n
    #expect(abs(mean - 1) < 5 * (dropRate / (1 - dropRate) / n).squareRoot())
  }

  @Test func dropoutWithRateZeroKeepsEveryUnit() {
    let layer = Dropout<Double>(width: 100, dropRate: 0, stream: RandomStream("tests", "dropout", "zero"))
    layer.reserve(batchSize: 100)
    let x = randomMatrix(100, 100, stream: RandomStream("tests", "dropout", "zero-input"), as: Double.self)
    #expect(layer.forward(x, phase: .training).values == x.values)
  }

  @Test func dropoutIsTheIdentityInInference() {
    let stream = RandomStream("tests", "dropout", "inference")
    let layer = Dropout<Double>(width: 5, dropRate: 0.5, stream: RandomStream("tests", "dropout", "mask"))
    layer.reserve(batchSize: 4)
    let x = randomMatrix(4, 5, stream: stream, as: Double.self)
    #expect(layer.forward(x, phase: .inference).values == x.values)
    let dy = randomMatrix(4, 5, stream: stream, as: Double.self)
    #expect(layer.backward(dy).values == dy.values)
  }

  @Test func dropoutMasksDependOnlyOnTheStreamName() {
    func mask(_ name: String) -> [Double] {
      let layer = Dropout<Double>(width: 50, dropRate: 0.5, stream: RandomStream("tests", name))
      layer.reserve(batchSize: 8)
      let ones = Matrix<Double>(rows: 8, columns: 50)
      ones.fill(1)
      return layer.forward(ones, phase: .training).values
    }
    #expect(mask("dropout-a") == mask("dropout-a"))
    #expect(mask("dropout-a") != mask("dropout-b"))
  }

  /// The mask is drawn one element at a time in row-major order, so it is the same sequence of draws
  /// as a hand-rolled loop over the same stream.
  @Test func dropoutDrawsOneNumberPerElementInRowMajorOrder() {
    let layer = Dropout<Float>(width: 7, dropRate: 0.3, stream: RandomStream("tests", "dropout", "order"))
    layer.reserve(batchSize: 3)
    _ = layer.forward(Matrix<Float>(rows: 3, columns: 7), phase: .training)
    let reference = RandomStream("tests", "dropout", "order")
    let expected = (0..<21).map { _ in reference.uniform() < 0.7 ? 1 / Float(0.7) : 0 }
    #expect(layer.mask.values == expected)
  }

  /// Masks are drawn in blocks (`MaskDraws`): across several blocks, the last one partial, the mask is still
  /// one draw per element in order, and the stream ends where one draw per element leaves it.
  @Test func dropoutDrawsInBlocksAreTheDrawsOneAtATime() {
    let rows = 5, width = 457, dropRate = 0.3  // 2,285 elements: two full blocks and a partial one
    #expect(rows * width > 2 * MaskDraws.blockSize && (rows * width) % MaskDraws.blockSize != 0)
    let layer = Dropout<Float>(width: width, dropRate: dropRate, stream: RandomStream("tests", "dropout", "blocks"))
    layer.reserve(batchSize: rows)
    let x = randomMatrix(rows, width, stream: RandomStream("tests", "dropout", "blocks-input"), as: Float.self)
    let y = layer.forward(x, phase: .training).values
    let reference = RandomStream("tests", "dropout", "blocks")
    let threshold = UInt64((1 - dropRate) * 4_294_967_296), scale = 1 / Float(1 - dropRate)
    let expectedMask = (0..<(rows * width)).map { _ in UInt64(reference.nextUInt32()) < threshold ? scale : 0 }
    #expect(layer.mask.values == expectedMask)
    #expect(y == zip(expectedMask, x.values).map { $0 * $1 })
    #expect(layer.stream.nextUInt32() == reference.nextUInt32())
  }
}
