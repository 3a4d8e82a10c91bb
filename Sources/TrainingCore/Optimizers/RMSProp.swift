// RMSProp: per-weight rates from a running mean of squared gradients.

/// RMSProp, PyTorch form (no momentum, not centered).
///
/// ```
/// s = rho * s + (1 - rho) * g * g
/// w -= lr * g / (sqrt(s) + eps)
/// ```
///
/// Convention: PyTorch's `torch.optim.RMSprop` (its `alpha` is our `rho`, and we share its defaults
/// `alpha = 0.99`, `eps = 1e-8`): `s` starts at zero and `eps` is added after the root. Hinton's lecture
/// used `rho = 0.9`; TensorFlow 1's `RMSPropOptimizer` put `eps` inside the root and started `s` at 1,
/// so its first steps are much smaller.
///
/// References: Tieleman & Hinton 2012, Lecture 6.5 of "Neural Networks for Machine Learning".
public final class RMSProp<T: Scalar>: Optimizer {
  public let parameters: [Parameter<T>]
  public let decay: T
  public let epsilon: T
  private let meanSquares: [Matrix<T>]

  /// - Parameters:
  ///   - parameters: what `update` changes, in the order given.
  ///   - decay: `rho`, the weight of the old mean square each step.
  ///   - epsilon: `eps`, added to the root in the denominator.
  /// - Precondition: `0 <= decay < 1` and `epsilon > 0`.
  public init(parameters: [Parameter<T>], decay: T = 0.99, epsilon: T = 1e-8) {
    precondition(decay >= 0 && decay < 1, "decay must be in [0, 1), got \(decay)")
    precondition(epsilon > 0, "epsilon must be positive, got \(epsilon)")
    self.parameters = parameters
    self.decay = decay
    self.epsilon = epsilon
    meanSquares = stateBuffers(like: parameters)
  }

  @_specialize(where T == Float)
  @_specialize(where T == Double)
  public func update(learningRate lr: T) {
    let rho = decay, eps = epsilon
    for k in parameters.indices {
      let parameter = parameters[k]
      checkStateSize(parameter, meanSquares[k])
      let n = parameter.value.count
      let w = parameter.value.storage, g = parameter.gradient.storage, s = meanSquares[k].storage  // (n)
      for i in 0..<n {
        s[i] = rho * s[i] + (1 - rho) * g[i] * g[i]
        w[i] -= lr * g[i] / (s[i].squareRoot() + eps)
      }
    }
  }
}
