import Foundation
import Testing
@testable import Report

@Suite struct LineChartTests {
  /// Two series over five epochs, the second with a band; values chosen by hand.
  static func chart(_ series: [LineChart.Series]? = nil, yScale: AxisScale = .linear) -> LineChart {
    LineChart(title: "Test accuracy", xLabel: "epoch", yLabel: "test accuracy", series: series ?? [
      .init(name: "he", points: (1...5).map { .init(x: Double($0), y: 0.5 + 0.08 * Double($0)) }),
      .init(name: "xavier", points: (1...5).map {
        .init(x: Double($0), y: 0.4 + 0.05 * Double($0), low: 0.3 + 0.05 * Double($0), high: 1.2)
      }),
    ], yScale: yScale)
  }

  @Test func lineChartIsWellFormedXML() {
    let xml = XMLInspection(Self.chart().svg())
    #expect(xml.parsed, "XMLParser: \(xml.error ?? "")")
    #expect(xml.elements.first?.name == "svg")
    #expect(xml.elements(named: "polyline", class: "line").count == 2)
    #expect(xml.elements(named: "polygon", class: "band").count == 1)
    #expect(xml.elements(named: "polygon", class: "band").first?.attributes["fill-opacity"] == "0.15")
  }

  @Test func everyPlottedCoordinateLiesInsideThePlotArea() {
    // The band reaches 1.2 and a value 1e3, far outside [0, 1]: the axis must stretch to hold them.
    var series = Self.chart().series
    series.append(.init(name: "outlier", points: [.init(x: 0, y: -3), .init(x: 9, y: 1e3)]))
    for scale in [AxisScale.linear, .automatic] {
      let chart = Self.chart(series, yScale: scale)
      let points = XMLInspection(chart.svg()).plottedPoints
      #expect(points.count >= 12)
      let outside = points.filter { !chart.plotArea.contains($0.0, $0.1) }
      #expect(outside.isEmpty, "outside the plot area: \(outside)")
    }
  }

  @Test func theCheckFindsAPointOutsideThePlotArea() {
    // Negative control for the test above: a hand-made polyline outside the frame is caught.
    let frame = Self.chart().plotArea
    let svg = Self.chart().svg().replacingOccurrences(
      of: "</svg>", with: "<polyline class=\"line\" points=\"1.00,1.00 2.00,2.00\"/>\n</svg>")
    #expect(XMLInspection(svg).plottedPoints.contains { !frame.contains($0.0, $0.1) })
  }

  @Test func nonFiniteValuesAreSkippedAndBreakTheLine() {
    let values = [0.5, .nan, 0.6, 0.7, .infinity, -.infinity, 0.8, 0.85]
    let chart = Self.chart([.init(name: "diverged", points: values.enumerated().map {
      .init(x: Double($0.offset), y: $0.element, low: $0.element - 0.1, high: $0.element + 0.1)
    })])
    let svg = chart.svg()
    let xml = XMLInspection(svg)
    #expect(xml.parsed)
    #expect(!svg.lowercased().contains("nan") && !svg.lowercased().contains("inf"))
    // Runs: [0.5] alone (marker only), [0.6, 0.7], [0.8, 0.85].
    #expect(xml.elements(named: "polyline", class: "line").count == 2)
    #expect(xml.elements(named: "use", class: "marker").count == 5)
    #expect(chart.undrawnPointCount == 3)
    #expect(xml.plottedPoints.allSatisfy { chart.plotArea.contains($0.0, $0.1) })
  }

  @Test func aChartWithNothingFiniteSaysSoAndStaysValid() {
    let svg = Self.chart([.init(name: "all diverged", points: [.init(x: 1, y: .nan), .init(x: 2, y: .infinity)])]).svg()
    let xml = XMLInspection(svg)
    #expect(xml.parsed)
    #expect(xml.text.contains("no finite data to plot"))
    #expect(!svg.lowercased().contains("nan"))
  }

  @Test func logarithmicAxisSkipsZeroAndNegativeValues() {
    let chart = Self.chart([.init(name: "std", points: [1e-12, 1e-6, 0, -1, 1].enumerated().map {
      .init(x: Double($0.offset), y: $0.element)
    })], yScale: .logarithmic)
    let xml = XMLInspection(chart.svg())
    #expect(xml.parsed)
    #expect(chart.undrawnPointCount == 2)
    #expect(xml.elements(named: "use", class: "marker").count == 3)
    #expect(xml.elements(named: "text", class: "tick-label").contains { $0.attributes["x"] != nil })
    #expect(xml.plottedPoints.allSatisfy { chart.plotArea.contains($0.0, $0.1) })
  }

  @Test func sameInputGivesTheSameBytes() {
    #expect(Self.chart().svg() == Self.chart().svg())
    #expect(Self.chart().svg() != Self.chart(yScale: .logarithmic).svg())
  }

  @Test func textIsEscaped() {
    let svg = Self.chart([.init(name: "a<b & \"c\"", points: [.init(x: 0, y: 1), .init(x: 1, y: 2)])]).svg()
    let xml = XMLInspection(svg)
    #expect(xml.parsed, "XMLParser: \(xml.error ?? "")")
    #expect(xml.text.contains("a<b & \"c\""))
  }

  @Test func legendHasOneEntryPerSeriesWithItsOwnDashAndMarker() {
    let series = (0..<8).map { i in LineChart.Series(name: "s\(i)", points: [.init(x: 0, y: Double(i)), .init(x: 1, y: 1)]) }
    let xml = XMLInspection(Self.chart(series).svg())
    let legend = xml.elements(named: "line", class: "legend-line")
    let markers = xml.elements(named: "use", class: "legend-marker")
    #expect(legend.count == 8 && markers.count == 8)
    // Readable in greyscale: the eight dash patterns and the eight marker shapes are all different.
    #expect(Set(legend.map { $0.attributes["stroke-dasharray"] ?? "solid" }).count == 8)
    #expect(Set(markers.map { $0.attributes["xlink:href"] ?? "" }).count == 8)
  }
}
