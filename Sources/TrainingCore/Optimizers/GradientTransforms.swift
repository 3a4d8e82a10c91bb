// Gradient transforms the training loop may apply between `backward` and `Optimizer.update`.
//
// They work on any optimizer because they only rewrite `gradient`. Both are allocation-free.

/// Adds L2 weight decay to the gradients ("L2 in the gradient"), for parameters whose `decays` is true.
///
/// ```
/// g += lambda * w
/// ```
///
/// This is the gradient of `lambda/2 * |w|^2` added to the loss. With SGD it equals decoupled decay at
/// `lambda * lr`; with Adam it does not (the term is rescaled per weight), which is why `AdamW` exists.
///
/// - Parameters:
///   - parameters: the parameters whose gradients change; those with `decays == false` are skipped.
///   - lambda: the L2 coefficient.
/// - Precondition: `lambda >= 0`.
///
/// References: Krogh & Hertz 1992; Loshchilov & Hutter 2019 on why this differs from decoupled decay.
public func addL2WeightDecay<T: Scalar>(_ parameters: [Parameter<T>], lambda: T) {
  precondition(lambda >= 0, "lambda must be >= 0, got \(lambda)")
  for parameter in parameters where parameter.decays {
    let n = parameter.value.count
    precondition(parameter.gradient.count == n, "\(parameter.name): value and gradient sizes differ")
    let w = parameter.value.storage, g = parameter.gradient.storage  // (n)
    for i in 0..<n { g[i] += lambda * w[i] }
  }
}

/// Scales all gradients together so that their global L2 norm is at most `maxNorm`; returns the norm
/// they had before.
///
/// ```
/// norm = sqrt(sum over all parameters and elements of g * g)
/// if norm > maxNorm: g *= maxNorm / norm      (for every gradient)
/// ```
///
/// Convention: PyTorch's `clip_grad_norm_` with the 2-norm, except that PyTorch divides by
/// `norm + 1e-6`; we divide by `norm`, so the clipped norm is `maxNorm` up to rounding. The sum of
/// squares is accumulated in `Double`, so a `Float` network with millions of weights does not lose the
/// small terms. A non-finite norm (an overflowed or NaN gradient) is returned and the gradients are left
/// as they are, so the training loop sees the divergence instead of a silently zeroed step.
///
/// - Parameters:
///   - parameters: every parameter whose gradient counts toward the norm.
///   - maxNorm: the largest global norm allowed.
/// - Precondition: `maxNorm > 0`.
///
/// References: Pascanu, Mikolov & Bengio 2013.
@discardableResult
public func clipGradientNorm<T: Scalar>(_ parameters: [Parameter<T>], maxNorm: T) -> T {
  precondition(maxNorm > 0, "maxNorm must be positive, got \(maxNorm)")
  var sumOfSquares = 0.0
  for parameter in parameters {
    let g = parameter.gradient.storage  // (count)
    for i in 0..<parameter.gradient.count {
      let x = Double(g[i])
      sumOfSquares += x * x
    }
  }
  let norm = sumOfSquares.squareRoot()
  guard norm.isFinite, norm > Double(maxNorm) else { return T(norm) }
  let scale = T(Double(maxNorm) / norm)
  for parameter in parameters {
    let g = parameter.gradient.storage  // (count)
    for i in 0..<parameter.gradient.count { g[i] *= scale }
  }
  return T(norm)
}
