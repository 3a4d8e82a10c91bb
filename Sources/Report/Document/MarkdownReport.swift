/// results/README.md: the suite in one picture (the forest plot), then every sub-claim grouped by claim,
/// each claim with its verdict and a takeaway from the numbers; then one section per experiment with its
/// charts, learning curves beside the tuning sensitivity. The reasons for each outcome stay in the
/// experiment's verdict.md, which every claim links, so this page stays short.
///
/// Plain GitHub-flavoured Markdown with relative links only, so it renders on any Git hosting site and in
/// a local checkout.
enum MarkdownReport {
  static func render(_ sections: [ReportSection], forest: Figure?) -> String {
    var text = "# Results\n\n\(ReportText.intro(sections))\n\n"
    if let forest {
      text += "![\(forest.title)](\(forest.path))\n\n\(SuiteFigures.caption(sections))\n\n"
    }
    text += "## Findings by claim\n\n\(ReportText.findingsIntro)\n"
    let total = ReportSection.totalCPUSeconds(sections)
    for section in sections { text += "\n" + claim(section, total: total) }
    text += "\n## How to read\n\n" + ReportText.howToRead.map { "- " + $0 }.joined(separator: "\n") + "\n"
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

  /// One claim: a line with its verdict, CPU time and seeds, its takeaway, and its sub-claims' table.
  static func claim(_ s: ReportSection, total: Double?) -> String {
    let id = s.entry.id
    var text = "**[\(id)](#\(id))**: \(s.entry.oneLineSentence)"
    guard let results = s.results else {
      return text + " Not run yet: `\(ReportText.runCommand(id))`.\n"
    }
    text += " Verdict **\(s.verdictText)**" + (s.outcomeCounts.map { " (\($0))" } ?? "")
      + "; \(results.seedCount) seeds; CPU \(s.cpuTime(total: total)); [verdict.md](\(s.folder)/verdict.md).\n\n"
    guard !s.subClaims.isEmpty else { return text + "Key effect: \(s.takeaway).\n" }
    text += "Takeaway: \(s.takeaway)\n\n"
      + "| Sub-claim | Statement | Effect [95% CI] | Outcome | Tuned | Budget | Seeds (MDE) |\n"
      + "|---|---|---|---|---|---|---|\n"
    for row in s.subClaimRows { text += "| " + row.map(cell).joined(separator: " | ") + " |\n" }
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
      + ". Why: [verdict.md](\(s.folder)/verdict.md). Paper note: [\(s.paperNote)](\(s.paperNote)).\n\n"
      + "Tables: " + s.fileLinks.map { "[\($0.text)](\($0.target))" }.joined(separator: " · ") + "\n"
    for group in s.figures { text += "\n" + figures(group, folder: s.folder) }
    return text
  }

  /// A group of charts: one per line, or a table of rows with a chart per column.
  static func figures(_ group: FigureGroup, folder: String) -> String {
    var text = "### \(group.heading)\n\n\(group.caption)\n\n"
    let image = { (figure: Figure) in "![\(figure.title)](\(folder)/\(figure.path))" }
    if group.columns.isEmpty {
      text += group.figures.map { image($0) + "\n" }.joined()
    } else {
      text += "| " + group.columns.joined(separator: " | ") + " |\n|" + String(repeating: "---|", count: group.columns.count) + "\n"
      for row in group.rows { text += "| " + row.map { $0.map(image) ?? "" }.joined(separator: " | ") + " |\n" }
    }
    let notes = group.figures.filter { !$0.note.isEmpty }.map { "- \($0.title): \($0.note)" }
    return text + (notes.isEmpty ? "" : "\n" + notes.joined(separator: "\n") + "\n")
  }
}

/// Sentences shared by README.md and index.html.
enum ReportText {
  static let regenerateCommand = "bash .ci/regenerate"
  static let reportCommand = "swift build -c release && .build/release/tricks report"
  static func runCommand(_ id: String) -> String { "swift build -c release && .build/release/tricks run \(id)" }

  /// The page's first paragraph, with the suite's total CPU time when the manifests give it.
  static func intro(_ sections: [ReportSection]) -> String {
    let run = sections.filter { $0.results != nil }.count
    let total = ReportSection.totalCPUSeconds(sections)
    return "\(sections.count) claims about training tricks, \(run) of them tested"
      + (total.map { ", in \(ReportFormat.duration($0)) of CPU time (training and tuning runs, summed over cores)" } ?? "")
      + ". The picture shows every sub-claim measured in accuracy points; below it, every sub-claim of every "
      + "claim with its outcome, and a section per experiment with its plots. Every number comes from the "
      + "tables of the experiment's folder; the whole suite's sub-claims are also in one table, "
      + "[subclaims.csv](subclaims.csv). This page and index.html are generated by `tricks report`; do not "
      + "edit them by hand."
  }

  static let findingsIntro = "Per claim: its verdict with the count of each outcome, the seeds, the CPU time "
    + "(and its share of the suite), a takeaway written from the effects, then one row per sub-claim. "
    + "The reasons for each outcome are in the experiment's verdict.md."

  static let howToRead = [
    "**Verdict**: reproduced when every sub-claim is supported (its claimed effect significant after Holm), "
      + "contradicted when every one is contradicted (the data significantly rule the claimed effect out), "
      + "inconclusive when none is decided, mixed otherwise; with the count of each outcome (subclaims.csv). Folders written before sub-claims were tabulated keep their old verdict "
      + "(partly reproduced, not reproduced) and show their key effect instead: the first comparison between "
      + "two arms in significance.csv with its Holm-adjusted p. A \"quick smoke run\" has too few seeds and "
      + "epochs for its verdict to mean anything.",
    "**Takeaway**: the decided sub-claims with their effect rounded (about +1.3 pts), supported first; the "
      + "inconclusive ones by id with their minimum detectable effect (MDE), the smallest effect their seeds "
      + "could have detected.",
    "**CPU time**: the seconds of every training cell plus every tuning run (manifest.json), summed over "
      + "cores, not wall-clock time.",
    "**Sub-claims**: effect in accuracy points (pts, ×100) for accuracies, otherwise in the metric's own unit; "
      + "tuned says what was tuned per arm (tuning.csv and the sensitivity plots show the search); budget "
      + "says how long each run trained and how many runs reached the plateau criterion; seeds are evaluation "
      + "seeds per arm.",
    "**Tables**: results/subclaims.csv holds every experiment's sub-claims, with the experiment id as its "
      + "first column. Per experiment folder: subclaims.csv (one row per sub-claim: outcome, effect, CI, unit, "
      + "smallest effect of interest, adjusted p, seeds, MDE, tuning, budget, convergence), tuning.csv (tuned "
      + "experiments: one row per tuning run, its validation metric and the selected value), curves.csv (arm, seed, epoch, train_loss, train_accuracy, test_loss, "
      + "test_accuracy, learning_rate, probe curves), finals.csv (one row per run: status, final metrics, "
      + "factors, probe scalars), summary.csv (arm, metric, n, mean, sd, median, ci_low, ci_high), "
      + "significance.csv (every test: statistic, df, p_value, p_adjusted, effect_size, diff_mean, ci_low, "
      + "ci_high), probes.csv (per-layer probes), manifest.json (provenance).",
  ]
}
