/// One value per row (per arm) with its confidence interval as a whisker, rendered as standalone SVG.
///
/// Rows run down the page with their labels on the left, so twenty arms stay readable; values run along
/// the x axis. A row whose value is NaN or infinite (every run diverged) is labelled "no finite value"
/// rather than drawn; a non-finite interval end draws the dot without a whisker.
public struct DotChart: Sendable {
  public struct Row: Sendable, Equatable {
    public var label: String
    public var value: Double
    public var low: Double
    public var high: Double
    /// Printed right of the plot, e.g. "n=10".
    public var note: String
    public init(label: String, value: Double, low: Double, high: Double, note: String = "") {
      self.label = label
      self.value = value
      self.low = low
      self.high = high
      self.note = note
    }
  }

  public var title: String
  public var valueLabel: String
  public var rows: [Row]

  public init(title: String, valueLabel: String, rows: [Row]) {
    self.title = title
    self.valueLabel = valueLabel
    self.rows = rows
  }

  static let rowHeight = 22.0

  public var plotArea: LineChart.Frame {
    let labelWidth = 16 + 6.6 * Double(rows.map(\.label.count).max() ?? 0)
    return LineChart.Frame(x: max(72, labelWidth), y: 36, width: 420,
                           height: DotChart.rowHeight * Double(max(1, rows.count)))
  }

  /// The chart as an SVG document (same input, same bytes).
  public func svg() -> String {
    let frame = plotArea
    let axis = Axis(values: rows.flatMap { [$0.value, $0.low, $0.high] }, scale: .linear)
    let noteWidth = 12 + 6.6 * Double(rows.map(\.note.count).max() ?? 0)
    let width = frame.x + frame.width + noteWidth
    var svg = SVGWriter(width: width, height: frame.y + frame.height + 58)
    SeriesStyle.markerDefinitions.forEach { svg.define($0) }
    ChartFrame.drawTitle(title, width: width, into: &svg)
    ChartFrame.drawAxes(frame: frame, x: axis, y: nil, xLabel: valueLabel, yLabel: "", into: &svg)
    let style = SeriesStyle.at(0)
    let position = { (value: Double) in axis.position(value, from: frame.x, to: frame.x + frame.width) }
    for (index, row) in rows.enumerated() {
      let y = frame.y + DotChart.rowHeight * (Double(index) + 0.5)
      svg.line(x1: frame.x, y1: y, x2: frame.x + frame.width, y2: y, stroke: ChartFrame.grid, width: 0.6,
               className: "grid")
      svg.text(row.label, x: frame.x - 8, y: y + 4, anchor: "end", size: 11, className: "row-label")
      if !row.note.isEmpty {
        svg.text(row.note, x: frame.x + frame.width + 8, y: y + 4, size: 11, className: "row-note")
      }
      guard let center = position(row.value) else {
        svg.text("no finite value", x: frame.x + 6, y: y + 4, size: 11, className: "missing")
        continue
      }
      if let low = position(row.low), let high = position(row.high) {
        svg.line(x1: low, y1: y, x2: high, y2: y, stroke: style.colour, width: 1.6, className: "whisker")
        svg.line(x1: low, y1: y - 5, x2: low, y2: y + 5, stroke: style.colour, width: 1.6, className: "whisker")
        svg.line(x1: high, y1: y - 5, x2: high, y2: y + 5, stroke: style.colour, width: 1.6, className: "whisker")
      }
      style.drawMarker(at: center, y, into: &svg)
    }
    return svg.render(title: title)
  }
}
