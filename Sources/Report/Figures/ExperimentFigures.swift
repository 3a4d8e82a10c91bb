/// Which charts an experiment gets, decided from the columns its tables have, so a new experiment gets
/// useful plots without code here:
///
/// - learning curves (test accuracy and train loss per epoch), one panel per group of arms;
/// - the final test accuracy of every arm with its 95% CI (summary.csv);
/// - for a tuned experiment, the validation metric against each tuned parameter (tuning.csv), beside
///   the test-accuracy curves;
/// - for every numeric factor of finals.csv (depth, batch, dropout, ...): final test accuracy and the
///   train − test gap against it, one line per combination of the other factors;
/// - every per-epoch column beyond the standard ones (the learning rate when it changes, probe curves);
/// - every per-layer probe of probes.csv (activation std and gradient norm at initialization).
enum ExperimentFigures {
  static func build(_ results: ExperimentResults) -> [FigureGroup] {
    let panels = Panels.split(arms: results.arms, factors: results.factors, factorNames: results.factorNames)
    let accuracy = accuracyCurve(results)
    var groups = besideTuning(learningCurves(results, panels, accuracy: accuracy), tuningSensitivity(results))
      + [finalAccuracy(results)]
    groups += factorViews(results)
    groups += epochColumns(results, panels, shown: accuracy.column)
    groups += layerProbes(results, panels)
    return groups.filter { !$0.figures.isEmpty }
  }

  static let meanCaption = "Mean over seeds with its 95% confidence band (t-based, as in summary.csv)."

  static func learningCurves(_ results: ExperimentResults, _ panels: [Panel],
                             accuracy: (column: String, file: String, label: String)) -> FigureGroup {
    let charts: [(column: String, file: String, label: String)] = [
      (accuracy.column, accuracy.file, accuracy.label), ("train_loss", "train-loss", "Train loss"),
    ]
    // A panel whose runs recorded a column only as NaN (no test set, as in a regression or an
    // overfit-one-batch run) gets no chart for it rather than an empty one. A panel with no points at all
    // (every run diverged in its first epoch) keeps its chart, which says so.
    let figures = panels.flatMap { panel in
      charts.compactMap { chart -> Figure? in
        let line = epochChart(results, panel, column: chart.column, label: chart.label, scale: .linear)
        return line.isOnlyNaN ? nil : Figure(path: plotPath(chart.file, panel.slug), chart: line)
      }
    }
    return FigureGroup(
      heading: "Learning curves",
      caption: meanCaption + " Each epoch averages the seeds whose value is finite there; a run that "
        + "diverged stops contributing at its divergence (finals.csv gives each run's status).",
      figures: figures)
  }

  /// The accuracy the learning curves show: test accuracy per epoch, or validation accuracy when the runs
  /// evaluated the test set only at their selected epoch (`TestEvaluation.selectedEpochOnly`: no run has
  /// two finite test points), whose epochs were chosen on validation anyway.
  static func accuracyCurve(_ results: ExperimentResults) -> (column: String, file: String, label: String) {
    let curves = results.curves
    var finite: [String: Int] = [:]
    for row in curves.rows where curves.number(row, "test_accuracy")?.isFinite == true {
      finite[(curves.value(row, "arm") ?? "") + "," + (curves.value(row, "seed") ?? ""), default: 0] += 1
    }
    let testsEveryEpoch = finite.values.contains { $0 > 1 } || !curves.header.contains("validation_accuracy")
      || curves.rows.allSatisfy { curves.number($0, "validation_accuracy")?.isFinite != true }
    return testsEveryEpoch ? ("test_accuracy", "test-accuracy", "Test accuracy")
      : ("validation_accuracy", "validation-accuracy", "Validation accuracy")
  }

  /// One line per arm of the panel: `column` of curves.csv against the epoch.
  static func epochChart(_ results: ExperimentResults, _ panel: Panel, column: String, label: String,
                         scale: AxisScale) -> LineChart {
    let curves = results.curves
    var byArm: [String: [Int: [Double]]] = [:]
    for row in curves.rows {
      guard let arm = curves.value(row, "arm"), let epoch = curves.number(row, "epoch").map(Int.init) else { continue }
      byArm[arm, default: [:]][epoch, default: []].append(curves.number(row, column) ?? .nan)
    }
    let series = panel.arms.map { arm in
      LineChart.Series(name: arm, points: (byArm[arm] ?? [:]).keys.sorted().map { epoch in
        let m = meanWithInterval(byArm[arm]![epoch]!)
        return LineChart.Point(x: Double(epoch), y: m.mean, low: m.low, high: m.high)
      })
    }
    let epochs = Set(series.flatMap { $0.points.map(\.x) }).sorted()
    return LineChart(title: label + (panel.title.isEmpty ? "" : " — " + panel.title), xLabel: "epoch",
                     yLabel: label.lowercased(), series: series, yScale: scale,
                     xTicks: epochs.count <= 12 ? epochs : nil)
  }

  /// Arms without any test accuracy (summary.csv has no row for them: runs with no test set) are left
  /// out; an experiment with none gets no chart.
  static func finalAccuracy(_ results: ExperimentResults) -> FigureGroup {
    let rows = results.arms.compactMap { arm -> DotChart.Row? in
      guard let s = results.summary(arm: arm, metric: "final_test_accuracy") else { return nil }
      return DotChart.Row(label: arm, value: s.mean, low: s.low, high: s.high, note: "n=\(s.n)")
    }
    let chart = DotChart(title: "Final test accuracy per arm", valueLabel: "final test accuracy", rows: rows)
    return FigureGroup(
      heading: "Final test accuracy per arm",
      caption: "Mean and 95% CI over seeds (summary.csv); a diverged run counts as chance accuracy, as in the verdict.",
      figures: rows.isEmpty ? [] : [Figure(path: "plots/final-test-accuracy.svg", chart: chart)])
  }

  static func plotPath(_ name: String, _ slug: String) -> String {
    "plots/" + name + (slug.isEmpty ? "" : "-" + slug) + ".svg"
  }
}

extension LineChart {
  /// Whether the chart has points and every one of them is NaN (a column that was never measured).
  var isOnlyNaN: Bool {
    let points = series.flatMap(\.points)
    return !points.isEmpty && points.allSatisfy { $0.y.isNaN }
  }
}
