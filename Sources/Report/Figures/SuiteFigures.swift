/// The one picture of the whole suite at the top of the report: every sub-claim measured in accuracy
/// points (subclaims.csv `unit` = `points`), as its effect with the 95% CI, marked by outcome, grouped by
/// claim in the report's order, each with its smallest effect of interest as a band around zero.
///
/// Sub-claims in another unit (a loss, a ratio, an RMSE) are left out: one axis cannot hold them. The
/// caption says how many were left out, so the picture does not pass for the whole suite when it is not.
enum SuiteFigures {
  /// Effects beyond ±10 points (a net that does not train at all) are clipped, so that the one-point
  /// effects most tricks are about stay readable; their numbers are printed beside them.
  static let limit = 10.0
  static let forestPath = "plots/forest.svg"

  /// The forest plot, or nil when no experiment has a sub-claim in accuracy points.
  static func forest(_ sections: [ReportSection]) -> Figure? {
    let groups = sections.compactMap { section -> ForestPlot.Group? in
      let rows = section.subClaims.filter { $0.unit == "points" }.map(row)
      return rows.isEmpty ? nil : ForestPlot.Group(title: section.entry.id, rows: rows)
    }
    guard !groups.isEmpty else { return nil }
    let chart = ForestPlot(title: "Every sub-claim in accuracy points: effect with its 95% CI",
                           valueLabel: "effect (accuracy points, as in each experiment's subclaims.csv)",
                           groups: groups, limit: limit)
    return Figure(path: forestPath, title: chart.title, svg: chart.svg(), note: "")
  }

  static func row(_ s: SubClaimResult) -> ForestPlot.Row {
    // The table's numbers without the unit, which the axis names.
    let note = EffectFormat.effect(s.effect, low: s.ciLow, high: s.ciHigh, unit: "points")
      .replacingOccurrences(of: EffectFormat.suffix("points"), with: "")
    return ForestPlot.Row(label: s.id + "  " + cut(s.statement.isEmpty ? s.id : s.statement, to: 64),
                          effect: s.effect, low: s.ciLow, high: s.ciHigh, outcome: s.outcome,
                          smallestEffect: s.smallestEffect, note: note)
  }

  /// The caption under the picture: how to read it, and what it leaves out.
  static func caption(_ sections: [ReportSection]) -> String {
    let all = sections.flatMap(\.subClaims)
    let shown = all.filter { $0.unit == "points" }.count, other = all.count - shown
    return "Each row is one sub-claim (\(shown) in accuracy points"
      + (other > 0 ? "; \(other) measured in another unit, a loss or a ratio, are in the tables below" : "")
      + "): the effect that decided it (the difference of means of its deciding comparison, with the sign "
      + "subclaims.csv gives it) and its 95% CI; a filled circle is supported, a filled square contradicted, an open diamond "
      + "inconclusive. The grey band is the sub-claim's smallest effect of interest (±), where it names one: "
      + "an effect inside it is too small to matter. Beyond ±\(Axis.label(limit, step: nil)) points the "
      + "bars are clipped; the numbers on the right are exact."
  }

  /// Cut at a word to about `length` characters.
  static func cut(_ text: String, to length: Int) -> String {
    guard text.count > length else { return text }
    let prefix = text.prefix(length)
    return (prefix.lastIndex(of: " ").map { String(prefix[..<$0]) } ?? String(prefix)) + "…"
  }
}
