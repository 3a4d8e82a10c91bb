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
/// Optional momentum ramp (`rampPeriod: P`), Sutskever et al. 2013's schedule (their section 3, with
/// t the 0-based update count, the optimizer's own):
/// ```
/// mu_t = min(1 − 2^(−1 − log2(⌊t/P⌋ + 1)), mu) = min(1 − 1 / (2(⌊t/P⌋ + 1)), mu)
/// ```
/// 0.5 for the first P updates, then 0.75, 0.833, 0.875, ..., reaching mu = 1 − 1/(2k) after (k − 1)·P
/// updates (0.99 after 49·P; P = 250 in the paper).
///
/// References: Polyak 1964; Sutskever, Martens, Dahl & Hinton 2013; PyTorch `torch.optim.SGD`.
public final class Momentum<T: Scalar>: Optimizer {
  public let parameters: [Parameter<T>]
  public let momentum: T
  public let nesterov: Bool
  /// Updates per step of Sutskever's momentum ramp; nil: `momentum` from the first update.
  public let rampPeriod: Int?
  /// Updates applied so far.
  public private(set) var step = 0
  private let velocities: [Matrix<T>]

  /// - Parameters:
  ///   - parameters: what `update` changes, in the order given.
  ///   - momentum: `mu`, the fraction of the velocity kept each step.
  ///   - nesterov: use Nesterov's look-ahead form.
  ///   - rampPeriod: ramp the coefficient up to `momentum` (see the type), raising it every this many updates.
  /// - Precondition: `0 <= momentum < 1`; `rampPeriod` at least 1.
  public init(parameters: [Parameter<T>], momentum: T = 0.9, nesterov: Bool = false, rampPeriod: Int? = nil) {
    precondition(momentum >= 0 && momentum < 1, "momentum must be in [0, 1), got \(momentum)")
    precondition(rampPeriod.map { $0 >= 1 } ?? true, "a momentum ramp period must be at least 1 update")
    self.parameters = parameters
    self.momentum = momentum
    self.nesterov = nesterov
    self.rampPeriod = rampPeriod
    velocities = stateBuffers(like: parameters)
  }

  /// Sutskever et al.'s ramped coefficient for 0-based update `t`: min(1 − 1/(2(⌊t/period⌋ + 1)), cap).
  public static func rampedMomentum(update t: Int, period: Int, cap: T) -> T {
    min(1 - 1 / (2 * T(t / period + 1)), cap)
  }

  @_specialize(where T == Float)
  @_specialize(where T == Double)
  public func update(learningRate lr: T) {
    let mu = rampPeriod.map { Self.rampedMomentum(update: step, period: $0, cap: momentum) } ?? momentum
    step += 1
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
