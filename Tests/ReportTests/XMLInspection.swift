import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Parses a document with Foundation's `XMLParser` (an independent check that our writer emits
/// well-formed XML) and keeps every element with its attributes, in document order.
final class XMLInspection: NSObject, XMLParserDelegate {
  struct Element {
    let name: String
    let attributes: [String: String]
    var className: String { attributes["class"] ?? "" }
    func number(_ key: String) -> Double? { attributes[key].flatMap(Double.init) }
  }

  private(set) var elements: [Element] = []
  private(set) var text = ""
  let parsed: Bool
  let error: String?

  init(_ document: String) {
    let parser = XMLParser(data: Data(document.utf8))
    let collector = Collector()
    parser.delegate = collector
    parsed = parser.parse()
    error = parser.parserError.map { "\($0)" }
    super.init()
    elements = collector.elements
    text = collector.text
  }

  private final class Collector: NSObject, XMLParserDelegate {
    var elements: [Element] = []
    var text = ""
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
      elements.append(Element(name: name, attributes: attributes))
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
  }

  func elements(named name: String, class className: String? = nil) -> [Element] {
    elements.filter { $0.name == name && (className == nil || $0.className == className) }
  }

  /// Every (x, y) of "x,y x,y ..." point lists.
  static func pointList(_ text: String) -> [(Double, Double)] {
    text.split(separator: " ").compactMap { pair in
      let parts = pair.split(separator: ",").compactMap { Double($0) }
      return parts.count == 2 ? (parts[0], parts[1]) : nil
    }
  }

  /// Every data coordinate of a chart: polyline and band vertices, marker and selected-point centres,
  /// whisker ends.
  var plottedPoints: [(Double, Double)] {
    var points: [(Double, Double)] = []
    for e in elements {
      switch (e.name, e.className) {
      case ("polyline", "line"), ("polygon", "band"): points += Self.pointList(e.attributes["points"] ?? "")
      case ("use", "marker"): points.append((e.number("x") ?? .nan, e.number("y") ?? .nan))
      case ("circle", "selected"): points.append((e.number("cx") ?? .nan, e.number("cy") ?? .nan))
      case ("line", "whisker"):
        points += [(e.number("x1") ?? .nan, e.number("y1") ?? .nan), (e.number("x2") ?? .nan, e.number("y2") ?? .nan)]
      default: break
      }
    }
    return points
  }
}
