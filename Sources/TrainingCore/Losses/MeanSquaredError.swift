/// Squared error against one-hot targets, averaged over rows *and* classes (PyTorch's `MSELoss()` and
/// Keras' `mse` reduce the same way, which sets the gradient scale plain SGD sees).
///
/// Two variants, because the folklore and its counterpoint test different things:
/// - `.softmaxOutputs`: L = mean (softmax(z) − y)², the variant that "may not train at all" under SGD:
///   its gradient passes through the softmax Jacobian and vanishes when the softmax saturates.
///   dL/dz_j = p_j (g_j − Σ_k p_k g_k) with g = 2 (p − y) / (rows · classes).
/// - `.logits`: L = mean (z − y)² on the raw outputs (Hui & Belkin 2021's competitive squared loss).
public struct MeanSquaredError: ClassificationLoss, LossKind {
  public static let variants = [MeanSquaredError(on: .softmaxOutputs), MeanSquaredError(on: .logits)]
  public enum Target: String, Codable, Sendable { case softmaxOutputs = "softmax", logits }
  public let on: Target
  public init(on: Target) { self.on = on }
  public var name: String { on == .logits ? "mse-logits" : "mse-softmax" }

  @_specialize(where T == Float)
  public func loss<T: Scalar>(_ output: Matrix<T>, labels: UnsafePointer<Int32>, gradient: Matrix<T>?) -> T {
    let rows = output.rows, classes = output.columns
    guard rows > 0 else { return 0 }
    let scale = 2 / T(rows * classes)
    var total = T.zero
    for row in 0..<rows {
      let z = output.storage + row * classes
      let label = Int(labels[row])
      switch on {
      case .logits:
        for k in 0..<classes {
          let diff = z[k] - (k == label ? 1 : 0)
          total += diff * diff
          if let gradient { gradient.storage[row * classes + k] = scale * diff }
        }
      case .softmaxOutputs:
        var maximum = z[0]
        for k in 1..<classes where z[k] > maximum { maximum = z[k] }
        var sum = T.zero
        for k in 0..<classes { sum += T.exp(z[k] - maximum) }
        let inverse = 1 / sum
        var weighted = T.zero  // Σ_k p_k g_k
        for k in 0..<classes {
          let p = T.exp(z[k] - maximum) * inverse
          let diff = p - (k == label ? 1 : 0)
          total += diff * diff
          weighted += p * scale * diff
        }
        if let gradient {
          let g = gradient.storage + row * classes
          for k in 0..<classes {
            let p = T.exp(z[k] - maximum) * inverse
            g[k] = p * (scale * (p - (k == label ? 1 : 0)) - weighted)
          }
        }
      }
    }
    gradient?.rows = rows
    return total / T(rows * classes)
  }
}

extension LossSpec {
  public static let mseSoftmax = LossSpec(MeanSquaredError(on: .softmaxOutputs))
  public static let mseLogits = LossSpec(MeanSquaredError(on: .logits))
}
