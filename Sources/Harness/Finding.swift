/// A number an experiment reports rather than tests, such as "the first depth at which sigmoid's training
/// accuracy collapses".
///
/// A finding is data, like a `DecisionRule`: an ordered sequence of arms (e.g. one per depth), a metric,
/// and a threshold. Its result is the label of the first arm in the sequence whose *mean* metric crosses
/// the threshold, or none. It is descriptive: it adds no p-value to the Holm family and never changes a
/// verdict. Claims that need a significance test state them as `DecisionRule`s.
public struct Finding: Sendable {
  public enum Crossing: Sendable, Equatable {
    /// The mean falls below the threshold.
    case below(Double)
    /// The mean rises above the threshold.
    case above(Double)
  }

  /// One step of the sequence: a label for the report (e.g. "12") and the arm that measures it.
  public struct Step: Sendable, Equatable {
    public let label: String
    public let arm: String
    public init(_ label: String, arm: String) {
      self.label = label
      self.arm = arm
    }
  }

  /// snake_case name, used as the row key of findings.csv (e.g. "sigmoid_collapse_depth").
  public let name: String
  /// What is reported, in words (e.g. "first depth where sigmoid's mean train accuracy is below 0.2").
  public let statement: String
  public let steps: [Step]
  public let metric: Metric
  public let crossing: Crossing

  public init(_ name: String, _ statement: String, steps: [Step], metric: Metric, crossing: Crossing) {
    self.name = name
    self.statement = statement
    self.steps = steps
    self.metric = metric
    self.crossing = crossing
  }

  /// The label of the first step whose mean crosses the threshold (steps without data are skipped), or nil.
  func firstCrossing(means: [String: Double]) -> Step? {
    steps.first { step in
      guard let mean = means[step.arm], !mean.isNaN else { return false }
      switch crossing {
      case .below(let threshold): return mean < threshold
      case .above(let threshold): return mean > threshold
      }
    }
  }
}

/// A finding evaluated on the measurements: the crossing step (if any) and every step's mean.
public struct FindingOutcome: Sendable {
  public let finding: Finding
  /// The first step that crosses the threshold, or nil when none does.
  public let result: Finding.Step?
  /// Each step's mean and seed count, in sequence order (nil mean: no finished runs).
  public let means: [(step: Finding.Step, mean: Double?, n: Int)]

  /// One sentence with the result and the means it was read from.
  public var sentence: String {
    let threshold: String
    switch finding.crossing {
    case .below(let x): threshold = "below \(format(x))"
    case .above(let x): threshold = "above \(format(x))"
    }
    let answer = result.map { "\($0.label) (\($0.arm))" } ?? "none of the \(finding.steps.count) tested"
    let list = means.map { "\($0.step.label): \($0.mean.map(format) ?? "n/a")" }.joined(separator: ", ")
    return "\(finding.statement): **\(answer)** (mean \(finding.metric) \(threshold); means by step: \(list))."
  }
}

extension VerdictBuilder {
  /// Evaluates findings on the same per-seed values the rules use (every run: a diverged one as chance accuracy).
  public func outcomes(for findings: [Finding]) -> [FindingOutcome] {
    findings.map { finding in
      let rows = finding.steps.map { step -> (step: Finding.Step, mean: Double?, n: Int) in
        let values = sampleOfEveryRun(step.arm, finding.metric)
        return (step, values.isEmpty ? nil : mean(values), values.count)
      }
      var means: [String: Double] = [:]
      for row in rows { if let m = row.mean { means[row.step.arm] = m } }
      return FindingOutcome(finding: finding, result: finding.firstCrossing(means: means), means: rows)
    }
  }
}
