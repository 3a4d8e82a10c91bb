import Testing
@testable import Report

@Suite struct DotChartTests {
  static let rows: [DotChart.Row] = [
    .init(label: "he", value: 0.85, low: 0.84, high: 0.86, note: "n=10"),
    .init(label: "xavier", value: 0.80, low: 0.70, high: 0.95, note: "n=10"),
    .init(label: "all-diverged", value: .nan, low: .nan, high: .nan, note: "n=0"),
    .init(label: "one-seed", value: 0.5, low: .nan, high: .nan, note: "n=1"),
    .init(label: "wide", value: 0.1, low: -1.2, high: 1.4, note: "n=2"),
  ]

  @Test func dotChartIsWellFormedXMLWithOneRowPerArm() {
    let chart = DotChart(title: "Final test accuracy", valueLabel: "accuracy", rows: Self.rows)
    let xml = XMLInspection(chart.svg())
    #expect(xml.parsed, "XMLParser: \(xml.error ?? "")")
    #expect(xml.elements(named: "text", class: "row-label").count == 5)
    // Dots for the four finite values; whiskers (line + 2 caps) for the three finite intervals.
    #expect(xml.elements(named: "use", class: "marker").count == 4)
    #expect(xml.elements(named: "line", class: "whisker").count == 9)
    #expect(xml.text.contains("no finite value"))
  }

  @Test func whiskersAndDotsLieInsideThePlotAreaAndNothingNonFiniteIsWritten() {
    let chart = DotChart(title: "t", valueLabel: "v", rows: Self.rows)
    let svg = chart.svg()
    let points = XMLInspection(svg).plottedPoints
    #expect(points.count == 4 + 2 * 9)
    #expect(points.allSatisfy { chart.plotArea.contains($0.0, $0.1) })
    #expect(!svg.lowercased().contains("nan") && !svg.lowercased().contains("inf"))
  }

  @Test func sameRowsGiveTheSameBytes() {
    #expect(DotChart(title: "t", valueLabel: "v", rows: Self.rows).svg()
            == DotChart(title: "t", valueLabel: "v", rows: Self.rows).svg())
  }
}
