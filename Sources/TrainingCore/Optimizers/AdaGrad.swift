// AdaGrad: per-weight rates shrinking with the sum of all past squared gradients.

/// AdaGrad, PyTorch form (no rate decay, accumulator starting at zero).
///
/// ```
/// G += g * g
/// w -= lr * g / (sqrt(G) + eps)
/// ```
///
/// Convention: `eps` is added after the square root, as PyTorch does (`torch.optim.Adagrad`, whose
/// `eps` default we share). TensorFlow 1's `AdagradOptimizer` starts `G` at 0.1 and has no
/// `eps`; the first steps differ.
///
/// References: Duchi, Hazan & Singer 2011.
public final class AdaGrad<T: Scalar>: Optimizer {
  public let parameters: [Parameter<T>]
  public let epsilon: T
  private let sumsOfSquares: [Matrix<T>]

  /// - Parameters:
  ///   - parameters: what `update` changes, in the order given.
  ///   - epsilon: `eps`, added to the root in the denominator.
  /// - Precondition: `epsilon > 0`.
  public init(parameters: [Parameter<T>], epsilon: T = 1e-10) {
    precondition(epsilon > 0, "epsilon must be positive, got \(epsilon)")
    self.parameters = parameters
    self.epsilon = epsilon
    sumsOfSquares = stateBuffers(like: parameters)
  }

  @_specialize(where T == Float)
  @_specialize(where T == Double)
  public func update(learningRate lr: T) {
    let eps = epsilon
    for k in parameters.indices {
      let parameter = parameters[k]
      checkStateSize(parameter, sumsOfSquares[k])
      let n = parameter.value.count
      let w = parameter.value.storage, g = parameter.gradient.storage, s = sumsOfSquares[k].storage  // (n)
      for i in 0..<n {
        s[i] += g[i] * g[i]
        w[i] -= lr * g[i] / (s[i].squareRoot() + eps)
      }
    }
  }
}
