// Plain stochastic gradient descent: no state, the reference every other optimizer is compared with.

/// Stochastic gradient descent.
///
/// ```
/// w -= lr * g
/// ```
///
/// Weight decay is not built in: call `addL2WeightDecay` before `update` for L2 in the gradient.
///
/// References: Robbins & Monro 1951; PyTorch `torch.optim.SGD` with `momentum = 0`.
public final class SGD<T: Scalar>: Optimizer {
  public let parameters: [Parameter<T>]

  /// - Parameters:
  ///   - parameters: what `update` changes, in the order given.
  public init(parameters: [Parameter<T>]) {
    self.parameters = parameters
  }

  @_specialize(where T == Float)
  @_specialize(where T == Double)
  public func update(learningRate lr: T) {
    for parameter in parameters {
      let n = parameter.value.count
      precondition(parameter.gradient.count == n, "\(parameter.name): value and gradient sizes differ")
      let w = parameter.value.storage, g = parameter.gradient.storage  // both (n)
      for i in 0..<n { w[i] -= lr * g[i] }
    }
  }
}
