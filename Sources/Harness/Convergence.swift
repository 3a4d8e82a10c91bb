/// Whether a run trained to a plateau (shared/protocol.md §3): its validation accuracy gained less than
/// `gain` (0.2 points) over the last quarter of its epochs.
///
/// ```
/// q       = max(1, ⌊epochs / 4⌋)
/// gained  = max(validation accuracy of the last q epochs) − max(validation accuracy of the epochs before)
/// plateau = gained < gain
/// ```
/// A run that early stopping ended (no new best for `patience` ≥ q epochs) has gained nothing by
/// construction; a run that used its whole epoch budget while still improving has not converged, and the
/// report flags its arm.
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
  public static let criterion = "validation accuracy gained less than 0.2 points over the last quarter of the epochs"
}

extension CellRecord {
  /// Whether the run reached a validation plateau (`Convergence`); nil without a validation curve or for a
  /// failed run.
  public var converged: Bool? {
    guard !diverged else { return nil }
    return Convergence.plateaued(epochs.compactMap(\.validationAccuracy))
  }
}
