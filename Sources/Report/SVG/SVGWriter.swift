// The smallest SVG writer the report needs: elements appended as text, numbers in one fixed format.
//
// It is not a general XML library: it writes only the handful of elements our charts use, escapes every
// attribute and text it is given, and refuses (by design) to print a non-finite number.

/// Accumulates SVG elements and renders one standalone document.
///
/// Every coordinate goes through `SVGWriter.number(_:)`: two decimals, `.` as separator, no `-0.00`, no
/// exponent, no locale. The same calls therefore give the same bytes on every machine.
struct SVGWriter {
  let width: Double
  let height: Double
  private(set) var body: [String] = []
  private var definitions: [String] = []

  init(width: Double, height: Double) {
    self.width = width
    self.height = height
  }

  /// A finite number with exactly two decimals (`12.30`, `-0.50`); callers never pass NaN or infinity.
  ///
  /// - Precondition: `x` is finite (the charts drop non-finite points before they get here).
  static func number(_ x: Double) -> String {
    precondition(x.isFinite, "SVGWriter.number: non-finite coordinate")
    let hundredths = Int((x * 100).rounded())
    let sign = hundredths < 0 ? "-" : ""
    let magnitude = abs(hundredths)
    let fraction = magnitude % 100
    return "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
  }

  /// Escapes the five XML special characters, for attribute values and text alike.
  static func escape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.count)
    for character in text {
      switch character {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&apos;"
      default: out.append(character)
      }
    }
    return out
  }

  /// One element; attribute values are escaped, numbers must already be formatted.
  mutating func element(_ name: String, _ attributes: [(String, String)], text: String? = nil) {
    var line = "<" + name
    for (key, value) in attributes { line += " \(key)=\"\(SVGWriter.escape(value))\"" }
    if let text { line += ">" + SVGWriter.escape(text) + "</\(name)>" } else { line += "/>" }
    body.append(line)
  }

  mutating func define(_ markup: String) { definitions.append(markup) }

  mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1,
                     dash: String = "", className: String? = nil) {
    var attributes: [(String, String)] = []
    if let className { attributes.append(("class", className)) }
    attributes += [("x1", Self.number(x1)), ("y1", Self.number(y1)), ("x2", Self.number(x2)), ("y2", Self.number(y2)),
                   ("stroke", stroke), ("stroke-width", Self.number(width))]
    if !dash.isEmpty { attributes.append(("stroke-dasharray", dash)) }
    element("line", attributes)
  }

  static func points(_ points: [(x: Double, y: Double)]) -> String {
    points.map { number($0.x) + "," + number($0.y) }.joined(separator: " ")
  }

  mutating func text(_ content: String, x: Double, y: Double, anchor: String = "start", size: Double = 12,
                     weight: String? = nil, rotate: Bool = false, className: String? = nil) {
    var attributes: [(String, String)] = []
    if let className { attributes.append(("class", className)) }
    attributes += [("x", Self.number(x)), ("y", Self.number(y)), ("font-size", Self.number(size)),
                   ("text-anchor", anchor)]
    if let weight { attributes.append(("font-weight", weight)) }
    if rotate { attributes.append(("transform", "rotate(-90 \(Self.number(x)) \(Self.number(y)))")) }
    element("text", attributes, text: content)
  }

  /// The document: XML declaration, fixed font family, a white background (readable on dark themes too),
  /// the accessible title, definitions, then the body in the order it was drawn.
  func render(title: String) -> String {
    var lines = [
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
      "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" "
        + "width=\"\(Self.number(width))\" height=\"\(Self.number(height))\" "
        + "viewBox=\"0 0 \(Self.number(width)) \(Self.number(height))\" "
        + "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" role=\"img\">",
      "<title>\(Self.escape(title))</title>",
    ]
    if !definitions.isEmpty { lines += ["<defs>"] + definitions + ["</defs>"] }
    lines.append("<rect x=\"0\" y=\"0\" width=\"\(Self.number(width))\" height=\"\(Self.number(height))\" fill=\"#ffffff\"/>")
    lines += body
    lines.append("</svg>")
    return lines.joined(separator: "\n") + "\n"
  }
}
