import Statistics
import Testing
@testable import TrainingCore
import _TestSupport

@Suite struct AlphaDropoutTests {
  @Test func alphaDropoutBackwardMatchesFiniteDifferencesWithTheMaskHeldFixed() {
    let stream = RandomStream("tests", "alpha-dropout", "gradient-check")
    let layer = AlphaDropout<Double>(width: 5, dropRate: 0.3,
                                     stream: RandomStream("tests", "alpha-dropout", "mask"))
    let x = randomMatrix(4, 5, stream: stream, as: Double.self)
    let report = checkGradients(of: layer, input: x, phase: .training, stream: stream) {
      layer.stream = RandomStream("tests", "alpha-dropout", "mask")
    }
    #expect(report.passed, "\(report)")
    let kept = layer.mask.values.filter { $0 != 0 }.count
    #expect(kept > 0 && kept < 20, "the check should see both kept and dropped units")
  }

  /// The point of alpha dropout: N(0, 1) in, mean 0 and variance 1 out. Over n = 10⁵ elements (inputs
  /// and masks both random) the sample mean has standard deviation 1/sqrt(n) ≈ 0.0032, and the sample
  /// variance sqrt((μ4 − 1)/n), where the output's fourth moment μ4 is at most 2.73 for p in [0.05, 0.2]
  /// (computed from the two-component mixture a·N(0, 1) + b and a·alpha' + b). Bounds of 5 standard
  /// deviations fail a correct layer with probability below 1e-6; a layer without the affine correction
  /// misses by more than 0.07 in mean.
  @Test(arguments: [0.05, 0.1, 0.2])
  func alphaDropoutKeepsZeroMeanAndUnitVariance(dropRate: Double) {
    let rows = 200, width = 500, n = Double(rows * width)
    let layer = AlphaDropout<Double>(width: width, dropRate: dropRate,
                                     stream: RandomStream("tests", "alpha-dropout", "moments", "\(dropRate)"))
    layer.reserve(batchSize: rows)
    let x = randomMatrix(rows, width, stream: RandomStream("tests", "alpha-dropout", "input", "\(dropRate)"),
                         as: Double.self)
    let y = layer.forward(x, phase: .training).values
    let mean = y.reduce(0, +) / n
    let variance = y.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / (n - 1)
    #expect(abs(mean) < 5 / n.squareRoot())
    #expect(abs(variance - 1) < 5 * (1.73 / n).squareRoot())
  }

  /// Dropped units all take the one value a·alpha' + b, alpha' = −lambda·alpha ≈ −1.7581 (SELU's limit
  /// for x → −∞), and about a fraction p of them is dropped.
  @Test func alphaDropoutSetsDroppedUnitsToTheSELUSaturationValue() {
    let rows = 100, width = 100, dropRate = 0.25, n = Double(rows * width)
    let layer = AlphaDropout<Double>(width: width, dropRate: dropRate,
                                     stream: RandomStream("tests", "alpha-dropout", "saturation"))
    layer.reserve(batchSize: rows)
    let x = randomMatrix(rows, width, stream: RandomStream("tests", "alpha-dropout", "saturation-input"),
                         as: Double.self)
    let y = layer.forward(x, phase: .training)
    let saturation = layer.a * -1.7580993408473766 + layer.b
    let dropped = (0..<y.count).filter { layer.mask.storage[$0] == 0 }.map { y.storage[$0] }
    #expect(dropped.allSatisfy { isClose($0, saturation, relative: 1e-14) }, "\(dropped.prefix(3)) vs \(saturation)")
    #expect(abs(Double(dropped.count) / n - dropRate) < 5 * (dropRate * (1 - dropRate) / n).squareRoot())
  }

  @Test func alphaDropoutIsTheIdentityInInference() {
    let stream = RandomStream("tests", "alpha-dropout", "inference")
    let layer = AlphaDropout<Double>(width: 5, dropRate: 0.1, stream: RandomStream("tests", "mask"))
    layer.reserve(batchSize: 4)
    let x = randomMatrix(4, 5, stream: stream, as: Double.self)
    #expect(layer.forward(x, phase: .inference).values == x.values)
    let dy = randomMatrix(4, 5, stream: stream, as: Double.self)
    #expect(layer.backward(dy).values == dy.values)
  }

  @Test func alphaDropoutMasksDependOnlyOnTheStreamName() {
    func mask(_ name: String) -> [Float] {
      let layer = AlphaDropout<Float>(width: 50, dropRate: 0.5, stream: RandomStream("tests", name))
      layer.reserve(batchSize: 8)
      _ = layer.forward(Matrix<Float>(rows: 8, columns: 50), phase: .training)
      return layer.mask.values
    }
    #expect(mask("alpha-dropout-a") == mask("alpha-dropout-a"))
    #expect(mask("alpha-dropout-a") != mask("alpha-dropout-b"))
  }

  /// Masks are drawn in blocks (`MaskDraws`), as in `Dropout`: over several blocks, the last one partial,
  /// k is still one draw per element in row-major order.
  @Test func alphaDropoutDrawsInBlocksAreTheDrawsOneAtATime() {
    let rows = 3, width = 801, dropRate = 0.2  // 2,403 elements: two full blocks and a partial one
    let layer = AlphaDropout<Float>(width: width, dropRate: dropRate,
                                    stream: RandomStream("tests", "alpha-dropout", "blocks"))
    layer.reserve(batchSize: rows)
    _ = layer.forward(Matrix<Float>(rows: rows, columns: width), phase: .training)
    let reference = RandomStream("tests", "alpha-dropout", "blocks")
    let threshold = UInt64((1 - dropRate) * 4_294_967_296)
    let expected = (0..<(rows * width)).map { _ -> Float in UInt64(reference.nextUInt32()) < threshold ? 1 : 0 }
    #expect(layer.mask.values == expected)
  }
}
