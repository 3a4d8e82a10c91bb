/// How one series looks: colour, dash pattern and marker, so that series stay distinguishable when a
/// page is printed in greyscale or read by someone who does not see the colours.
///
/// Colours are the Okabe–Ito palette (distinct for the common colour-vision deficiencies). The first
/// eight styles differ in all three of colour, dash and marker; later ones repeat a colour with another
/// dash and marker.
struct SeriesStyle: Equatable {
  let colour: String
  /// A `stroke-dasharray` value; empty for a solid line.
  let dash: String
  let marker: Marker

  enum Marker: Int, CaseIterable {
    case circle, square, triangleUp, diamond, cross, triangleDown, plus, star

    /// The marker's outline centred at (0, 0), about 7 pixels across.
    var path: String {
      switch self {
      case .circle: "M -3.5 0 A 3.5 3.5 0 1 0 3.5 0 A 3.5 3.5 0 1 0 -3.5 0 Z"
      case .square: "M -3 -3 L 3 -3 L 3 3 L -3 3 Z"
      case .triangleUp: "M 0 -4 L 3.5 3 L -3.5 3 Z"
      case .diamond: "M 0 -4 L 4 0 L 0 4 L -4 0 Z"
      case .cross: "M -3 -3 L 3 3 M -3 3 L 3 -3"
      case .triangleDown: "M 0 4 L 3.5 -3 L -3.5 -3 Z"
      case .plus: "M -4 0 L 4 0 M 0 -4 L 0 4"
      case .star: "M 0 -4 L 1 -1 L 4 -1 L 1.5 1 L 2.5 4 L 0 2 L -2.5 4 L -1.5 1 L -4 -1 L -1 -1 Z"
      }
    }

    /// Open markers (cross, plus) are drawn as strokes only.
    var isOpen: Bool { self == .cross || self == .plus }
    var id: String { "marker-\(rawValue)" }
  }

  static let colours = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#999933"]
  static let dashes = ["", "6 3", "2 2", "8 3 2 3", "4 4", "1 3", "10 2", "6 2 1 2 1 2"]

  /// The style of the series at `index` in its chart.
  static func at(_ index: Int) -> SeriesStyle {
    let colour = colours[index % colours.count]
    let round = index / colours.count
    return SeriesStyle(colour: colour, dash: dashes[(index + round) % dashes.count],
                       marker: Marker.allCases[(index + 3 * round) % Marker.allCases.count])
  }

  /// The `<defs>` entries for every marker shape.
  static var markerDefinitions: [String] {
    Marker.allCases.map { "<path id=\"\($0.id)\" d=\"\($0.path)\"/>" }
  }

  /// Draws this style's marker centred at (x, y).
  func drawMarker(at x: Double, _ y: Double, into svg: inout SVGWriter, className: String = "marker") {
    svg.element("use", [("class", className), ("xlink:href", "#" + marker.id),
                        ("x", SVGWriter.number(x)), ("y", SVGWriter.number(y)),
                        ("fill", marker.isOpen ? "none" : colour), ("stroke", colour), ("stroke-width", "1.20")])
  }
}
