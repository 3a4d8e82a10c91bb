/// Softmax followed by the negative log-likelihood of the true class, fused:
///
///     L = mean over rows of (log Σ_k e^{z_k} − z_label),   dL/dz = (softmax(z) − onehot(label)) / rows
///
/// Computing log-sum-exp with the row maximum subtracted keeps it finite for any logits, which is the
/// "numerically stable" half of the claim; the fused gradient never divides by a probability.
public struct SoftmaxCrossEntropy: ClassificationLoss, LossKind {
  public static let variants = [SoftmaxCrossEntropy()]
  public init() {}
  public var name: String { "cross-entropy" }

  @_specialize(where T == Float)
  public func loss<T: Scalar>(_ output: Matrix<T>, labels: UnsafePointer<Int32>, gradient: Matrix<T>?) -> T {
    let rows = output.rows, classes = output.columns
    guard rows > 0 else { return 0 }
    var total = T.zero
    if let gradient {
      gradient.rows = rows
      let scale = 1 / T(rows)
      for row in 0..<rows {
        let z = output.storage + row * classes, g = gradient.storage + row * classes
        let label = Int(labels[row])
        total += softmaxRow(z, into: g, classes: classes) - z[label]
        g[label] -= 1
        for k in 0..<classes { g[k] *= scale }
      }
    } else {
      for row in 0..<rows {
        let z = output.storage + row * classes
        var maximum = z[0]
        for k in 1..<classes where z[k] > maximum { maximum = z[k] }
        var sum = T.zero
        for k in 0..<classes { sum += T.exp(z[k] - maximum) }
        total += maximum + T.log(sum) - z[Int(labels[row])]
      }
    }
    return total / T(rows)
  }
}

extension LossSpec {
  public static let crossEntropy = LossSpec(SoftmaxCrossEntropy())
}
