import Statistics
import Testing
@testable import TrainingCore
import _TestSupport

@Suite struct BatchNormTests {
  /// Training phase: every input element moves the batch mean and variance, so this checks the full
  /// three-term backward, not just gamma ⊙ dy / std.
  @Test(arguments: [Phase.training, .inference])
  func batchNormBackwardMatchesFiniteDifferences(phase: Phase) {
    let stream = RandomStream("tests", "batch-norm", "gradient-check", "\(phase)")
    let layer = BatchNorm<Double>(width: 5)
    randomizeParameters(of: layer, stream: stream)
    for j in 0..<5 {
      layer.runningMean.storage[j] = stream.gaussian()
      layer.runningVariance.storage[j] = 0.5 + stream.uniform()
    }
    let x = randomMatrix(4, 5, stream: stream, scale: 2, as: Double.self)
    let report = checkGradients(of: layer, input: x, phase: phase, stream: stream)
    #expect(report.tensors.count == 3)
    #expect(report.passed, "\(report)")
  }

  @Test func batchNormTrainingOutputHasZeroMeanAndUnitVariancePerUnit() {
    let stream = RandomStream("tests", "batch-norm", "moments")
    let layer = BatchNorm<Double>(width: 3)
    layer.reserve(batchSize: 64)
    let x = randomMatrix(64, 3, stream: stream, scale: 2, as: Double.self)
    for row in 0..<64 { x[row, 1] += 5 }  // an offset unit: removed by the unit's own mean
    let y = layer.forward(x, phase: .training)
    for j in 0..<3 {
      let values = (0..<64).map { y[$0, j] }
      let mean = values.reduce(0, +) / 64
      let biasedVariance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 64
      #expect(abs(mean) < 1e-12)
      // epsilon shrinks the variance to var / (var + 1e-5): a relative change of about 3e-6 at var ≈ 4.
      #expect(abs(biasedVariance - 1) < 1e-4)
    }
  }

  /// Worked by hand: unit 0 sees [1, 2, 3, 6] (mean 3, unbiased variance 14/3), unit 1 sees zeros.
  /// From (mean 0, variance 1), momentum 0.1: mean 0.3, variance 0.9 + 14/30; then again from there.
  @Test func batchNormRunningStatisticsMoveByMomentumWithUnbiasedVariance() {
    let layer = BatchNorm<Double>(width: 2)
    layer.reserve(batchSize: 4)
    let x = Matrix<Double>(rows: 4, columns: 2, values: [1, 0, 2, 0, 3, 0, 6, 0])
    _ = layer.forward(x, phase: .training)
    #expect(isClose(layer.runningMean[0, 0], 0.3, relative: 1e-14))
    #expect(isClose(layer.runningVariance[0, 0], 0.9 + 14.0 / 30, relative: 1e-14))
    #expect(layer.runningMean[0, 1] == 0)
    #expect(isClose(layer.runningVariance[0, 1], 0.9, relative: 1e-14))
    _ = layer.forward(x, phase: .training)
    #expect(isClose(layer.runningMean[0, 0], 0.9 * 0.3 + 0.3, relative: 1e-14))
    #expect(isClose(layer.runningVariance[0, 0], 0.9 * (0.9 + 14.0 / 30) + 14.0 / 30, relative: 1e-14))
    _ = layer.forward(x, phase: .inference)  // inference leaves them alone
    #expect(isClose(layer.runningMean[0, 0], 0.57, relative: 1e-14))
  }

  /// y = gamma (x − runningMean) / sqrt(runningVariance + 1e-5) + beta, worked by hand on round numbers:
  /// unit 0: 2 (3 − 1) / sqrt(4) + 0.5 = 2.5;  unit 1: 1 (−1 + 2) / sqrt(0.25) + 0 = 2.
  @Test func batchNormInferenceUsesRunningStatistics() {
    let layer = BatchNorm<Double>(width: 2)
    layer.reserve(batchSize: 2)
    layer.runningMean.storage[0] = 1
    layer.runningMean.storage[1] = -2
    layer.runningVariance.storage[0] = 4
    layer.runningVariance.storage[1] = 0.25
    layer.gamma.value.storage[0] = 2
    layer.beta.value.storage[0] = 0.5
    // A second row far from the first: with batch statistics it would change the first row's output.
    let x = Matrix<Double>(rows: 2, columns: 2, values: [3, -1, 100, 50])
    let y = layer.forward(x, phase: .inference)
    // epsilon moves the results by a relative 1e-5 / (2 var) at most: 2e-5 at var = 0.25.
    #expect(isClose(y[0, 0], 2.5, relative: 3e-5))
    #expect(isClose(y[0, 1], 2, relative: 3e-5))
  }

  /// claims.md: "with 2 samples BN turns every feature into ±1". xhat = ±d/2 / sqrt(d²/4 + eps).
  @Test func batchNormOfTwoSamplesGivesPlusOrMinusOne() {
    let stream = RandomStream("tests", "batch-norm", "two-samples")
    let layer = BatchNorm<Double>(width: 5)
    layer.reserve(batchSize: 2)
    let x = randomMatrix(2, 5, stream: stream, scale: 3, as: Double.self)
    let y = layer.forward(x, phase: .training)
    for j in 0..<5 {
      let d = x[0, j] - x[1, j]
      let expected = 1 / (1 + 4e-5 / (d * d)).squareRoot()
      #expect(isClose(y[0, j], d > 0 ? expected : -expected, relative: 1e-12))
      #expect(isClose(y[1, j], -y[0, j], relative: 1e-12))
    }
  }

  /// A batch of one has xhat = 0, so y = beta and dx = 0: computed, not refused. Nothing is NaN, and the
  /// running variance (unbiased estimate undefined at N = 1) stays put while the mean moves.
  @Test func batchNormOfOneSampleOutputsBeta() {
    let stream = RandomStream("tests", "batch-norm", "one-sample")
    let layer = BatchNorm<Double>(width: 5)
    randomizeParameters(of: layer, stream: stream)
    layer.reserve(batchSize: 1)
    let x = randomMatrix(1, 5, stream: stream, as: Double.self)
    let y = layer.forward(x, phase: .training)
    #expect(y.values == layer.beta.value.values)
    let dx = layer.backward(randomMatrix(1, 5, stream: stream, as: Double.self))
    #expect(dx.values.allSatisfy { $0 == 0 })
    #expect(layer.runningVariance.values == Array(repeating: 1, count: 5))
    #expect(zip(layer.runningMean.values, x.values).allSatisfy { isClose($0, 0.1 * $1, relative: 1e-14) })
  }

  @Test(arguments: [Phase.training, .inference])
  func batchNormAgreesInFloatAndDouble(phase: Phase) {
    let stream = RandomStream("tests", "batch-norm", "float-double", "\(phase)")
    let x = (0..<20).map { _ in 1 + stream.gaussian(standardDeviation: 2) }
    let dy = (0..<20).map { _ in stream.gaussian() }
    let gamma = (0..<5).map { _ in 1 + 0.5 * stream.gaussian() }
    let beta = (0..<5).map { _ in stream.gaussian() }
    let runningMean = (0..<5).map { _ in stream.gaussian() }
    let runningVariance = (0..<5).map { _ in 0.5 + stream.uniform() }
    func run<T: Scalar>(_: T.Type) -> [(String, [Double])] {
      let layer = BatchNorm<T>(width: 5)
      for j in 0..<5 {
        layer.runningMean.storage[j] = T(runningMean[j])
        layer.runningVariance.storage[j] = T(runningVariance[j])
      }
      let results = forwardAndBackward(layer, rows: 4, input: x, upstream: dy,
                                       parameterValues: [gamma, beta], phase: phase)
      return results + [("running mean", layer.runningMean.values.map { Double($0) }),
                        ("running variance", layer.runningVariance.values.map { Double($0) })]
    }
    expectFloatAgreesWithDouble(float: run(Float.self), double: run(Double.self))
  }
}
