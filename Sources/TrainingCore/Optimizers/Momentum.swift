// SGD with heavy-ball or Nesterov momentum, in PyTorch's convention (the learning rate outside the velocity).

/// Stochastic gradient descent with momentum, PyTorch convention.
///
/// ```
/// v = mu * v + g
/// w -= lr * v                  // heavy ball
/// w -= lr * (g + mu * v)       // nesterov: true, with v already updated
/// ```
///
/// Convention: this is PyTorch's `torch.optim.SGD(momentum: mu, dampening: 0, nesterov:)`. Caffe and
/// Sutskever et al. 2013 fold the rate into the velocity instead: `v = mu * v - lr * g; w += v`. With a
/// constant rate the two trajectories are identical. They differ when the rate changes: here a new rate
/// applies at once to the whole accumulated velocity (a step decay by 10 shrinks the next step by 10),
/// while in Caffe's form the old velocity, built at the old rate, keeps carrying the weights for about
/// `1 / (1 - mu)` steps before the new rate takes over. Schedule comparisons therefore depend on it.
///
/// Velocities start at zero, so the first step is `lr * g` (heavy ball) or `lr * (1 + mu) * g` (Nesterov).
///
/// References: Polyak 1964; Sutskever, Martens, Dahl & Hinton 2013; PyTorch `torch.optim.SGD`.
public final class Momentum<T: Scalar>: Optimizer {
  public let parameters: [Parameter<T>]
  public let momentum: T
  public let nesterov: Bool
  private let velocities: [Matrix<T>]

  /// - Parameters:
  ///   - parameters: what `update` changes, in the order given.
  ///   - momentum: `mu`, the fraction of the velocity kept each step.
  ///   - nesterov: use Nesterov's look-ahead form.
  /// - Precondition: `0 <= momentum < 1`.
  public init(parameters: [Parameter<T>], momentum: T = 0.9, nesterov: Bool = false) {
    precondition(momentum >= 0 && momentum < 1, "momentum must be in [0, 1), got \(momentum)")
    self.parameters = parameters
    self.momentum = momentum
    self.nesterov = nesterov
    velocities = stateBuffers(like: parameters)
  }

  @_specialize(where T == Float)
  @_specialize(where T == Double)
  public func update(learningRate lr: T) {
    let mu = momentum
    for (parameter, velocity) in zip(parameters, velocities) {
      checkStateSize(parameter, velocity)
      let n = velocity.count, w = parameter.value.storage, g = parameter.gradient.storage, v = velocity.storage  // all (n)
      if nesterov {
        for i in 0..<n {
          v[i] = mu * v[i] + g[i]
          w[i] -= lr * (g[i] + mu * v[i])
        }
      } else {
        for i in 0..<n {
          v[i] = mu * v[i] + g[i]
          w[i] -= lr * v[i]
        }
      }
    }
  }
}
