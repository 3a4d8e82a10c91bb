import Foundation

/// The sensitivity of a tuned experiment to each tuned parameter (tuning.csv): how the validation metric
/// changes with the parameter's value, per arm, and which value each arm kept.
///
/// A flat curve around the selected point says the comparison does not hinge on tuning; a peak at the
/// edge of the grid says the search may have stopped too early (the harness flags it in `edge`).
extension ExperimentFigures {
  /// One group per parameter of tuning.csv, one chart per panel of arms; none without tuning.csv.
  static func tuningSensitivity(_ results: ExperimentResults) -> [FigureGroup] {
    guard let tuning = results.tuning,
          let metric = tuning.header.first(where: { $0.hasPrefix("validation_") }) else { return [] }
    let tunedArms = tuning.distinct("arm")
    // The experiment's arm order (finals.csv), then any arm only tuning.csv names.
    let arms = results.arms.filter(tunedArms.contains) + tunedArms.filter { !results.arms.contains($0) }
    let panels = Panels.split(arms: arms, factors: results.factors, factorNames: results.factorNames)
    return tuning.distinct("parameter").map { parameter in
      sensitivity(tuning, parameter: parameter, metric: metric, panels: panels)
    }
  }

  /// One chart per panel of the parameter's sensitivity, one line per arm that tuned it.
  static func sensitivity(_ tuning: CSVTable, parameter: String, metric: String, panels: [Panel]) -> FigureGroup {
    let (points, edges) = sensitivityPoints(tuning, parameter: parameter, metric: metric)
    let label = metric.replacingOccurrences(of: "_", with: " ")
    let grid = Set(points.values.flatMap { $0.map(\.x) }).sorted()
    let figures = panels.compactMap { panel -> Figure? in
      let series = panel.arms.compactMap { arm in points[arm].map { LineChart.Series(name: arm, points: $0) } }
      guard !series.isEmpty else { return nil }
      let chart = LineChart(title: "\(label.prefix(1).uppercased() + label.dropFirst()) vs \(parameter)"
                              + (panel.title.isEmpty ? "" : " — " + panel.title),
                            xLabel: parameter + " (log scale)", yLabel: label, series: series,
                            xScale: .logarithmic, xTicks: grid.count <= 7 ? grid : nil)
      return Figure(path: plotPath("tuning-" + Panels.slug(parameter), panel.slug), chart: chart)
    }
    return FigureGroup(heading: "Tuning sensitivity: \(parameter)",
                       caption: sensitivityCaption(parameter: parameter, metric: metric, edges: edges, panels: panels),
                       figures: figures)
  }

  /// Per arm, the mean of `metric` at each value of `parameter` over the tuning seeds whose value is
  /// finite, in increasing value, `selected` where tuning.csv says so; and each arm's `edge`. A value at
  /// which every run diverged keeps a NaN point, so its line breaks and the figure's note counts it.
  static func sensitivityPoints(_ tuning: CSVTable, parameter: String, metric: String)
    -> (points: [String: [LineChart.Point]], edges: [String: String]) {
    var scores: [String: [Double: [Double]]] = [:], selected: [String: Set<Double>] = [:], edges: [String: String] = [:]
    for row in tuning.rows where tuning.value(row, "parameter") == parameter {
      guard let arm = tuning.value(row, "arm"), let value = tuning.number(row, "value"), value.isFinite else { continue }
      let score = tuning.number(row, metric).flatMap { $0.isFinite ? $0 : nil }
      scores[arm, default: [:]][value, default: []] += score.map { [$0] } ?? []
      if tuning.value(row, "selected") == "true" { selected[arm, default: []].insert(value) }
      if let edge = tuning.value(row, "edge"), edges[arm] == nil { edges[arm] = edge }
    }
    var points: [String: [LineChart.Point]] = [:]
    for (arm, byValue) in scores {
      points[arm] = byValue.keys.sorted().map { value in
        let runs = byValue[value]!
        return LineChart.Point(x: value, y: runs.isEmpty ? .nan : runs.reduce(0, +) / Double(runs.count),
                               selected: selected[arm]?.contains(value) ?? false)
      }
    }
    return (points, edges)
  }

  static func sensitivityCaption(parameter: String, metric: String, edges: [String: String], panels: [Panel]) -> String {
    var caption = "Mean `\(metric)` over the tuning seeds (tuning.csv) against \(parameter), "
      + "logarithmic x axis, one line per arm; the large filled circle marks the value each arm selected. "
      + "Diverged tuning runs (no validation value) are left out of the mean."
    let order = panels.flatMap(\.arms)
    let extended = order.filter { edges[$0] == "extended" }, flagged = order.filter { edges[$0] == "flagged" }
    if !extended.isEmpty {
      caption += " The grid was extended past its edge for \(extended.joined(separator: ", "))."
    }
    if !flagged.isEmpty {
      caption += " The selected value is still at the edge of the grid (flagged) for \(flagged.joined(separator: ", "))."
    }
    return caption
  }

  /// The learning curves with the tuning sensitivity beside them, for a tuned experiment: a table whose
  /// left column holds the test-accuracy curves (one panel per row) and whose right column holds the
  /// sensitivity charts, a panel's chart on its curve's row when both split the arms alike, the others
  /// from the top; then the other learning curves (train loss) as their own group. Untuned: unchanged.
  static func besideTuning(_ curves: FigureGroup, _ tuning: [FigureGroup]) -> [FigureGroup] {
    let sensitivity = tuning.flatMap(\.figures)
    guard !sensitivity.isEmpty else { return [curves] }
    let accuracyPrefix = curves.figures.contains { $0.path.hasPrefix("plots/validation-accuracy") }
      ? "plots/validation-accuracy" : "plots/test-accuracy"
    let accuracy = curves.figures.filter { $0.path.hasPrefix(accuracyPrefix + "-") || $0.path == accuracyPrefix + ".svg" }
    let others = curves.figures.filter { figure in !accuracy.contains(figure) }
    // A panel's slug is what follows the chart's name: "-subset-large.svg" in both file names.
    var left: [Figure?] = accuracy, right = [Figure?](repeating: nil, count: accuracy.count), unmatched: [Figure] = []
    for figure in sensitivity {
      let row = accuracy.indices.first { i in
        let slug = accuracy[i].path.dropFirst(accuracyPrefix.count)
        return right[i] == nil && slug != ".svg" && figure.path.hasSuffix(String(slug))
      }
      if let row { right[row] = figure } else { unmatched.append(figure) }
    }
    for figure in unmatched {
      if let free = right.firstIndex(where: { $0 == nil }) { right[free] = figure } else {
        left.append(nil)
        right.append(figure)
      }
    }
    let heading = accuracy.isEmpty ? "Tuning sensitivity" : "Learning curves and tuning sensitivity"
    let accuracyName = accuracyPrefix.hasSuffix("validation-accuracy") ? "Validation accuracy" : "Test accuracy"
    let caption = (accuracy.isEmpty ? "" : "Left: \(accuracyName.lowercased()) per epoch. " + meanCaption + " Right: ")
      + tuning.map(\.caption).joined(separator: " ")
    var groups = [FigureGroup(heading: heading, caption: caption,
                              columns: accuracy.isEmpty ? ["Tuning sensitivity"] : [accuracyName, "Tuning sensitivity"],
                              rows: accuracy.isEmpty ? right.map { [$0] } : zip(left, right).map { [$0, $1] })]
    if !others.isEmpty {
      groups.append(FigureGroup(heading: "Training loss", caption: curves.caption, figures: others))
    }
    return groups
  }
}
