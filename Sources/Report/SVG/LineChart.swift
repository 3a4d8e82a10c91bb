/// A line chart with axes, ticks, a legend and optional confidence bands, rendered as standalone SVG.
///
/// Each series is a polyline with markers; a point whose value is NaN, infinite, or not positive on a
/// logarithmic axis is skipped and breaks the line (a diverged run ends its line instead of drawing a
/// spike). A band (`low`...`high` per point) is a translucent polygon under the line, broken the same
/// way. The axes cover every drawable value, bands included.
public struct LineChart: Sendable {
  /// One x position with a value and, optionally, the ends of its interval.
  public struct Point: Sendable, Equatable {
    public var x: Double
    public var y: Double
    public var low: Double
    public var high: Double
    /// Drawn with a large filled circle in the series' colour on top of the line (e.g. the value a
    /// tuning search selected); the legend then gets a "selected" entry.
    public var selected: Bool
    public init(x: Double, y: Double, low: Double = .nan, high: Double = .nan, selected: Bool = false) {
      self.x = x
      self.y = y
      self.low = low
      self.high = high
      self.selected = selected
    }
  }

  /// A named line: its legend label and its points in drawing order.
  public struct Series: Sendable, Equatable {
    public var name: String
    public var points: [Point]
    public init(name: String, points: [Point]) {
      self.name = name
      self.points = points
    }
  }

  public var title: String
  public var xLabel: String
  public var yLabel: String
  public var series: [Series]
  public var xScale: AxisScale
  public var yScale: AxisScale
  /// Ticks to label on the x axis instead of nice numbers (e.g. the distinct depths of a factor).
  public var xTicks: [Double]?

  public init(title: String, xLabel: String, yLabel: String, series: [Series], xScale: AxisScale = .linear,
              yScale: AxisScale = .linear, xTicks: [Double]? = nil) {
    self.title = title
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.series = series
    self.xScale = xScale
    self.yScale = yScale
    self.xTicks = xTicks
  }

  /// The rectangle data is drawn in, in SVG pixels.
  public struct Frame: Sendable, Equatable {
    public let x: Double, y: Double, width: Double, height: Double
    public func contains(_ px: Double, _ py: Double) -> Bool {
      px >= x - 1e-9 && px <= x + width + 1e-9 && py >= y - 1e-9 && py <= y + height + 1e-9
    }
  }

  public var plotArea: Frame { Frame(x: 72, y: 36, width: 480, height: 270) }

  /// How many points have a value that cannot be drawn (non-finite, or ≤ 0 on a log axis).
  public var undrawnPointCount: Int {
    let (_, yAxis) = axes()
    return series.reduce(0) { count, s in
      count + s.points.filter { yAxis.position($0.y, from: 0, to: 1) == nil || !$0.x.isFinite }.count
    }
  }

  func axes() -> (Axis, Axis) {
    let points = series.flatMap(\.points)
    let xs = points.map(\.x)
    let resolvedX = xScale.resolved(for: xs)
    let xAxis = Axis(values: xs, scale: resolvedX, explicitTicks: xTicks)
    // Only values that will be drawn decide the y range: a y whose x is not drawable is left out.
    let drawn = points.filter { xAxis.position($0.x, from: 0, to: 1) != nil }
    let ys = drawn.flatMap { [$0.y, $0.low, $0.high] }
    let yAxis = Axis(values: ys, scale: yScale.resolved(for: drawn.map(\.y)))
    return (xAxis, yAxis)
  }

  /// The chart as an SVG document (same input, same bytes).
  public func svg() -> String {
    let frame = plotArea
    let (xAxis, yAxis) = axes()
    let hasSelected = series.contains { $0.points.contains(where: \.selected) }
    let legendNames = series.map(\.name) + (hasSelected ? [Self.selectedLegend] : [])
    let legendWidth = 44 + 6.6 * Double(legendNames.map(\.count).max() ?? 0)
    let width = frame.x + frame.width + 16 + (series.isEmpty ? 0 : legendWidth)
    let height = max(frame.y + frame.height + 58, frame.y + 24 + 18 * Double(legendNames.count))
    var svg = SVGWriter(width: width, height: height)
    SeriesStyle.markerDefinitions.forEach { svg.define($0) }
    ChartFrame.drawTitle(title, width: width, into: &svg)
    ChartFrame.drawAxes(frame: frame, x: xAxis, y: yAxis, xLabel: xLabel, yLabel: yLabel, into: &svg)
    let map = { (p: Point, value: Double) -> (x: Double, y: Double)? in
      guard let px = xAxis.position(p.x, from: frame.x, to: frame.x + frame.width),
            let py = yAxis.position(value, from: frame.y + frame.height, to: frame.y) else { return nil }
      return (px, py)
    }
    for (index, s) in series.enumerated() {
      drawBands(s, style: SeriesStyle.at(index), map: map, into: &svg)
    }
    var drewSomething = false
    for (index, s) in series.enumerated() {
      drewSomething = drawLine(s, style: SeriesStyle.at(index), map: map, into: &svg) || drewSomething
    }
    for (index, s) in series.enumerated() {
      for point in s.points where point.selected {
        guard let position = map(point, point.y) else { continue }
        drawSelected(at: position.x, position.y, colour: SeriesStyle.at(index).colour, into: &svg)
      }
    }
    if !drewSomething {
      svg.text("no finite data to plot", x: frame.x + frame.width / 2, y: frame.y + frame.height / 2,
               anchor: "middle", size: 13, className: "empty")
    }
    drawLegend(x: frame.x + frame.width + 16, y: frame.y + 6, selected: hasSelected, into: &svg)
    return svg.render(title: title)
  }

  static let selectedLegend = "selected"

  /// A filled circle twice the size of a marker, outlined in ink so it shows on any line colour.
  func drawSelected(at x: Double, _ y: Double, colour: String, into svg: inout SVGWriter,
                    className: String = "selected") {
    svg.element("circle", [("class", className), ("cx", SVGWriter.number(x)), ("cy", SVGWriter.number(y)),
                           ("r", "6.00"), ("fill", colour), ("stroke", ChartFrame.ink), ("stroke-width", "1.50")])
  }

  /// Splits points into runs where `keep` gives a position, so undrawable points break the run.
  static func runs<T>(_ points: [Point], _ keep: (Point) -> T?) -> [[T]] {
    var runs: [[T]] = [], current: [T] = []
    for point in points {
      if let value = keep(point) { current.append(value) } else if !current.isEmpty {
        runs.append(current)
        current = []
      }
    }
    if !current.isEmpty { runs.append(current) }
    return runs
  }

  func drawBands(_ s: Series, style: SeriesStyle,
                 map: (Point, Double) -> (x: Double, y: Double)?, into svg: inout SVGWriter) {
    let bandRuns = LineChart.runs(s.points) { p -> (upper: (x: Double, y: Double), lower: (x: Double, y: Double))? in
      guard let upper = map(p, p.high), let lower = map(p, p.low) else { return nil }
      return (upper, lower)
    }
    for run in bandRuns where run.count >= 2 {
      let outline = run.map(\.upper) + run.reversed().map(\.lower)
      svg.element("polygon", [("class", "band"), ("points", SVGWriter.points(outline)), ("fill", style.colour),
                              ("fill-opacity", "0.15"), ("stroke", "none")])
    }
  }

  /// Draws a series' polylines and markers; returns whether any point was drawn.
  func drawLine(_ s: Series, style: SeriesStyle,
                map: (Point, Double) -> (x: Double, y: Double)?, into svg: inout SVGWriter) -> Bool {
    let lineRuns = LineChart.runs(s.points) { map($0, $0.y) }
    for run in lineRuns where run.count >= 2 {
      var attributes = [("class", "line"), ("points", SVGWriter.points(run)), ("fill", "none"),
                        ("stroke", style.colour), ("stroke-width", "1.80")]
      if !style.dash.isEmpty { attributes.append(("stroke-dasharray", style.dash)) }
      svg.element("polyline", attributes)
    }
    let drawn = lineRuns.flatMap { $0 }
    // At most about 15 markers per line: enough to tell the series apart, few enough to see the line.
    let stride = max(1, (drawn.count + 14) / 15)
    for (index, point) in drawn.enumerated() where index % stride == 0 || index == drawn.count - 1 {
      style.drawMarker(at: point.x, point.y, into: &svg)
    }
    return !drawn.isEmpty
  }

  func drawLegend(x: Double, y: Double, selected: Bool, into svg: inout SVGWriter) {
    for (index, s) in series.enumerated() {
      let style = SeriesStyle.at(index)
      let rowY = y + 18 * Double(index)
      svg.line(x1: x, y1: rowY, x2: x + 28, y2: rowY, stroke: style.colour, width: 1.8, dash: style.dash,
               className: "legend-line")
      style.drawMarker(at: x + 14, rowY, into: &svg, className: "legend-marker")
      svg.text(s.name, x: x + 36, y: rowY + 4, size: 11, className: "legend-label")
    }
    guard selected else { return }
    let rowY = y + 18 * Double(series.count)
    drawSelected(at: x + 14, rowY, colour: "#ffffff", into: &svg, className: "legend-selected")
    svg.text(Self.selectedLegend, x: x + 36, y: rowY + 4, size: 11, className: "legend-label")
  }
}
