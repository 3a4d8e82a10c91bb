import Foundation
import Statistics

// The tables of the protocol (shared/protocol.md): tuning.csv, subclaims.csv, and verdict.md with its
// three-valued outcomes, per-arm failure and convergence counts, and the reason for the seed count.

extension Tables {
  /// One row per tuning run, or nil when no arm is tuned.
  public var tuning: String? {
    guard plan.isTuned else { return nil }
    var lines = ["arm,parameter,value,seed,validation_accuracy,selected,edge"]
    for tuning in plan.tunings {
      for run in tuning.runs.sorted(by: { ($0.value, $0.seed) < ($1.value, $1.seed) }) {
        let accuracy = run.record.diverged ? "" : run.record.finalEpoch?.validationAccuracy.map(csv) ?? ""
        lines.append([tuning.arm, tuning.parameter, csv(run.value), String(run.seed), accuracy,
                      String(run.value == tuning.selected), tuning.edge.rawValue].joined(separator: ","))
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// One row per sub-claim: its outcome and the comparison that decided it (`SubClaimOutcome.binding`),
  /// in accuracy points for accuracy metrics. Experiments whose sub-claims declare preconditions get a last
  /// column, `precondition`: "met", the unmet ones with their outcomes, or empty for a sub-claim without any.
  public var subClaims: String {
    let hasPreconditions = plan.experiment.subClaims.contains { !$0.preconditions.isEmpty }
    var lines = ["sub_claim,statement,outcome,metric,effect,ci_low,ci_high,unit,smallest_effect,p_adjusted,seeds,"
                 + "min_detectable_effect,tuned,budget,converged" + (hasPreconditions ? ",precondition" : "")]
    for outcome in verdict.outcomes {
      let arms = Set(outcome.subClaim.rules.flatMap(\.arms))
      let binding = outcome.binding
      let metric = outcome.subClaim.rules.compactMap(\.metric).first
      // A rate (of failures, or of runs past a threshold) is a fraction of runs, never scaled to points,
      // whatever the sub-claim's other rules read.
      let isRate = binding?.metric == "failure_rate" || binding?.test == BinomialTest.name
      let scale = metric?.isAccuracy == true && !isRate ? 100.0 : 1
      let unit = isRate ? "rate" : (metric?.isAccuracy == true ? "points" : metric?.description ?? "")
      func number(_ x: Double?) -> String { x.map { $0.isNaN ? "" : csv(($0 * scale * 1e6).rounded() / 1e6) } ?? "" }
      let p = binding.map { outcome.outcome == .contradicted ? $0.contradictionPAdjusted : $0.pAdjusted }
      let smallest = outcome.subClaim.smallestEffect ?? outcome.subClaim.rules.compactMap(\.margin).first
      let mde = outcome.comparisons.map(\.minimumDetectableEffect).filter { !$0.isNaN }.max()
      var fields: [String] = [outcome.subClaim.id, quoted(outcome.subClaim.statement), outcome.outcome.rawValue,
                              binding?.metric ?? metric?.description ?? "", number(binding?.differenceOfMeans),
                              number(binding?.confidenceLow), number(binding?.confidenceHigh), unit, number(smallest),
                              p.map(csv) ?? "", String(plan.seeds(of: outcome.subClaim).count), number(mde), quoted(tunedWords(arms)),
                              quoted(budgetWords(arms)), convergedWords(arms)]
      if hasPreconditions { fields.append(quoted(preconditionWords(outcome))) }
      lines.append(fields.joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// ", 8 for the model=cnn arms (their own power calculation and Holm families)" per seed group, or "".
  /// A group without a power calculation (none of its arms tuned) has its declared count.
  var groupSeedWords: String {
    plan.experiment.seedGroups.map { group in
      let how = plan.groupSeedChoices[group.name] == nil ? "declared" : "their own power calculation"
      return ", \(plan.seeds(in: group).count) for the \(group.arms) (\(how) and Holm families)"
    }.joined()
  }

  /// "met", "not met: <rule> is contradicted; ...", or "" for a sub-claim without preconditions.
  func preconditionWords(_ outcome: SubClaimOutcome) -> String {
    guard !outcome.subClaim.preconditions.isEmpty else { return "" }
    guard !outcome.unmetPreconditions.isEmpty else { return "met" }
    return "not met: " + outcome.unmetPreconditions.map { "\($0.rule.description) is \($0.outcome.rawValue)" }
      .joined(separator: "; ")
  }

  /// "learning_rate, 4 of 5 arms (5-point grid)" or "no".
  func tunedWords(_ arms: Set<String>) -> String {
    let named = plan.arms.filter { arms.contains($0.name) }
    let tuned = named.filter { $0.tuning != nil }
    guard let first = tuned.first?.tuning else { return "no" }
    let parameters = Set(tuned.compactMap { $0.tuning?.parameter }).sorted().joined(separator: ", ")
    return "\(parameters), \(tuned.count) of \(named.count) arms (\(first.grid.count)-point grid)"
  }

  /// "to a validation plateau (patience 5, at most 60 epochs)", "20 epochs (best-validation epoch kept)" or
  /// "20 epochs", per distinct budget.
  func budgetWords(_ arms: Set<String>) -> String {
    var words: [String] = []
    for arm in plan.arms where arms.contains(arm.name) {
      let c = arm.configuration
      // A patience of the whole budget never stops a run: a fixed budget that keeps the best-validation epoch.
      let text = c.earlyStoppingPatience.map {
        $0 >= c.epochs ? "\(c.epochs) epochs (best-validation epoch kept)"
          : "to a validation plateau (patience \($0), at most \(c.epochs) epochs)"
      } ?? "\(c.epochs) epochs"
      if !words.contains(text) { words.append(text) }
    }
    return words.joined(separator: "; ")
  }

  /// "k/n" runs of these arms that reached a plateau, or "" without validation curves.
  func convergedWords(_ arms: Set<String>) -> String {
    let flags = cells.filter { arms.contains($0.arm) }.compactMap(converged)
    return flags.isEmpty ? "" : "\(flags.filter { $0 }.count)/\(flags.count)"
  }

  func quoted(_ text: String) -> String {
    text.contains(",") || text.contains("\"") ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
  }

  public var verdictMarkdown: String {
    let e = plan.experiment
    let expected = plan.cells.count, done = cells.count
    let classes = plan.arms.first?.configuration.network.outputWidth ?? 10
    let failed = cells.filter { $0.failure(classes: classes) != nil }.count
    var text = """
      # \(e.id): \(e.title)

      **Verdict: \(verdict.kind.rawValue)** — \(verdict.counts) (profile `\(plan.profile)`, \(plan.seeds.count) \
      evaluation seeds per arm\(groupSeedWords), \(done) of \(expected) runs finished\(failed > 0 ? ", \(failed) diverged or stalled" : "")).

      **Claim.** \(e.claim)

      **Source.** \(e.source)

      """
    if let choice = plan.seedChoice { text += "\n**Seeds.** \(choice.reason).\n" }
    for group in e.seedGroups {
      guard let choice = plan.groupSeedChoices[group.name] else { continue }
      text += "\n**Seeds of the \(group.arms).** \(choice.reason).\n"
    }
    text += "\n## Sub-claims\n"
    for outcome in verdict.outcomes {
      let accuracy = outcome.subClaim.rules.compactMap(\.metric).first?.isAccuracy == true
      let effect = outcome.subClaim.smallestEffect.map {
        " Smallest effect of interest: " + (accuracy ? "\(format(100 * $0)) accuracy points." : "\(format($0)).")
      } ?? ""
      text += "\n### (\(outcome.subClaim.id)) \(outcome.subClaim.statement) — \(outcome.outcome.rawValue)\n\n"
      if !effect.isEmpty { text += effect.dropFirst() + "\n\n" }
      for reason in outcome.reasons { text += "- \(reason)\n" }
    }
    text += armsTable(classes: classes)
    if !findings.isEmpty {
      text += "\n## Findings (descriptive: no test, not part of the verdict)\n\n"
      for outcome in findings { text += "- \(outcome.sentence)\n" }
    }
    let missing = missingCells
    if !missing.isEmpty {
      text += "\n## Missing runs\n\n\(missing.count) of \(expected) runs have no record, so the verdict above rests "
        + "on the others. Run the same command again (or the missing shards) to compute them:\n\n"
      for key in missing { text += "- \(key.arm.name), seed \(key.seed)\n" }
    }
    if plan.profile == .quick {
      text += "\nThis is a `quick` (smoke-test) run: too few seeds and epochs for its verdict to mean anything.\n"
    }
    text += """

      How the verdict is decided: each rule is two one-sided tests, one for the claimed effect and one \
      against it (the opposite direction, or beyond the margin or the smallest effect of interest); each \
      family of p-values is Holm-adjusted over this experiment (significance.csv). A comparison is \
      supported when its claimed effect is significant, contradicted when the data significantly rule it \
      out, inconclusive otherwise. A sub-claim is contradicted when any of its comparisons is, supported \
      when all are. The claim is reproduced when every sub-claim is supported, contradicted when every one \
      is contradicted, inconclusive when none is decided, mixed otherwise. Comparisons between arms use the \
      runs that trained (diverged or stalled runs are counted above and left out); arms of the same shapes \
      are paired by seed when the experiment pairs them. MDE: the difference each test detects with 80% \
      power at the seeds used (one-sided, alpha / number of tests).

      """
    if e.subClaims.contains(where: { !$0.preconditions.isEmpty }) {
      text += """

        A sub-claim with preconditions (what must hold for its rules to test the claim at all) is \
        inconclusive unless every precondition is supported, whatever its rules say; its lines above name \
        the precondition that was contradicted or undecided. Preconditions are tested like rules and share \
        the Holm families.

        """
    }
    return text
  }

  /// Whether a cell converged, under its arm's configuration.
  func converged(_ cell: CellRecord) -> Bool? {
    plan.arms.first { $0.name == cell.arm }.flatMap { cell.converged($0.configuration) }
  }

  /// Per arm: the selected value of a tuned arm (and its edge), runs that failed, runs that converged.
  func armsTable(classes: Int) -> String {
    let hasConvergence = cells.contains { converged($0) != nil }
    guard plan.isTuned || hasConvergence || cells.contains(where: { $0.failure(classes: classes) != nil }) else { return "" }
    var text = "\n## Arms\n\n| arm | tuned value | diverged or stalled | converged | epochs run (mean) |\n|---|---|---|---|---|\n"
    let tunings = Dictionary(uniqueKeysWithValues: plan.tunings.map { ($0.arm, $0) })
    for arm in plan.arms {
      let armCells = cells.filter { $0.arm == arm.name }
      guard !armCells.isEmpty else { continue }
      var tuned = "fixed"
      if let tuning = tunings[arm.name], let value = tuning.selected {
        tuned = "\(tuning.parameter) \(format(value))" + [ArmTuning.Edge.none: "", .extended: " (grid extended)",
                                                              .flagged: " (flagged: at the grid's edge)"][tuning.edge]!
      }
      let failed = armCells.filter { $0.failure(classes: classes) != nil }.count
      let flags = armCells.compactMap(converged)
      let converged = flags.isEmpty ? "n/a" : "\(flags.filter { $0 }.count)/\(flags.count)"
        + (flags.contains(false) ? " (not converged: reached the epoch cap still improving)" : "")
      let epochs = Double(armCells.reduce(0) { $0 + $1.epochs.count }) / Double(armCells.count)
      text += "| \(arm.name) | \(tuned) | \(failed)/\(armCells.count) | \(converged) | \(format(epochs)) |\n"
    }
    if hasConvergence { text += "\nConverged: \(Convergence.criterion).\n" }
    return text
  }
}

extension DecisionRule {
  /// The rule's margin, when it has one.
  var margin: Double? {
    switch self {
    case .notWorse(_, _, let margin, _, _), .equivalent(_, _, let margin, _, _): abs(margin)
    default: nil
    }
  }
}
