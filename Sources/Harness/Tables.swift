import Foundation
import Statistics

/// Builds an experiment's CSV tables and verdict from its cell records.
///
/// Tidy CSV: a header row, one observation per row, `,` without spaces, numbers in Swift's shortest
/// round-trip form (locale-independent and stable). Rows follow the experiment's arm order, then seed.
/// Nothing here reads a clock, so the same records give the same bytes.
public struct Tables {
  public let plan: ExperimentPlan
  public let cells: [CellRecord]
  public let verdict: Verdict
  /// The experiment's findings (descriptive; they never change the verdict).
  public let findings: [FindingOutcome]

  public init(plan: ExperimentPlan, cells: [CellRecord]) {
    self.plan = plan
    let order = Dictionary(uniqueKeysWithValues: plan.arms.enumerated().map { ($1.name, $0) })
    self.cells = cells.sorted { (order[$0.arm] ?? .max, $0.seed) < (order[$1.arm] ?? .max, $1.seed) }
    var metrics: Set<Metric> = Set(Tables.standardMetrics)
    for subClaim in plan.experiment.subClaims {
      for rule in subClaim.preconditions + subClaim.rules { rule.metric.map { metrics.insert($0) } }
    }
    for finding in plan.experiment.findings { metrics.insert(finding.metric) }
    for name in Set(cells.flatMap { $0.probes.keys }) { metrics.insert(.probe(name)) }
    let builder = VerdictBuilder(experimentID: plan.experiment.id, cells: self.cells, metrics: metrics,
                                 classes: plan.arms.first?.configuration.network.outputWidth ?? 10,
                                 pairs: { [plan] in plan.pairs($0, $1) })
    verdict = builder.verdict(for: plan.experiment.subClaims) { [plan] in plan.group(of: $0)?.name ?? "" }
    findings = builder.outcomes(for: plan.experiment.findings)
  }

  /// The plan's cells without a valid record (not run yet, failed, or made by other code), in table order.
  public var missingCells: [CellKey] {
    let done = Set(cells.map { Shard.name(experiment: plan.experiment.id, arm: $0.arm, seed: $0.seed) })
    return plan.cells.filter { !done.contains(Shard.name(experiment: plan.experiment.id, arm: $0.arm.name, seed: $0.seed)) }
  }

  static let standardMetrics: [Metric] = [.finalTestAccuracy, .finalTestLoss, .finalTrainLoss,
                                          .finalTrainAccuracy, .trainTestGap]

  var probeNames: [String] { Set(cells.flatMap { $0.probes.keys }).sorted() }
  var curveProbeNames: [String] { Set(cells.flatMap { $0.curveProbes.keys }).sorted() }
  var factorNames: [String] {
    var names: [String] = []
    for arm in plan.arms { for factor in arm.factors where !names.contains(factor.name) { names.append(factor.name) } }
    return names
  }

  /// Whether some run held out a validation split: only then do the tables get validation columns.
  var hasValidation: Bool { cells.contains { $0.epochs.contains { $0.validationAccuracy != nil } } }
  /// Whether some run kept an earlier epoch than its last (early stopping): only then does finals.csv
  /// get a `selected_epoch` column.
  var hasSelection: Bool { cells.contains { $0.selectedEpoch != nil } }

  public var curves: String {
    let validation = hasValidation
    var lines = [(["arm", "seed", "epoch", "train_loss", "train_accuracy", "test_loss", "test_accuracy",
                   "learning_rate"] + (validation ? ["validation_loss", "validation_accuracy"] : [])
                  + curveProbeNames).joined(separator: ",")]
    for cell in cells {
      for (index, e) in cell.epochs.enumerated() {
        let probes = curveProbeNames.map { name in
          cell.curveProbes[name].flatMap { index < $0.count ? csv($0[index]) : nil } ?? ""
        }
        let held = validation ? [e.validationLoss.map(csv) ?? "", e.validationAccuracy.map(csv) ?? ""] : []
        lines.append(([cell.arm, String(cell.seed), String(e.epoch), csv(e.trainLoss), csv(e.trainAccuracy),
                       csv(e.testLoss), csv(e.testAccuracy), csv(e.learningRate)] + held + probes)
                       .joined(separator: ","))
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  public var finals: String {
    let factors = factorNames, probes = probeNames, validation = hasValidation, selection = hasSelection
    let armsByName = Dictionary(uniqueKeysWithValues: plan.arms.map { ($0.name, $0) })
    var lines = [(["arm", "seed", "status", "final_test_accuracy", "final_test_loss", "final_train_loss",
                   "final_train_accuracy", "epochs_run", "diverged_epoch", "diverged_step"]
                  + (validation ? ["final_validation_accuracy"] : []) + (selection ? ["selected_epoch"] : [])
                  + factors + probes)
      .joined(separator: ",")]
    for cell in cells {
      let last = cell.finalEpoch
      let arm = armsByName[cell.arm]
      let factorValues = factors.map { name in arm?.factors.first { $0.name == name }?.value ?? "" }
      // "stalled" marks a run left out of comparisons like a diverged one (`RunFailure`).
      let status = cell.failure(classes: arm?.configuration.network.outputWidth ?? 10) == .stalled ? "stalled" : cell.status
      let standard: [String] = [cell.arm, String(cell.seed), status,
                                last.map { csv($0.testAccuracy) } ?? "", last.map { csv($0.testLoss) } ?? "",
                                last.map { csv($0.trainLoss) } ?? "", last.map { csv($0.trainAccuracy) } ?? "",
                                String(cell.epochs.count), cell.divergedEpoch.map(String.init) ?? "",
                                cell.divergedStep.map(String.init) ?? ""]
      let held: [String] = validation ? [last?.validationAccuracy.map(csv) ?? ""] : []
      let selected: [String] = selection ? [cell.selectedEpoch.map(String.init) ?? ""] : []
      let probeValues: [String] = probes.map { cell.probes[$0].map(csv) ?? "" }
      lines.append((standard + held + selected + factorValues + probeValues).joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Per arm and metric: n, mean, sd, median, and the t-based 95% CI of the mean. Diverged cells count
  /// as chance accuracy and are left out of losses, as `Metric.value` says.
  public var summary: String {
    var lines = ["arm,metric,n,mean,sd,median,ci_low,ci_high"]
    // Metrics that rules or findings read beyond the standard ones (e.g. best_test_accuracy) come next.
    var metrics = Tables.standardMetrics
    let named = plan.experiment.subClaims.flatMap { ($0.preconditions + $0.rules).compactMap(\.metric) }
      + plan.experiment.findings.map(\.metric)
    for metric in named where !metrics.contains(metric) && !isProbe(metric) { metrics.append(metric) }
    metrics += probeNames.map { Metric.probe($0) }
    for arm in plan.arms {
      let armCells = cells.filter { $0.arm == arm.name }
      guard !armCells.isEmpty else { continue }
      for metric in metrics {
        let values = armCells.compactMap { metric.value(of: $0, classes: arm.configuration.network.outputWidth) }
          .filter { !$0.isNaN }
        guard !values.isEmpty else { continue }
        let s = Summary(values)
        lines.append([arm.name, metric.description, String(s.n), csv(s.mean), csv(s.standardDeviation),
                      csv(s.median), csv(s.confidenceLow), csv(s.confidenceHigh)].joined(separator: ","))
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  private func isProbe(_ metric: Metric) -> Bool {
    switch metric {
    case .probe, .lowerProbe: true
    default: false
    }
  }

  /// Every test behind the verdict: the support test (`alternative`, `null_difference`, `p_value`,
  /// `p_adjusted`) and the contradiction test (`p_contradiction`, `p_contradiction_adjusted`), each family
  /// Holm-adjusted over the experiment; `paired` tests align the arms' runs by seed.
  public var significance: String {
    var lines = ["metric,arm_a,arm_b,test,paired,alternative,null_difference,statistic,df,p_value,p_adjusted,"
                 + "p_contradiction,p_contradiction_adjusted,outcome,n_a,n_b,effect_size,diff_mean,ci_low,ci_high,"
                 + "min_detectable_effect"]
    for c in verdict.comparisons {
      lines.append([c.metric, c.armA, c.armB, c.test, String(c.paired), c.alternative.rawValue, csv(c.nullDifference),
                    csv(c.statistic), csv(c.degreesOfFreedom), csv(c.pValue), csv(c.pAdjusted), csv(c.contradictionP),
                    csv(c.contradictionPAdjusted), c.outcome.rawValue, String(c.countA), String(c.countB),
                    csv(c.effectSize), csv(c.differenceOfMeans), csv(c.confidenceLow), csv(c.confidenceHigh),
                    csv(c.minimumDetectableEffect)].joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// One row per finding: its result (the crossing step's label, or "none"), or nil when there are none.
  public var findingsTable: String? {
    guard !findings.isEmpty else { return nil }
    var lines = ["finding,metric,crossing,threshold,result,result_arm"]
    for outcome in findings {
      let f = outcome.finding
      let (crossing, threshold): (String, Double) = switch f.crossing {
      case .below(let x): ("below", x)
      case .above(let x): ("above", x)
      }
      lines.append([f.name, f.metric.description, crossing, csv(threshold), outcome.result?.label ?? "none",
                    outcome.result?.arm ?? ""].joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Per-layer probes (empty when the experiment has none).
  public var layerProbes: String? {
    guard cells.contains(where: { !$0.layerProbes.isEmpty }) else { return nil }
    var lines = ["arm,seed,probe,layer,value"]
    for cell in cells {
      for p in cell.layerProbes {
        lines.append([cell.arm, String(cell.seed), p.probe, String(p.layer), csv(p.value)].joined(separator: ","))
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }
}

/// A number as it appears in a CSV: shortest round-trip form; "nan", "inf", "-inf" otherwise.
func csv(_ x: Double) -> String {
  if x.isNaN { return "nan" }
  if x.isInfinite { return x > 0 ? "inf" : "-inf" }
  return x.description
}
