// Folding weight gradients into momentum's velocities: with heavy-ball momentum updating in shares, phase 3's
// weight-gradient GEMM adds g straight into the share's velocities, and the update is `w -= lr * v`.

/// Where a weight-gradient product can deliver its gradient already folded into an optimizer's state:
///
///     state = decay * state + g
///
/// BLAS forms that in the product itself (C = A·B + β·C), so the gradient never passes through its own
/// buffer: one pass fewer over the largest tensors of a step (`Dense.weightGradient(units:...folding:)`).
struct GradientFold<T: Scalar> {
  let state: Matrix<T>
  let decay: T
}

extension Dense {
  /// Where `weightGradient(units:rows:input:outputGradient:folding:)` folds this layer's gradients: its
  /// weight's state, and its bias's when it has a bias.
  typealias GradientFolds = (weight: GradientFold<T>, bias: GradientFold<T>?)
}

extension Momentum {
  /// One fold per parameter, in order; nil for Nesterov, whose step reads g again after the velocity update.
  ///
  /// The fold's decay is 1, not mu: `updateFromFoldedGradients` leaves each velocity already multiplied
  /// by mu for the next step, so the fold only adds g. Scaling v there, block by block right after the
  /// update read it, costs a pass over data in L1; a decay of mu in the GEMM (BLAS's β) would cost a pass
  /// over the velocities when the next step's GEMM starts, read back from L3 or memory. Both compute the
  /// same product mu·v. A caller that folds must therefore fold every step, and never mix in `update`,
  /// which expects v itself.
  var gradientFolds: [GradientFold<T>]? {
    nesterov ? nil : velocities.map { GradientFold(state: $0, decay: 1) }
  }

  /// Elements per block of the folded update: 16 KB of Float velocities, which stay in L1 between the
  /// update reading them and the scaling.
  static var foldedUpdateBlock: Int { 4096 }

  /// `update(learningRate:)` for parameters whose caller has already formed `v = mu·v_old + g` in
  /// `gradientFolds`' states: `w -= lr * v` (an axpy), then `v *= mu` to ready the next fold.
  @_specialize(where T == Float)
  @_specialize(where T == Double)
  func updateFromFoldedGradients(learningRate lr: T) {
    precondition(!nesterov, "Nesterov momentum reads the gradient itself; it cannot take it folded")
    for (parameter, velocity) in zip(parameters, velocities) {
      checkStateSize(parameter, velocity)
      let v = velocity.storage, w = parameter.value.storage, n = velocity.count
      for start in stride(from: 0, to: n, by: Self.foldedUpdateBlock) {
        let count = min(Self.foldedUpdateBlock, n - start)
        T.axpy(n: count, alpha: -lr, x: v + start, y: w + start)
        T.scal(n: count, alpha: momentum, x: v + start)
      }
    }
  }
}

extension ShareOptimizers {
  /// For each thread and dense layer, its share's momentum and where that layer's weight-gradient GEMM folds
  /// into it, when every share's rule takes folded gradients (heavy-ball momentum); else nil.
  var gradientFolds: [[(momentum: Momentum<Float>, folds: Dense<Float>.GradientFolds)]]? {
    var all: [[(momentum: Momentum<Float>, folds: Dense<Float>.GradientFolds)]] = []
    for layers in optimizers {
      var part: [(momentum: Momentum<Float>, folds: Dense<Float>.GradientFolds)] = []
      for optimizer in layers {
        // A dense layer's parameters are its weight and, if it has one, its bias (`Dense.parameters`).
        guard let momentum = optimizer as? Momentum<Float>, let folds = momentum.gradientFolds else { return nil }
        part.append((momentum, (folds[0], folds.count == 2 ? folds[1] : nil)))
      }
      all.append(part)
    }
    return all
  }
}
