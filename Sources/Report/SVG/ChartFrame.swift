/// The parts every chart shares: the title, the plot-area frame, grid lines, ticks and axis labels.
enum ChartFrame {
  static let ink = "#222222"
  static let grid = "#dddddd"

  static func drawTitle(_ title: String, width: Double, into svg: inout SVGWriter) {
    svg.text(title, x: width / 2, y: 20, anchor: "middle", size: 14, weight: "bold", className: "title")
  }

  /// Draws the frame, a grid line and label at every tick of both axes, and the axis titles.
  static func drawAxes(frame: LineChart.Frame, x: Axis?, y: Axis?, xLabel: String, yLabel: String,
                       into svg: inout SVGWriter) {
    let bottom = frame.y + frame.height, right = frame.x + frame.width
    svg.element("rect", [("class", "plot-area"), ("x", SVGWriter.number(frame.x)), ("y", SVGWriter.number(frame.y)),
                         ("width", SVGWriter.number(frame.width)), ("height", SVGWriter.number(frame.height)),
                         ("fill", "none"), ("stroke", ink), ("stroke-width", "1.00")])
    if let x {
      for tick in x.ticks {
        guard let px = x.position(tick.value, from: frame.x, to: right) else { continue }
        svg.line(x1: px, y1: frame.y, x2: px, y2: bottom, stroke: grid, width: 0.6, className: "grid")
        svg.line(x1: px, y1: bottom, x2: px, y2: bottom + 4, stroke: ink, className: "tick")
        svg.text(tick.label, x: px, y: bottom + 17, anchor: "middle", size: 11, className: "tick-label")
      }
    }
    if let y {
      for tick in y.ticks {
        guard let py = y.position(tick.value, from: bottom, to: frame.y) else { continue }
        svg.line(x1: frame.x, y1: py, x2: right, y2: py, stroke: grid, width: 0.6, className: "grid")
        svg.line(x1: frame.x - 4, y1: py, x2: frame.x, y2: py, stroke: ink, className: "tick")
        svg.text(tick.label, x: frame.x - 7, y: py + 4, anchor: "end", size: 11, className: "tick-label")
      }
    }
    svg.text(xLabel, x: frame.x + frame.width / 2, y: bottom + 40, anchor: "middle", size: 12, className: "axis-label")
    if !yLabel.isEmpty {
      svg.text(yLabel, x: 16, y: frame.y + frame.height / 2, anchor: "middle", size: 12, rotate: true,
               className: "axis-label")
    }
  }
}
