import Foundation
import Testing
@testable import TrainingCore

@Suite struct SGDTests {
  /// On f(x) = a x² / 2 the gradient is a x, so each step multiplies x by (1 - lr a).
  @Test func sgdOnQuadraticMatchesClosedForm() {
    let a = 2.0, lr = 0.1, x0 = [1.0, -3.0, 0.25], steps = 50
    let w = makeParameter(x0)
    let sgd = SGD(parameters: [w])
    for _ in 0..<steps {
      setGradient(w, w.value.values.map { a * $0 })
      sgd.update(learningRate: lr)
    }
    let expected = x0.map { pow(1 - lr * a, Double(steps)) * $0 }
    // Each step is one multiply-add per element: rounding stays at a few ulp of |x0|.
    let check = closeness(w.value.values, expected, tolerance: 1e-14)
    #expect(check.ok, "\(check.report)")
  }

  @Test func sgdLeavesWeightsAloneAtZeroRate() {
    let w = makeParameter([1.0, 2.0])
    setGradient(w, [5.0, -5.0])
    SGD(parameters: [w]).update(learningRate: 0)
    #expect(w.value.values == [1.0, 2.0])
  }
}
