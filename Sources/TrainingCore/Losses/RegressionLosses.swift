/// L2 (squared-error) regression loss: L = mean over all elements of (output − target)² (PyTorch's
/// `MSELoss`). Quadratic in the residual, so a few outliers dominate the gradient.
public struct L2Loss: RegressionLoss, LossKind {
  public static let variants = [L2Loss()]
  public init() {}
  public var name: String { "l2" }

  @_specialize(where T == Float)
  public func loss<T: Scalar>(_ output: Matrix<T>, targets: Matrix<T>, gradient: Matrix<T>?) -> T {
    precondition(output.rows == targets.rows && output.columns == targets.columns, "l2: shape mismatch")
    let n = output.count
    guard n > 0 else { return 0 }
    gradient?.rows = output.rows
    let scale = 2 / T(n)
    var total = T.zero
    for i in 0..<n {
      let diff = output.storage[i] - targets.storage[i]
      total += diff * diff
      if let gradient { gradient.storage[i] = scale * diff }
    }
    return total / T(n)
  }
}

/// L1 (absolute-error) regression loss: L = mean |output − target| (PyTorch's `L1Loss`). Its gradient has
/// the same size for every residual, so outliers pull no harder than inliers. d|r|/dr at 0 is taken as 0.
public struct L1Loss: RegressionLoss, LossKind {
  public static let variants = [L1Loss()]
  public init() {}
  public var name: String { "l1" }

  @_specialize(where T == Float)
  public func loss<T: Scalar>(_ output: Matrix<T>, targets: Matrix<T>, gradient: Matrix<T>?) -> T {
    precondition(output.rows == targets.rows && output.columns == targets.columns, "l1: shape mismatch")
    let n = output.count
    guard n > 0 else { return 0 }
    gradient?.rows = output.rows
    let scale = 1 / T(n)
    var total = T.zero
    for i in 0..<n {
      let diff = output.storage[i] - targets.storage[i]
      total += abs(diff)
      if let gradient { gradient.storage[i] = diff > 0 ? scale : (diff < 0 ? -scale : 0) }
    }
    return total / T(n)
  }
}

extension LossSpec {
  public static let l2 = LossSpec(L2Loss())
  public static let l1 = LossSpec(L1Loss())
}
