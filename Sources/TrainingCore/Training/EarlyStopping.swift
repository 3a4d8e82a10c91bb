/// A copy of everything a trained network computes with: every parameter's value and BatchNorm's running
/// statistics (which are not parameters, but change inference). It does not hold optimizer state, so it
/// can restore a model to evaluate or keep, not a run to resume.
///
/// The buffers are allocated once, when the snapshot is made for a network; `save` and `restore` only copy.
public final class NetworkSnapshot<T: Scalar> {
  private let live: [Matrix<T>]
  private let saved: [Matrix<T>]

  public init(of network: Network<T>) {
    live = network.parameters.map(\.value) + network.layers.flatMap { layer -> [Matrix<T>] in
      guard let norm = layer as? BatchNorm<T> else { return [] }
      return [norm.runningMean, norm.runningVariance]
    }
    saved = live.map { Matrix(rows: $0.rows, columns: $0.columns) }
  }

  /// Copies the network's current state into the snapshot.
  public func save() { for (copy, source) in zip(saved, live) { copy.copy(from: source) } }

  /// Puts the saved state back into the network.
  public func restore() { for (target, copy) in zip(live, saved) { target.copy(from: copy) } }
}

/// Early stopping on validation accuracy: keeps the best epoch so far, and says when to stop.
///
/// ```
/// best = the epoch with the highest validation accuracy so far (the earliest of ties)
/// stop after epoch e when e − best ≥ patience
/// ```
/// The trainer snapshots the network whenever `best` moves and restores that snapshot at the end of the
/// run, whether the patience ran out or the epoch budget did: the kept model is always the best-validation
/// epoch's. A strict improvement is needed (ties keep the earlier, smaller-trained model), as in Keras'
/// `EarlyStopping(restore_best_weights=True)` with `min_delta = 0`, monitoring accuracy.
/// References: Prechelt, "Early Stopping — But When?" (1998); Goodfellow et al., Deep Learning, 7.8.
public struct EarlyStopping: Sendable {
  public let patience: Int
  public private(set) var bestEpoch: Int?
  public private(set) var bestAccuracy = -Double.infinity

  public init(patience: Int) {
    precondition(patience >= 1, "early stopping needs a patience of at least 1 epoch")
    self.patience = patience
  }

  /// Records epoch `epoch`'s validation accuracy; returns whether it is the new best (snapshot it).
  public mutating func observe(epoch: Int, validationAccuracy: Double) -> Bool {
    guard validationAccuracy > bestAccuracy else { return false }
    bestAccuracy = validationAccuracy
    bestEpoch = epoch
    return true
  }

  /// Whether training should stop after `epoch`: `patience` epochs have passed without a new best.
  public func shouldStop(after epoch: Int) -> Bool {
    guard let bestEpoch else { return false }
    return epoch - bestEpoch >= patience
  }
}
