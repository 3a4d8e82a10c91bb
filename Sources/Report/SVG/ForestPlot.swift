/// A forest plot: one row per estimate (an effect with its 95% CI), in titled groups, each marked by its
/// outcome, with each row's smallest effect of interest drawn as a shaded band ±s around zero.
///
/// The x axis is linear and covers every value up to `limit` on each side; a whisker or marker beyond it
/// is drawn at the edge with an arrowhead, and the true numbers are printed right of the plot for every
/// row, so nothing is hidden by the clipping. A row without an estimate says so instead of a marker.
public struct ForestPlot: Sendable {
  public struct Row: Sendable, Equatable {
    public var label: String
    public var effect: Double?
    public var low: Double?
    public var high: Double?
    /// `supported`, `contradicted`, `inconclusive`; anything else gets a neutral marker.
    public var outcome: String
    /// Half-width of the shaded band around zero; nil draws no band.
    public var smallestEffect: Double?
    /// Printed right of the plot, e.g. "+1.27 [0.86, 1.67]".
    public var note: String
  }

  public struct Group: Sendable, Equatable {
    public var title: String
    public var rows: [Row]
  }

  public var title: String
  public var valueLabel: String
  public var groups: [Group]
  /// The axis never extends beyond ±limit.
  public var limit: Double

  static let rowHeight = 18.0
  static let plotWidth = 400.0

  /// Marker shape, colour and fill per outcome: shape and fill tell them apart in greyscale.
  static func style(_ outcome: String) -> (marker: SeriesStyle.Marker, colour: String, fill: String) {
    switch outcome {
    case "supported": (.circle, "#009E73", "#009E73")
    case "contradicted": (.square, "#D55E00", "#D55E00")
    case "inconclusive": (.diamond, "#555555", "#ffffff")
    default: (.cross, "#000000", "none")
    }
  }

  var rowCount: Int { groups.reduce(0) { $0 + 1 + $1.rows.count } }

  public var plotArea: LineChart.Frame {
    let labels = groups.flatMap { [$0.title] + $0.rows.map { "  " + $0.label } }
    let labelWidth = 16 + 6.3 * Double(labels.map(\.count).max() ?? 0)
    return LineChart.Frame(x: max(120, labelWidth), y: 84, width: Self.plotWidth,
                           height: Self.rowHeight * Double(max(1, rowCount)))
  }

  func axis() -> Axis {
    let values = groups.flatMap(\.rows).flatMap { [$0.effect, $0.low, $0.high, $0.smallestEffect, $0.smallestEffect.map { -$0 }] }
    return Axis(values: values.compactMap { $0 }.filter(\.isFinite).map { min(limit, max(-limit, $0)) } + [0],
                scale: .linear)
  }

  /// The chart as an SVG document (same input, same bytes).
  public func svg() -> String {
    let frame = plotArea, axis = axis()
    let noteWidth = 14 + 6.3 * Double(groups.flatMap(\.rows).map(\.note.count).max() ?? 0)
    let width = frame.x + frame.width + noteWidth
    var svg = SVGWriter(width: width, height: frame.y + frame.height + 58)
    SeriesStyle.markerDefinitions.forEach { svg.define($0) }
    ChartFrame.drawTitle(title, width: width, into: &svg)
    drawLegend(x: frame.x, y: 40, into: &svg)
    ChartFrame.drawAxes(frame: frame, x: axis, y: nil, xLabel: valueLabel, yLabel: "", into: &svg)
    // Every value is clamped to ±limit, which the axis covers whenever a value reaches it.
    let position = { (value: Double) in
      axis.position(min(limit, max(-limit, value)), from: frame.x, to: frame.x + frame.width)!
    }
    for tick in axis.ticks {  // the scale at the top too: the plot is tall
      guard let x = axis.position(tick.value, from: frame.x, to: frame.x + frame.width) else { continue }
      svg.text(tick.label, x: x, y: frame.y - 5, anchor: "middle", size: 10, className: "tick-label")
    }
    var y = frame.y
    for group in groups {
      svg.text(group.title, x: 8, y: y + 13, size: 12, weight: "bold", className: "group-label")
      y += Self.rowHeight
      for row in group.rows {
        drawRow(row, centre: y + Self.rowHeight / 2, frame: frame, position: position, into: &svg)
        y += Self.rowHeight
      }
    }
    let zero = position(0)
    svg.line(x1: zero, y1: frame.y, x2: zero, y2: frame.y + frame.height, stroke: ChartFrame.ink, width: 1.2, className: "zero")
    return svg.render(title: title)
  }

  func drawRow(_ row: Row, centre y: Double, frame: LineChart.Frame, position: (Double) -> Double,
               into svg: inout SVGWriter) {
    svg.text(row.label, x: 20, y: y + 4, size: 11, className: "row-label")
    svg.text(row.note, x: frame.x + frame.width + 8, y: y + 4, size: 11, className: "row-note")
    if let s = row.smallestEffect, s.isFinite, s > 0 {
      let left = position(-s), right = position(s)
      svg.element("rect", [("class", "sesoi"), ("x", SVGWriter.number(left)), ("y", SVGWriter.number(y - 7)),
                           ("width", SVGWriter.number(right - left)), ("height", "14.00"), ("fill", "#e6e6e6")])
      for edge in [left, right] {
        svg.line(x1: edge, y1: y - 7, x2: edge, y2: y + 7, stroke: "#888888", width: 1, dash: "2 2", className: "sesoi-edge")
      }
    }
    let style = Self.style(row.outcome)
    guard let effect = row.effect, effect.isFinite else {
      svg.text("no estimate", x: frame.x + 6, y: y + 4, size: 11, className: "missing")
      return
    }
    if let low = row.low, let high = row.high, low.isFinite, high.isFinite {
      svg.line(x1: position(low), y1: y, x2: position(high), y2: y, stroke: style.colour, width: 1.6, className: "whisker")
      if low < -limit { drawArrow(at: position(low), y, pointing: -1, colour: style.colour, into: &svg) }
      if high > limit { drawArrow(at: position(high), y, pointing: 1, colour: style.colour, into: &svg) }
    }
    if abs(effect) > limit { drawArrow(at: position(effect), y, pointing: effect < 0 ? -1 : 1, colour: style.colour, into: &svg) }
    svg.element("use", [("class", "effect effect-" + (row.outcome.isEmpty ? "none" : row.outcome)),
                        ("xlink:href", "#" + style.marker.id), ("x", SVGWriter.number(position(effect))),
                        ("y", SVGWriter.number(y)), ("fill", style.fill), ("stroke", style.colour),
                        ("stroke-width", "1.40")])
  }

  /// A small arrowhead just outside the axis edge (so the marker there does not hide it): the value goes
  /// on beyond it.
  func drawArrow(at x: Double, _ y: Double, pointing direction: Double, colour: String, into svg: inout SVGWriter) {
    let tip = x + 7 * direction, base = x + 1 * direction
    svg.element("polygon", [("class", "clipped"), ("points", SVGWriter.points([(tip, y), (base, y - 4), (base, y + 4)])),
                            ("fill", colour)])
  }

  func drawLegend(x: Double, y: Double, into svg: inout SVGWriter) {
    var cursor = x
    for outcome in ["supported", "contradicted", "inconclusive"] {
      let style = Self.style(outcome)
      svg.element("use", [("class", "legend-marker"), ("xlink:href", "#" + style.marker.id), ("x", SVGWriter.number(cursor + 5)),
                          ("y", SVGWriter.number(y)), ("fill", style.fill), ("stroke", style.colour), ("stroke-width", "1.40")])
      svg.text(outcome, x: cursor + 14, y: y + 4, size: 11, className: "legend-label")
      cursor += 24 + 6.3 * Double(outcome.count)
    }
    svg.element("rect", [("class", "legend-sesoi"), ("x", SVGWriter.number(cursor)), ("y", SVGWriter.number(y - 6)),
                         ("width", "16.00"), ("height", "12.00"), ("fill", "#e6e6e6"), ("stroke", "#888888"),
                         ("stroke-dasharray", "2 2")])
    svg.text("± smallest effect of interest", x: cursor + 22, y: y + 4, size: 11, className: "legend-label")
    svg.text("▸ beyond ±\(Axis.label(limit, step: nil)): clipped, number on the right", x: x, y: y + 18, size: 11,
             className: "legend-label")
  }
}
