import Statistics

/// Which family of test a rule uses. Between arms that pair (same shapes, same seeds: see
/// `Experiment.pairsArms`) the paired form is used, otherwise the two-sample form.
public enum TestKind: String, Sendable, Hashable {
  /// Paired t test on the per-seed differences, or Welch's unequal-variance t test.
  case welch = "t"
  /// Wilcoxon signed-rank on the per-seed differences, or Mann-Whitney U.
  case mannWhitney = "rank"
}

/// A rule that maps measurements to one of three outcomes (`Outcome`), stated as data so the report can
/// print it and every experiment is judged by the same machinery.
///
/// Each rule is decided by two one-sided tests (`VerdictBuilder.decide`):
/// - **support**: the claimed effect is significant;
/// - **contradiction**: the data significantly rule the claimed effect out.
/// Each family of p-values (support, contradiction) is Holm-adjusted over the whole experiment. "Better"
/// means higher for accuracies and probes, lower for losses and the gap (`Metric.higherIsBetter`).
///
/// Comparisons between arms use only the runs that trained (neither diverged nor stalled: see
/// `RunFailure`); their rate is printed beside them and is tested by `failsLessOften`. Threshold rules
/// (`below`, `above`) are claims about whether an arm learns at all, so they count every run, a diverged
/// one as chance accuracy.
public enum DecisionRule: Sendable {
  /// `arm` is better than each of `others`. Contradicted when the gain is significantly smaller than the
  /// sub-claim's smallest effect of interest (or, without one, significantly negative).
  case beats(String, [String], metric: Metric, test: TestKind = .welch, alpha: Double = 0.05)
  /// Each arm is better than the next: A > B > C as adjacent `beats`.
  case ordering([String], metric: Metric, test: TestKind = .welch, alpha: Double = 0.05)
  /// `arm` is not worse than `other` by more than `margin` (non-inferiority: gain > −margin).
  /// Contradicted when the gain is significantly below −margin. A negative margin asks for superiority
  /// by at least |margin|.
  case notWorse(String, than: String, margin: Double, metric: Metric, alpha: Double = 0.05)
  /// The means differ by less than `margin` either way (TOST). Contradicted when the difference is
  /// significantly beyond ±margin.
  case equivalent(String, String, margin: Double, metric: Metric, alpha: Double = 0.05)
  /// The arm's mean is below `threshold` (one-sample t); contradicted when significantly above.
  case below(String, threshold: Double, metric: Metric, alpha: Double = 0.05)
  /// The arm's mean is above `threshold` (one-sample t); contradicted when significantly below.
  case above(String, threshold: Double, metric: Metric, alpha: Double = 0.05)
  /// `arm` diverges or stalls less often than `other` (Fisher's exact test on k of n); contradicted when
  /// it fails significantly more often.
  case failsLessOften(String, than: String, alpha: Double = 0.05)
  /// In more than a share `rate` of the runs of `arm`, the metric is below `threshold` (`below: true`) or
  /// above it: k of n, one-sided exact binomial test against `rate`; contradicted when the share is
  /// significantly below `rate`. For bimodal outcomes (a bug caught or not, a net that overfits or not),
  /// where a mean averages two modes. Counts every run with a value (a diverged run has no loss).
  case often(String, metric: Metric, below: Bool, threshold: Double, rate: Double, alpha: Double = 0.05)
  /// `arm` gets worse from `base` by less than `ratio` times what `other` gets worse from `otherBase`
  /// (e.g. L1's error from clean to outlier targets against L2's): on the metric's better-is-positive
  /// scale, the contrast c = ratio · (other's loss) − (arm's loss) > 0, each loss = base − condition. One-sample
  /// t on the per-seed contrast when all four arms pair, else Welch-Satterthwaite on the contrast of means;
  /// contradicted when c is significantly negative (the ratio is significantly above `ratio`).
  case degradesLess(String, base: String, than: String, otherBase: String, ratio: Double, metric: Metric,
                    alpha: Double = 0.05)

  /// The rule in words, for verdicts and the report.
  public var description: String {
    switch self {
    case .beats(let arm, let others, let metric, let test, let alpha):
      "\(arm) beats \(others.joined(separator: ", ")) on \(metric) (one-sided \(test.words), Holm, alpha \(alpha))"
    case .ordering(let arms, let metric, let test, let alpha):
      "\(arms.joined(separator: " > ")) on \(metric) (adjacent one-sided \(test.words), Holm, alpha \(alpha))"
    case .notWorse(let arm, let other, let margin, let metric, let alpha):
      margin >= 0
        ? "\(arm) is not worse than \(other) by more than \(margin) on \(metric) (non-inferiority, Holm, alpha \(alpha))"
        : "\(arm) is better than \(other) by more than \(-margin) on \(metric) (superiority by a margin, Holm, alpha \(alpha))"
    case .equivalent(let a, let b, let margin, let metric, let alpha):
      "\(a) and \(b) are within ±\(margin) on \(metric) (TOST, Holm, alpha \(alpha))"
    case .below(let arm, let threshold, let metric, let alpha):
      "mean \(metric) of \(arm) is below \(threshold) (one-sample t, Holm, alpha \(alpha))"
    case .above(let arm, let threshold, let metric, let alpha):
      "mean \(metric) of \(arm) is above \(threshold) (one-sample t, Holm, alpha \(alpha))"
    case .failsLessOften(let arm, let other, let alpha):
      "\(arm) diverges or stalls less often than \(other) (one-sided Fisher exact, Holm, alpha \(alpha))"
    case .often(let arm, let metric, let below, let threshold, let rate, let alpha):
      "\(metric) of \(arm) is \(below ? "below" : "above") \(threshold) in more than \(rate) of the runs (k of n, "
        + "one-sided exact binomial, Holm, alpha \(alpha))"
    case .degradesLess(let arm, let base, let other, let otherBase, let ratio, let metric, let alpha):
      "\(metric) worsens from \(base) to \(arm) by less than \(ratio) times its worsening from \(otherBase) to "
        + "\(other) (one-sided t on the contrast, Holm, alpha \(alpha))"
    }
  }
}

extension TestKind {
  var words: String { self == .welch ? "t test (paired, or Welch)" : "rank test (Wilcoxon signed-rank, or Mann-Whitney)" }
}

/// What the data say about a rule, a sub-claim or a comparison.
public enum Outcome: String, Sendable, Codable, CaseIterable {
  /// The claimed direction is significant (after Holm).
  case supported
  /// The data significantly rule the claimed effect out (after Holm).
  case contradicted
  /// Neither: the data cannot tell at the seeds used.
  case inconclusive
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

  /// Whether values are accuracies (fractions), reported in accuracy points (x100). A probe is one when
  /// its name says so (`best_validation_accuracy`), so that its effects and smallest effect share the
  /// unit of the experiment's other accuracy rules.
  public var isAccuracy: Bool {
    switch self {
    case .finalTestAccuracy, .finalTrainAccuracy, .bestTestAccuracy, .finalValidationAccuracy,
         .trainTestGap, .inferenceTrainTestGap, .inferenceTrainValidationGap: true
    case .probe(let name): name.hasSuffix("_accuracy")
    default: false
    }
  }
}
