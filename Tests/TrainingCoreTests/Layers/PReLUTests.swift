import Statistics
import Testing
@testable import TrainingCore
import _TestSupport

@Suite struct PReLUTests {
  /// Inputs stay 0.05 away from the kink at 0, so no centered difference straddles it.
  @Test func preluBackwardMatchesFiniteDifferences() {
    let stream = RandomStream("tests", "prelu", "gradient-check")
    let layer = PReLU<Double>(width: 5)
    randomizeParameters(of: layer, stream: stream)
    let x = randomMatrixAwayFromZero(4, 5, stream: stream)
    let report = checkGradients(of: layer, input: x, phase: .training, stream: stream)
    #expect(report.tensors.count == 2)
    #expect(report.passed, "\(report)")
  }

  /// Worked by hand with slopes (0.25, −0.5):
  /// x = [[2, −2], [−4, 3]] → y = [[2, 1], [−1, 3]];
  /// dy = [[1, 2], [3, 4]] → dx = [[1, −1], [0.75, 4]], dslope = (3·(−4), 2·(−2)) = (−12, −4).
  @Test func preluMatchesAHandWorkedExample() {
    let layer = PReLU<Double>(width: 2)
    layer.slope.value.storage[1] = -0.5
    layer.reserve(batchSize: 2)
    let x = Matrix<Double>(rows: 2, columns: 2, values: [2, -2, -4, 3])
    #expect(layer.forward(x, phase: .training).values == [2, 1, -1, 3])
    let dx = layer.backward(Matrix(rows: 2, columns: 2, values: [1, 2, 3, 4]))
    #expect(dx.values == [1, -1, 0.75, 4])
    #expect(layer.slope.gradient.values == [-12, -4])
  }

  @Test func preluStartsAtTheQuarterSlopeWithoutWeightDecay() {
    let layer = PReLU<Float>(width: 3)
    #expect(layer.slope.value.values == [0.25, 0.25, 0.25])
    #expect(layer.slope.value.rows == 1)
    #expect(!layer.slope.decays)
  }
}
