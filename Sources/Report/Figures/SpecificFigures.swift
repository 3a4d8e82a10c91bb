/// The experiment-specific views, each triggered by a column rather than by an experiment id.
extension ExperimentFigures {
  /// Factors whose every value is a finite number and which take at least two values (depth, batch,
  /// dropout, ...), in finals.csv order.
  static func numericFactors(_ results: ExperimentResults) -> [String] {
    let factors = results.factors
    return results.factorNames.filter { name in
      let values = results.arms.map { factors[$0]?[name] ?? "" }
      return values.allSatisfy { Double($0)?.isFinite == true } && Set(values).count > 1
    }
  }

  /// For each numeric factor X: final test accuracy and the train − test gap against X (summary.csv
  /// means and CIs), one line per combination of the other varying factors. An experiment without test
  /// accuracy (a regression, `robust-loss`) gets its probe scalars of summary.csv (e.g. test_rmse) instead.
  static func factorViews(_ results: ExperimentResults) -> [FigureGroup] {
    numericFactors(results).map { factorView(results, x: $0) }
  }

  static let accuracyMetrics = [("final_test_accuracy", "Final test accuracy", "test-accuracy"),
                                ("train_test_gap", "Train − test accuracy gap", "gap")]
  static let standardSummaryMetrics: Set<String> = ["final_test_accuracy", "final_test_loss", "final_train_loss",
                                                    "final_train_accuracy", "train_test_gap"]

  /// (summary.csv metric, chart label, file name) of the factor views: accuracy and gap, or, when no arm
  /// has a test accuracy, every other metric of summary.csv (probe scalars, in summary.csv order).
  static func factorMetrics(_ results: ExperimentResults) -> [(String, String, String)] {
    let hasAccuracy = results.summary.rows.contains { results.summary.value($0, "metric") == "final_test_accuracy" }
    guard !hasAccuracy else { return accuracyMetrics }
    return results.summary.distinct("metric").filter { !standardSummaryMetrics.contains($0) }.map { metric in
      (metric, metric.replacingOccurrences(of: "_", with: " "), Panels.slug(metric))
    }
  }

  static func factorView(_ results: ExperimentResults, x: String) -> FigureGroup {
    let factors = results.factors
    let others = results.factorNames.filter { name in
      name != x && Set(results.arms.map { factors[$0]?[name] ?? "" }).count > 1
    }
    var order: [String] = [], members: [String: [String]] = [:]
    for arm in results.arms {
      let key = others.map { factors[arm]?[$0] ?? "" }.joined(separator: ", ")
      if members[key] == nil { order.append(key) }
      members[key, default: []].append(arm)
    }
    // A combination seen at one value of X has no trend to show; keep it only if nothing has more.
    let multi = order.filter { members[$0]!.count > 1 }
    let keys = multi.isEmpty ? order : multi
    let xs = results.arms.compactMap { factors[$0]?[x].flatMap(Double.init) }
    let xScale: AxisScale = xs.allSatisfy { $0 > 0 } && xs.max()! / xs.min()! >= 16 ? .logarithmic : .linear
    var figures: [Figure] = []
    let metrics = factorMetrics(results)
    for (metric, label, file) in metrics {
      let series = keys.map { key in
        LineChart.Series(name: key.isEmpty ? "all arms" : key, points: members[key]!.compactMap { arm in
          guard let value = factors[arm]?[x].flatMap(Double.init), let s = results.summary(arm: arm, metric: metric)
          else { return nil }
          return LineChart.Point(x: value, y: s.mean, low: s.low, high: s.high)
        }.sorted { $0.x < $1.x })
      }
      for (index, chunk) in chunked(series).enumerated() {
        let part = series.count > Panels.maxSeries ? " (part \(index + 1))" : ""
        let chart = LineChart(title: "\(label) vs \(x)\(part)", xLabel: x, yLabel: label.lowercased(),
                              series: chunk, xScale: xScale, xTicks: Array(Set(xs)).sorted())
        let slug = Panels.slug(x) + (part.isEmpty ? "" : "-part-\(index + 1)")
        figures.append(Figure(path: "plots/\(file)-vs-\(slug).svg", chart: chart))
      }
    }
    let lines = others.isEmpty ? "." : ", one line per \(others.joined(separator: " and ")) "
      + "(the legend gives their values in that order)."
    let accuracy = metrics.map(\.0) == accuracyMetrics.map(\.0)
    let names = metrics.map(\.0).joined(separator: ", ")
    return FigureGroup(
      heading: accuracy ? "Accuracy and gap vs \(x)" : "\(names) vs \(x)",
      caption: (accuracy ? "Final test accuracy and train − test accuracy gap" : names)
        + " (mean and 95% CI over seeds, summary.csv) "
        + "against \(x)" + lines + (xScale == .logarithmic ? " Logarithmic x axis." : ""),
      figures: figures)
  }

  static func chunked(_ series: [LineChart.Series]) -> [[LineChart.Series]] {
    stride(from: 0, to: series.count, by: Panels.maxSeries).map {
      Array(series[$0..<min(series.count, $0 + Panels.maxSeries)])
    }
  }

  static let standardCurveColumns: Set<String> = ["arm", "seed", "epoch", "train_loss", "train_accuracy",
                                                  "test_loss", "test_accuracy", "learning_rate"]

  /// The learning rate when it changes during some run, and every extra per-epoch column (probe curves).
  static func epochColumns(_ results: ExperimentResults, _ panels: [Panel], shown: String) -> [FigureGroup] {
    let curves = results.curves
    // `shown`: the accuracy the learning curves already draw (validation accuracy when the test set was
    // not evaluated per epoch).
    var columns = curves.header.filter { !standardCurveColumns.contains($0) && $0 != shown }
    var rates: [String: Set<Double>] = [:]
    for row in curves.rows {
      if let arm = curves.value(row, "arm"), let rate = curves.number(row, "learning_rate"), rate.isFinite {
        rates[arm, default: []].insert(rate)
      }
    }
    if rates.values.contains(where: { $0.count > 1 }) { columns.insert("learning_rate", at: 0) }
    return columns.map { column in
      let label = column == "learning_rate" ? "Learning rate" : column.replacingOccurrences(of: "_", with: " ")
      let figures = panels.map { panel in
        Figure(path: plotPath(Panels.slug(column), panel.slug),
               chart: epochChart(results, panel, column: column, label: label, scale: .automatic))
      }
      return FigureGroup(heading: "\(label) per epoch",
                         caption: "The value of `\(column)` (curves.csv) at the end of each epoch. " + meanCaption
                           + " Logarithmic y axis when the values span three decades or more.",
                         figures: figures)
    }
  }

  /// Each per-layer probe of probes.csv against the layer index, one line per arm.
  static func layerProbes(_ results: ExperimentResults, _ panels: [Panel]) -> [FigureGroup] {
    guard let probes = results.probes else { return [] }
    var values: [String: [String: [Int: [Double]]]] = [:]  // probe -> arm -> layer -> seeds
    for row in probes.rows {
      guard let probe = probes.value(row, "probe"), let arm = probes.value(row, "arm"),
            let layer = probes.number(row, "layer").map(Int.init) else { continue }
      values[probe, default: [:]][arm, default: [:]][layer, default: []].append(probes.number(row, "value") ?? .nan)
    }
    return probes.distinct("probe").map { probe in
      let figures = panels.map { panel in
        let series = panel.arms.map { arm in
          let layers = values[probe]?[arm] ?? [:]
          return LineChart.Series(name: arm, points: layers.keys.sorted().map { layer in
            let m = meanWithInterval(layers[layer]!)
            return LineChart.Point(x: Double(layer), y: m.mean, low: m.low, high: m.high)
          })
        }
        let chart = LineChart(title: "\(probe) by layer" + (panel.title.isEmpty ? "" : " — " + panel.title),
                              xLabel: "layer", yLabel: probe.replacingOccurrences(of: "_", with: " "),
                              series: series, yScale: .automatic)
        return Figure(path: plotPath("probe-" + Panels.slug(probe), panel.slug), chart: chart)
      }
      return FigureGroup(heading: "\(probe) per layer (probes.csv)",
                         caption: meanCaption + " Logarithmic y axis when the values span three decades or more "
                           + "(zeros, e.g. from a zero initialization, cannot be drawn on it).",
                         figures: figures)
    }
  }
}
