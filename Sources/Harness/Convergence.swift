import TrainingCore

/// Whether a run trained to a plateau (shared/protocol.md §3).
///
/// With early stopping (patience p), the declared criterion is early stopping's own: the run converged
/// when it ended before its epoch cap because p epochs passed without a new best validation accuracy.
/// A run that reached the cap converged only if it also meets the plateau test below. Without early
/// stopping, the plateau test alone:
/// ```
/// q       = max(1, ⌊epochs / 4⌋)
/// gained  = max(validation accuracy of the last q epochs) − max(validation accuracy of the epochs before)
/// plateau = gained < gain   (0.2 points)
/// ```
/// The report flags an arm with runs that did not converge.
public enum Convergence {
  public static let gain = 0.002

  /// Nil when the run has no validation curve (or fewer than two epochs of it).
  public static func plateaued(_ validation: [Double], gain: Double = Convergence.gain) -> Bool? {
    guard validation.count >= 2 else { return nil }
    let q = max(1, validation.count / 4)
    let before = validation.dropLast(q).max()!, last = validation.suffix(q).max()!
    return last - before < gain
  }

  /// The statement of the criterion, for verdicts and the report.
  public static let criterion = "early stopping ended the run before its epoch cap, or its validation "
    + "accuracy gained less than 0.2 points over the last quarter of its epochs"
}

extension CellRecord {
  /// Whether the run reached a validation plateau (`Convergence`) under `configuration`, its arm's; nil
  /// without a validation curve or for a diverged run.
  public func converged(_ configuration: RunConfiguration) -> Bool? {
    guard !diverged, let plateau = Convergence.plateaued(epochs.compactMap(\.validationAccuracy)) else { return nil }
    let stoppedEarly = configuration.earlyStoppingPatience != nil && epochs.count < configuration.epochs
    return stoppedEarly || plateau
  }
}
