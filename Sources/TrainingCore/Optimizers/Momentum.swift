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
public final class Momentum<T: Scalar>: GradientFoldingOptimizer {
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

  public var updatesInShares: Bool { true }

  @_specialize(where T == Float)
  @_specialize(where T == Double)
  public func update(learningRate lr: T) {
    update(learningRate: lr, parameters: parameters.indices, part: 0, of: 1)
  }

  @_specialize(where T == Float)
  @_specialize(where T == Double)
  public func update(learningRate lr: T, parameters indices: Range<Int>, part: Int, of parts: Int) {
    let mu = momentum
    for k in indices {
      let parameter = parameters[k]
      checkStateSize(parameter, velocities[k])
      let elements = share(of: parameter, part: part, of: parts)
      let w = parameter.value.storage, g = parameter.gradient.storage, v = velocities[k].storage  // all (n)
      if nesterov {
        for i in elements {
          v[i] = mu * v[i] + g[i]
          w[i] -= lr * (g[i] + mu * v[i])
        }
      } else {
        for i in elements {
          v[i] = mu * v[i] + g[i]
          w[i] -= lr * v[i]
        }
      }
    }
  }

  /// Heavy ball only: Nesterov's step reads g again after the velocity update.
  ///
  /// The fold's decay is 1, not mu: `updateFromFoldedGradients` leaves each velocity already multiplied
  /// by mu for the next step, so the fold only adds g. Scaling v there, block by block right after the
  /// update read it, costs a pass over data in L1; a decay of mu in the GEMM (BLAS's β) costs a pass over
  /// the velocities when the next step's GEMM starts, read back from L3 or memory (1–3% of a two-thread
  /// step in `perf`). Both compute the same product mu·v, so the bytes are the same. A caller that folds
  /// must therefore fold every step, and never mix in `update`, which expects v itself.
  public func gradientFold(parameter index: Int) -> GradientFold<T>? {
    nesterov ? nil : GradientFold(state: velocities[index], decay: 1)
  }

  /// Elements per block of the folded update: 16 KB of Float velocities, which stay in L1 between the
  /// update reading them and the scaling.
  static var foldedUpdateBlock: Int { 4096 }

  @_specialize(where T == Float)
  @_specialize(where T == Double)
  public func updateFromFoldedGradients(learningRate lr: T, parameters indices: Range<Int>, part: Int, of parts: Int) {
    precondition(!nesterov, "Nesterov momentum reads the gradient itself; it cannot take it folded")
    for k in indices {
      let parameter = parameters[k]
      checkStateSize(parameter, velocities[k])
      // v is mu * v_old + g: the fold added g to what the last call left. w -= lr * v is an axpy: OpenBLAS's
      // vector kernel took 10 µs on the bench's first-layer share where this file's SSE loop took 17.
      // Then v *= mu readies the next fold.
      let elements = share(of: parameter, part: part, of: parts)
      let v = velocities[k].storage, w = parameter.value.storage
      for start in stride(from: elements.lowerBound, to: elements.upperBound, by: Self.foldedUpdateBlock) {
        let count = min(Self.foldedUpdateBlock, elements.upperBound - start)
        T.axpy(n: count, alpha: -lr, x: v + start, y: w + start)
        T.scal(n: count, alpha: momentum, x: v + start)
      }
    }
  }
}
