/// What a trainer minimizes: a loss on class labels or on target vectors.
public enum Objective: Sendable {
  case classification(any ClassificationLoss)
  case regression(any RegressionLoss)

  /// Whether it scores class labels (else target vectors): the data's targets must match.
  var scoresLabels: Bool {
    guard case .classification = self else { return false }
    return true
  }

  /// The mean loss over the rows of `output`; with `gradient`, also writes dLoss/dOutput there.
  func loss(_ output: Matrix<Float>, targets: Targets, gradient: Matrix<Float>?) -> Float {
    switch self {
    case .classification(let loss):
      return loss.loss(output, labels: targets.labels, gradient: gradient)
    case .regression(let loss):
      return loss.loss(output, targets: targets.values, gradient: gradient)
    }
  }

  /// Rows whose largest output is the label's (0 for a regression, which has no accuracy).
  func correct(_ output: Matrix<Float>, targets: Targets) -> Int {
    guard scoresLabels else { return 0 }
    return countCorrect(output, labels: targets.labels)
  }

  /// `correct` as a fraction of `count` rows, NaN for a regression.
  func accuracy(correct: Int, of count: Int) -> Double {
    guard scoresLabels else { return .nan }
    return Double(correct) / Double(count)
  }
}
