// Adam with bias correction, and AdamW (decoupled weight decay) as the same class with a decay rate.

/// Adam with bias correction (Kingma & Ba, Algorithm 1), optionally with decoupled weight decay (AdamW).
///
/// ```
/// t += 1
/// w -= lr * lambda * w                      // only if lambda > 0 and the parameter decays
/// m = beta1 * m + (1 - beta1) * g
/// v = beta2 * v + (1 - beta2) * g * g
/// mHat = m / (1 - beta1^t)
/// vHat = v / (1 - beta2^t)
/// w -= lr * mHat / (sqrt(vHat) + eps)
/// ```
///
/// Conventions, where frameworks disagree:
/// - Bias correction is always on, as in the paper and PyTorch (mlx-swift's `Adam` skips it by default;
///   uncorrected, the first step is `sqrt(1 - beta2) / (1 - beta1)`, about 3.16, times larger).
/// - `eps` is added after the root of the *corrected* `vHat`, as in Algorithm 1 and PyTorch, not to the
///   uncorrected root (the paper's "eps-hat" variant, TensorFlow 1's `AdamOptimizer`).
/// - Decoupled weight decay is PyTorch's `AdamW`: `w -= lr * lambda * w`, scaled by the scheduled rate,
///   applied before the Adam step and only to parameters whose `decays` is true. It never enters `m` or
///   `v`. That is the difference from L2 in the gradient (`addL2WeightDecay` then Adam), which Adam's
///   per-weight scaling weakens for weights with large gradients.
/// - The step counter `t` is the optimizer's own: it counts `update` calls from 1.
///
/// References: Kingma & Ba 2014, "Adam: A Method for Stochastic Optimization";
/// Loshchilov & Hutter 2019, "Decoupled Weight Decay Regularization"; PyTorch `Adam`, `AdamW`.
public final class Adam<T: Scalar>: Optimizer {
  public let parameters: [Parameter<T>]
  public let beta1: T
  public let beta2: T
  public let epsilon: T
  /// `lambda` of decoupled weight decay; 0 is plain Adam.
  public let decoupledWeightDecay: T
  /// Updates applied so far (`t` after the last update).
  public private(set) var step = 0
  private let firstMoments: [Matrix<T>]
  private let secondMoments: [Matrix<T>]

  /// - Parameters:
  ///   - parameters: what `update` changes, in the order given.
  ///   - beta1: decay of the first-moment (mean) estimate `m`.
  ///   - beta2: decay of the second-moment estimate `v`.
  ///   - epsilon: `eps`, added to `sqrt(vHat)`.
  ///   - decoupledWeightDecay: `lambda`; above 0 this is AdamW.
  /// - Precondition: `0 <= beta1 < 1`, `0 <= beta2 < 1`, `epsilon > 0`, `decoupledWeightDecay >= 0`.
  public init(parameters: [Parameter<T>], beta1: T = 0.9, beta2: T = 0.999, epsilon: T = 1e-8,
              decoupledWeightDecay: T = 0) {
    precondition(beta1 >= 0 && beta1 < 1, "beta1 must be in [0, 1), got \(beta1)")
    precondition(beta2 >= 0 && beta2 < 1, "beta2 must be in [0, 1), got \(beta2)")
    precondition(epsilon > 0, "epsilon must be positive, got \(epsilon)")
    precondition(decoupledWeightDecay >= 0, "decoupledWeightDecay must be >= 0, got \(decoupledWeightDecay)")
    self.parameters = parameters
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
    self.decoupledWeightDecay = decoupledWeightDecay
    firstMoments = stateBuffers(like: parameters)
    secondMoments = stateBuffers(like: parameters)
  }

  @_specialize(where T == Float)
  @_specialize(where T == Double)
  public func update(learningRate lr: T) {
    step += 1
    let b1 = beta1, b2 = beta2, eps = epsilon
    // Computed once per step from t, not as running products, so a Float run does not drift.
    let correction1 = 1 / (1 - T.pow(b1, T(step)))
    let correction2 = 1 / (1 - T.pow(b2, T(step)))
    for k in parameters.indices {
      let parameter = parameters[k]
      checkStateSize(parameter, firstMoments[k])
      let n = parameter.value.count
      let w = parameter.value.storage, g = parameter.gradient.storage  // (n)
      let m = firstMoments[k].storage, v = secondMoments[k].storage    // (n)
      if decoupledWeightDecay > 0 && parameter.decays {
        let keep = 1 - lr * decoupledWeightDecay
        for i in 0..<n { w[i] *= keep }
      }
      for i in 0..<n {
        m[i] = b1 * m[i] + (1 - b1) * g[i]
        v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i]
        let mHat = m[i] * correction1, vHat = v[i] * correction2
        w[i] -= lr * mHat / (vHat.squareRoot() + eps)
      }
    }
  }
}

/// AdamW (Loshchilov & Hutter): `Adam` with `decoupledWeightDecay` > 0.
///
/// The same class under the paper's name, e.g. `AdamW(parameters: ps, decoupledWeightDecay: 0.01)`.
/// With `decoupledWeightDecay: 0` it is plain Adam.
public typealias AdamW<T: Scalar> = Adam<T>
