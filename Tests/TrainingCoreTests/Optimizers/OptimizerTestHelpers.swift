// Small builders shared by the optimizer tests: parameters with given values and gradients.
@testable import TrainingCore

/// A (1, values.count) parameter holding `values`, with a zero gradient.
func makeParameter<T: Scalar>(_ values: [T], decays: Bool = true, name: String = "w") -> Parameter<T> {
  let parameter = Parameter<T>(name: name, rows: 1, columns: values.count, decays: decays)
  for (i, x) in values.enumerated() { parameter.value.storage[i] = x }
  return parameter
}

func setGradient<T: Scalar>(_ parameter: Parameter<T>, _ values: [T]) {
  precondition(values.count == parameter.gradient.count)
  for (i, g) in values.enumerated() { parameter.gradient.storage[i] = g }
}

/// `|actual - expected| <= tolerance`, elementwise, with a message naming the worst element.
func closeness(_ actual: [Double], _ expected: [Double], tolerance: Double) -> (ok: Bool, report: String) {
  precondition(actual.count == expected.count)
  var worst = 0.0, worstIndex = 0
  for i in actual.indices where !(abs(actual[i] - expected[i]) <= worst) {
    worst = abs(actual[i] - expected[i])
    worstIndex = i
  }
  let ok = worst <= tolerance
  return (ok, "worst |diff| \(worst) at [\(worstIndex)] (actual \(actual[worstIndex]), "
    + "expected \(expected[worstIndex])), tolerance \(tolerance)")
}
