import Statistics

/// One chart of the report: where it is written and what it shows.
public struct Figure: Sendable, Equatable {
  /// Relative to the experiment's results folder, e.g. "plots/test-accuracy.svg".
  public let path: String
  /// The chart's title, also its alt text.
  public let title: String
  public let svg: String
  /// Said under the chart when something could not be drawn (e.g. "3 points not drawn: ...").
  public let note: String
}

/// Charts shown together under one heading, with one caption saying how they were computed: one after
/// another, or in rows with one chart per column (learning curves beside the tuning sensitivity).
public struct FigureGroup: Sendable, Equatable {
  public let heading: String
  public let caption: String
  /// Every chart of the group, in reading order.
  public let figures: [Figure]
  /// The column titles when the charts are laid out in rows; empty when they follow one another.
  public let columns: [String]
  /// With `columns`: one chart per column and row, nil for an empty cell.
  public let rows: [[Figure?]]

  init(heading: String, caption: String, figures: [Figure]) {
    self.heading = heading
    self.caption = caption
    self.figures = figures
    columns = []
    rows = []
  }

  init(heading: String, caption: String, columns: [String], rows: [[Figure?]]) {
    self.heading = heading
    self.caption = caption
    self.figures = rows.flatMap { $0.compactMap { $0 } }
    self.columns = columns
    self.rows = rows
  }
}

extension Figure {
  init(path: String, chart: LineChart) {
    let undrawn = chart.undrawnPointCount
    self.init(path: path, title: chart.title, svg: chart.svg(),
              note: undrawn == 0 ? "" : "\(undrawn) point\(undrawn == 1 ? "" : "s") not drawn "
                + "(non-finite, e.g. after a divergence, or not positive on a log axis).")
  }

  init(path: String, chart: DotChart) {
    let missing = chart.rows.filter { !$0.value.isFinite }.count
    self.init(path: path, title: chart.title, svg: chart.svg(),
              note: missing == 0 ? "" : "\(missing) arm\(missing == 1 ? "" : "s") without a finite value.")
  }
}

/// The mean of the finite values with the t-based 95% CI of the mean (`Summary`); NaN when none is finite,
/// and a NaN interval (no band) for a single value.
func meanWithInterval(_ values: [Double]) -> (mean: Double, low: Double, high: Double) {
  let finite = values.filter(\.isFinite)
  guard !finite.isEmpty else { return (.nan, .nan, .nan) }
  let summary = Summary(finite)
  return (summary.mean, summary.confidenceLow, summary.confidenceHigh)
}
