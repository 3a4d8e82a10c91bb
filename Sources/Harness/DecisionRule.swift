import Statistics

/// Which two-sample test a rule uses.
public enum TestKind: String, Sendable, Hashable {
  /// Welch's unequal-variance t test (Welch–Satterthwaite df, GSL's t distribution).
  case welch = "welch-t"
  /// Mann-Whitney U, normal approximation with tie and continuity corrections.
  case mannWhitney = "mann-whitney"
}

/// A rule that maps measurements to "holds" or "does not hold", stated as data so the report can print
/// it and every experiment is judged by the same machinery.
///
/// Every test is one-sided in the claim's direction (or two one-sided tests for equivalence), and its
/// p-value is Holm-adjusted together with every other p-value of the same experiment before it is
/// compared with `alpha`. "Better" means higher for accuracies and probes, lower for losses and the gap
/// (`Metric.higherIsBetter`; `Metric.lowerProbe` marks a probe where lower is better).
public enum DecisionRule: Sendable {
  /// `arm` is better than each of `others`.
  case beats(String, [String], metric: Metric, test: TestKind = .welch, alpha: Double = 0.05)
  /// Each arm is better than the next: A > B > C as adjacent one-sided tests.
  case ordering([String], metric: Metric, test: TestKind = .welch, alpha: Double = 0.05)
  /// `arm` is not worse than `other` by more than `margin` (non-inferiority: Welch test of
  /// mean(arm) − mean(other) > −margin in the better direction).
  case notWorse(String, than: String, margin: Double, metric: Metric, alpha: Double = 0.05)
  /// The means differ by less than `margin` either way (TOST: two one-sided Welch tests, p = the larger).
  case equivalent(String, String, margin: Double, metric: Metric, alpha: Double = 0.05)
  /// The arm's mean is below `threshold` (one-sample one-sided t test).
  case below(String, threshold: Double, metric: Metric, alpha: Double = 0.05)
  /// The arm's mean is above `threshold` (one-sample one-sided t test).
  case above(String, threshold: Double, metric: Metric, alpha: Double = 0.05)

  /// The rule in words, for verdicts and the report.
  public var description: String {
    switch self {
    case .beats(let arm, let others, let metric, let test, let alpha):
      "\(arm) beats \(others.joined(separator: ", ")) on \(metric) (one-sided \(test.rawValue), Holm, alpha \(alpha))"
    case .ordering(let arms, let metric, let test, let alpha):
      "\(arms.joined(separator: " > ")) on \(metric) (adjacent one-sided \(test.rawValue), Holm, alpha \(alpha))"
    case .notWorse(let arm, let other, let margin, let metric, let alpha):
      "\(arm) is not worse than \(other) by more than \(margin) on \(metric) (non-inferiority Welch, Holm, alpha \(alpha))"
    case .equivalent(let a, let b, let margin, let metric, let alpha):
      "\(a) and \(b) are within ±\(margin) on \(metric) (TOST Welch, Holm, alpha \(alpha))"
    case .below(let arm, let threshold, let metric, let alpha):
      "mean \(metric) of \(arm) is below \(threshold) (one-sample t, Holm, alpha \(alpha))"
    case .above(let arm, let threshold, let metric, let alpha):
      "mean \(metric) of \(arm) is above \(threshold) (one-sample t, Holm, alpha \(alpha))"
    }
  }
}

extension Metric {
  /// Accuracies and probes: higher is better; losses and the train-test gap: lower is better.
  public var higherIsBetter: Bool {
    switch self {
    case .finalTestLoss, .finalTrainLoss, .trainTestGap, .inferenceTrainTestGap, .inferenceTrainValidationGap,
         .lowerProbe, .trainLoss: false
    default: true
    }
  }
}
