import Statistics
import TrainingCore

/// The worst disagreement between a backward pass and centered finite differences, for one tensor.
public struct TensorCheck: CustomStringConvertible, Sendable {
  public let tensor: String
  public let elements: Int
  public let worstRelativeError: Double
  public let worstAbsoluteError: Double
  public let passed: Bool
  public var description: String {
    "\(tensor): \(passed ? "OK" : "FAILED") over \(elements) elements, worst relative error \(worstRelativeError), "
      + "worst absolute error \(worstAbsoluteError)"
  }
}

/// The result of `checkGradients`: one line per tensor (the input and each parameter, separately).
public struct GradientCheckReport: CustomStringConvertible, Sendable {
  public let tensors: [TensorCheck]
  public var passed: Bool { tensors.allSatisfy(\.passed) }
  public var worstRelativeError: Double { tensors.map(\.worstRelativeError).max() ?? 0 }
  public var description: String { tensors.map(\.description).joined(separator: "\n") }
}

/// Checks a layer's backward pass against centered finite differences, in Double.
///
/// llm.c's "fake loss": L = Σ forward(x) ⊙ G for a fixed random G, so dL/dy = G and `backward(G)` must give
/// dL/dx and every dL/dθ. Each element of x and of every parameter is then nudged by ±h and
/// (L(θ+h) − L(θ−h)) / 2h is compared with the analytic value through |a − n| / (|a| + |n|).
/// An element passes when that relative error is at most `tolerance`, or when |a − n| <= `absoluteFloor`
/// (entries whose gradient is essentially zero, where a relative error means nothing). With h = 1e-6
/// and L of order 1, finite-difference round-off is about 1e-10, so 1e-6 separates a right backward from
/// a wrong one by four orders of magnitude (CS231n, JAX's float64 tolerance 1e-5).
///
/// - Parameters:
///   - phase: the phase both passes run in (BatchNorm's training phase uses batch statistics).
///   - beforeEachForward: run before every forward pass, e.g. to reset a dropout mask stream so every
///     evaluation of L sees the same mask.
public func checkGradients(
  of layer: any Layer<Double>, input: Matrix<Double>, phase: Phase = .training,
  stream: RandomStream, step h: Double = 1e-6, tolerance: Double = 1e-6, absoluteFloor: Double = 1e-9,
  beforeEachForward: () -> Void = {}
) -> GradientCheckReport {
  layer.computesInputGradient = true
  layer.reserve(batchSize: input.rows)

  func loss(upstream: [Double]) -> Double {
    beforeEachForward()
    let y = layer.forward(input, phase: phase)
    var total = 0.0
    for i in 0..<y.count { total += y.storage[i] * upstream[i] }
    return total
  }

  beforeEachForward()
  let y = layer.forward(input, phase: phase)
  let upstream = (0..<y.count).map { _ in stream.gaussian() }
  let dy = Matrix(rows: y.rows, columns: y.columns, values: upstream)
  let dx = layer.backward(dy)

  var tensors: [(name: String, value: Matrix<Double>, analytic: [Double])] = [("input", input, dx.values)]
  for parameter in layer.parameters {
    tensors.append((parameter.name, parameter.value, parameter.gradient.values))
  }

  return GradientCheckReport(tensors: tensors.map { tensor in
    var worstRelative = 0.0, worstAbsolute = 0.0, passed = true
    for i in 0..<tensor.value.count {
      let saved = tensor.value.storage[i]
      tensor.value.storage[i] = saved + h
      let plus = loss(upstream: upstream)
      tensor.value.storage[i] = saved - h
      let minus = loss(upstream: upstream)
      tensor.value.storage[i] = saved
      let numeric = (plus - minus) / (2 * h)
      let analytic = tensor.analytic[i]
      let absolute = abs(analytic - numeric)
      let relative = absolute == 0 ? 0 : absolute / (abs(analytic) + abs(numeric))
      worstAbsolute = max(worstAbsolute, absolute)
      if absolute > absoluteFloor {
        worstRelative = max(worstRelative, relative)
        if !(relative <= tolerance) { passed = false }
      }
    }
    return TensorCheck(tensor: "\(layer.name).\(tensor.name)", elements: tensor.value.count,
                       worstRelativeError: worstRelative, worstAbsoluteError: worstAbsolute, passed: passed)
  })
}

/// A (rows, columns) matrix of N(0, scale²) draws from `stream`.
public func randomMatrix<T: Scalar>(_ rows: Int, _ columns: Int, stream: RandomStream, scale: Double = 1,
                                    as: T.Type = T.self) -> Matrix<T> {
  Matrix(rows: rows, columns: columns,
         values: (0..<(rows * columns)).map { _ in T(stream.gaussian(standardDeviation: scale)) })
}

/// A matrix of draws kept at least `margin` away from zero, for layers with a kink at 0 (ReLU family):
/// centered differences across a kink measure neither side's slope.
public func randomMatrixAwayFromZero(_ rows: Int, _ columns: Int, stream: RandomStream,
                                     margin: Double = 0.05) -> Matrix<Double> {
  Matrix(rows: rows, columns: columns, values: (0..<(rows * columns)).map { _ in
    let v = stream.gaussian()
    return v >= 0 ? v + margin : v - margin
  })
}
