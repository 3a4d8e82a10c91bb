/// results/README.md: the verdict table first, then one section per experiment with its charts and the
/// reasons for its verdict. Plain GitHub-flavoured Markdown with relative links only, so it renders on
/// any Git hosting site and in a local checkout.
enum MarkdownReport {
  static func render(_ sections: [ReportSection]) -> String {
    var text = """
      # Results

      \(ReportText.intro)

      | Experiment | Claim | Verdict | Takeaway | CPU time | Seeds | Files |
      |---|---|---|---|---|---|---|

      """
    for section in sections { text += row(section) + "\n" }
    text += subClaimTable(sections)
    text += "\n" + ReportText.howToRead.map { "- " + $0 }.joined(separator: "\n") + "\n"
    text += "\nRegenerate everything (trains every missing run, then writes the tables, plots and this page):\n\n"
      + "```\n\(ReportText.regenerateCommand)\n```\n\n"
      + "Rebuild the tables, plots and this page from the runs already on disk, without training:\n\n"
      + "```\n\(ReportText.reportCommand)\n```\n"
    for section in sections { text += "\n" + body(section) }
    return text
  }

  /// A table cell: no newlines, no bare "|".
  static func cell(_ text: String) -> String {
    text.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "|", with: "\\|")
  }

  static func row(_ s: ReportSection) -> String {
    let id = s.entry.id
    let experiment = "[\(id)](#\(id))<br>\(cell(s.entry.title))"
    let files = s.fileLinks.map { "[\($0.text)](\($0.target))" }.joined(separator: " · ")
    guard let results = s.results else {
      return "| \(experiment) | \(cell(s.entry.oneLineClaim)) | not run yet | – | – | – | \(files) |"
    }
    let verdict = "**\(cell(s.verdictText))**" + (s.outcomeCounts.map { "<br>" + $0 } ?? "")
    return "| \(experiment) | \(cell(s.entry.oneLineClaim)) | \(verdict) | \(cell(s.takeaway)) | \(s.cpuTime) | "
      + "\(results.seedCount) | \(files) |"
  }

  /// Every sub-claim, grouped by experiment (its id on the group's first row); empty when no folder has
  /// a subclaims.csv.
  static func subClaimTable(_ sections: [ReportSection]) -> String {
    let grouped = sections.filter { !$0.subClaimRows.isEmpty }
    guard !grouped.isEmpty else { return "" }
    var text = "\nEvery sub-claim (subclaims.csv of each folder), grouped by experiment:\n\n"
      + "| Experiment | Sub-claim | Statement | Effect [95% CI] | Outcome | Tuned | Budget | Seeds (MDE) |\n"
      + "|---|---|---|---|---|---|---|---|\n"
    for section in grouped {
      for (index, row) in section.subClaimRows.enumerated() {
        let experiment = index == 0 ? "[\(section.entry.id)](#\(section.entry.id))" : ""
        text += "| \(experiment) | " + row.map(cell).joined(separator: " | ") + " |\n"
      }
    }
    return text
  }

  static func body(_ s: ReportSection) -> String {
    var text = "## \(s.entry.id)\n\n**\(s.entry.title)**. \(s.entry.claim.replacingOccurrences(of: "\n", with: " "))\n\n"
    guard let results = s.results else {
      return text + "Not run yet: `\(ReportText.runCommand(s.entry.id))`.\n"
    }
    text += "Verdict: **\(s.verdictText)**" + (s.outcomeCounts.map { " (\($0))" } ?? "")
      + ", \(results.seedCount) seeds per arm"
      + (results.divergedRuns > 0 ? ", \(results.divergedRuns) diverged run(s)" : "")
      + ". Paper note: [\(s.paperNote)](\(s.paperNote)).\n\n"
    for group in s.figures {
      text += "### \(group.heading)\n\n\(group.caption)\n\n"
      for figure in group.figures {
        text += "![\(figure.title)](\(s.folder)/\(figure.path))\n"
      }
      let notes = group.figures.filter { !$0.note.isEmpty }.map { "- \($0.title): \($0.note)" }
      text += notes.isEmpty ? "\n" : "\n" + notes.joined(separator: "\n") + "\n\n"
    }
    if !s.comparisons.isEmpty {
      text += "### Comparisons\n\nEvery test of the verdict ([significance.csv](\(s.folder)/significance.csv)); "
        + "difference of means with its 95% CI, p Holm-adjusted across the experiment.\n\n"
        + "| Metric | A | B | Test | A − B [95% CI] | p (Holm) |\n|---|---|---|---|---|---|\n"
      for row in s.comparisons { text += "| " + row.map(cell).joined(separator: " | ") + " |\n" }
      text += "\n"
    }
    text += "### Why this verdict\n\nFrom [verdict.md](\(s.folder)/verdict.md):\n\n"
    let blocks = MarkdownBlock.parse(results.verdictMarkdown).filter {
      if case .heading(1, _) = $0 { return false } else { return true }
    }
    return text + MarkdownBlock.markdown(blocks, demote: 2)
  }
}

/// Sentences shared by README.md and index.html.
enum ReportText {
  static let regenerateCommand = "bash .ci/regenerate"
  static let reportCommand = "swift build -c release && .build/release/tricks report"
  static func runCommand(_ id: String) -> String { "swift build -c release && .build/release/tricks run \(id)" }

  static let intro = "One row per registered experiment: the claim, its verdict with how many sub-claims were "
    + "supported, contradicted or inconclusive, a one-line takeaway of their effects, the CPU time it took, and "
    + "the number of seeds; then every sub-claim with its effect and 95% confidence interval. Every number comes "
    + "from the CSV files linked in each row; each section below shows the plots and the reasons for the verdict. "
    + "This page and index.html are generated by `tricks report`; do not edit them by hand."

  static let howToRead = [
    "**Verdict**: reproduced when every sub-claim is supported (its claimed effect significant after Holm), "
      + "contradicted when every one is contradicted (the data significantly rule the claimed effect out), "
      + "inconclusive when none is decided, mixed otherwise; with the count of each outcome (subclaims.csv). Folders written before sub-claims were tabulated keep their old verdict "
      + "(partly reproduced, not reproduced) and show their key effect instead: the first comparison between "
      + "two arms in significance.csv with its Holm-adjusted p. A \"quick smoke run\" has too few seeds and "
      + "epochs for its verdict to mean anything.",
    "**Takeaway**: each sub-claim's effect with its 95% CI, grouped by outcome; an inconclusive one also "
      + "gives its minimum detectable effect (MDE), the smallest effect its seeds could have detected.",
    "**CPU time**: the seconds of every training cell plus every tuning run (manifest.json), summed over "
      + "cores, not wall-clock time.",
    "**Sub-claims**: effect in accuracy points (pts, ×100) for accuracies, otherwise in the metric's own unit; "
      + "tuned says what was tuned per arm (tuning.csv and the sensitivity plots show the search); budget "
      + "says how long each run trained and how many runs reached the plateau criterion; seeds are evaluation "
      + "seeds per arm.",
    "**Tables** (per experiment folder): subclaims.csv (one row per sub-claim: outcome, effect, CI, unit, "
      + "smallest effect of interest, adjusted p, seeds, MDE, tuning, budget, convergence), tuning.csv (tuned "
      + "experiments: one row per tuning run, its validation metric and the selected value), curves.csv (arm, seed, epoch, train_loss, train_accuracy, test_loss, "
      + "test_accuracy, learning_rate, probe curves), finals.csv (one row per run: status, final metrics, "
      + "factors, probe scalars), summary.csv (arm, metric, n, mean, sd, median, ci_low, ci_high), "
      + "significance.csv (every test: statistic, df, p_value, p_adjusted, effect_size, diff_mean, ci_low, "
      + "ci_high), probes.csv (per-layer probes), manifest.json (provenance).",
  ]
}
