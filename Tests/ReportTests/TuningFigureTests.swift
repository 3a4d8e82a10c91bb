import Foundation
import Testing
@testable import Report

/// The tuning sensitivity plot (tuning.csv): one line per arm on a log x axis, each arm's selected value
/// marked, diverged runs left out of the means, panels for many arms.
@Suite struct TuningFigureTests {
  /// Results of a tuned experiment with these arms and nothing else but their tuning runs.
  static func results(arms: [String]) -> ExperimentResults {
    let finals = CSVTable(parsing: "arm,seed,status,diverged_step\n" + arms.map { "\($0),0,ok," }.joined(separator: "\n"))
    let empty = CSVTable(header: [], rows: [])
    return ExperimentResults(id: "tuned", curves: empty, finals: finals, summary: empty, significance: empty,
                             probes: nil, verdictMarkdown: "", verdict: "reproduced", profile: "full", seedCount: 1,
                             tuning: CSVTable(parsing: ReportFixtures.tuningCSV(arms: arms)))
  }

  static let arms = ["a", "b", "c"]

  static func figure() throws -> Figure {
    let groups = ExperimentFigures.tuningSensitivity(results(arms: arms))
    #expect(groups.count == 1 && groups.first?.heading == "Tuning sensitivity: learning_rate")
    return try #require(groups.first?.figures.first { $0.path == "plots/tuning-learning-rate.svg" })
  }

  @Test func meansSkipDivergedRunsAndKeepTheSelectedValue() throws {
    let tuning = CSVTable(parsing: ReportFixtures.tuningCSV(arms: Self.arms))
    let (points, edges) = ExperimentFigures.sensitivityPoints(tuning, parameter: "learning_rate", metric: "validation_accuracy")
    let b = try #require(points["b"])
    #expect(b.map(\.x) == ReportFixtures.tuningGrid)
    // b peaks at 0.03 (grid position 1): at 0.1 the mean of 0.75 and 0.751; at 1.0 only seed 0 (seed 1
    // diverged): 0.8 − 0.05·3² = 0.35.
    #expect(abs(b[2].y - 0.7505) < 1e-12 && abs(b[4].y - 0.35) < 1e-12)
    #expect(b.map(\.selected) == [false, true, false, false, false])
    // Every run of a diverged at 1.0: a NaN point, which the chart does not draw.
    #expect(points["a"]?.last?.x == 1.0 && points["a"]?.last?.y.isNaN == true)
    #expect(edges == ["a": "flagged", "b": "none", "c": "none"])
  }

  @Test func oneLinePerArmWithItsSelectedValueMarked() throws {
    let figure = try Self.figure()
    let xml = XMLInspection(figure.svg)
    #expect(xml.parsed, "XMLParser: \(xml.error ?? "")")
    let lines = xml.elements(named: "polyline", class: "line")
    let selected = xml.elements(named: "circle", class: "selected")
    #expect(lines.count == 3 && selected.count == 3)
    #expect(xml.elements(named: "line", class: "legend-line").count == 3)
    #expect(xml.elements(named: "circle", class: "legend-selected").count == 1)
    // a's point at 1.0 is not drawn and the note says so.
    #expect(figure.note.hasPrefix("1 point not drawn"))
    for (index, (line, circle)) in zip(lines, selected).enumerated() {
      let vertices = XMLInspection.pointList(line.attributes["points"] ?? "")
      #expect(vertices.count == (index == 0 ? 4 : 5))
      // The circle sits on the vertex at the arm's peak, in the arm's colour.
      let peak = vertices[ReportFixtures.tuningPeak(index)]
      #expect(circle.number("cx") == peak.0 && circle.number("cy") == peak.1, "arm \(Self.arms[index])")
      #expect(circle.attributes["fill"] == line.attributes["stroke"])
    }
  }

  @Test func theXAxisIsLogarithmic() throws {
    let xml = XMLInspection(try Self.figure().svg)
    let b = XMLInspection.pointList(xml.elements(named: "polyline", class: "line")[1].attributes["points"] ?? "")
    let x = b.map(\.0)  // at 0.01, 0.03, 0.1, 0.3, 1
    // Equal decades take equal widths, and 0.03 sits log10(3) = 0.477 of the way from 0.01 to 0.1
    // (a linear axis would put it at 0.222). Pixels have two decimals.
    #expect(abs((x[2] - x[0]) - (x[4] - x[2])) < 0.02)
    #expect(abs((x[1] - x[0]) / (x[2] - x[0]) - log10(3)) < 1e-3)
    let ticks = xml.elements(named: "text", class: "tick-label").count
    #expect(ticks >= ReportFixtures.tuningGrid.count)
  }

  @Test func everyCoordinateLiesInsideThePlotArea() throws {
    let figure = try Self.figure()
    let points = XMLInspection(figure.svg).plottedPoints
    #expect(points.count >= 3 * 4 + 3)
    let frame = LineChart(title: "", xLabel: "", yLabel: "", series: []).plotArea
    let outside = points.filter { !frame.contains($0.0, $0.1) }
    #expect(outside.isEmpty, "outside the plot area: \(outside)")
  }

  @Test func manyArmsAreSplitIntoPanelsBesideTheirLearningCurvesAndTheEdgesAreNamed() throws {
    let root = try ReportFixtures.resultsFolder()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let results = try #require(ExperimentResults.load(id: "synthetic-depth", from: root))
    let groups = ResultsReport.figures(for: results)
    let group = try #require(groups.first { $0.heading == "Learning curves and tuning sensitivity" })
    // 12 arms: one panel per (activation, initializer), one line per depth; each panel's sensitivity on
    // the row of its test-accuracy curves.
    let panels = ["relu-a", "relu-b", "tanh-a", "tanh-b"].map { "activation-\($0.prefix(4))-initializer-\($0.suffix(1))" }
    #expect(group.columns == ["Test accuracy", "Tuning sensitivity"])
    #expect(group.rows.map { $0.map { $0?.path } } == panels.map {
      ["plots/test-accuracy-\($0).svg", "plots/tuning-learning-rate-\($0).svg"]
    })
    for figure in group.rows.compactMap({ $0[1] }) {
      #expect(XMLInspection(figure.svg).elements(named: "polyline", class: "line").count == 3, "\(figure.path)")
    }
    #expect(group.caption.contains("extended past its edge for relu-b-d4, tanh-b-d2."))
    #expect(group.caption.contains("(flagged) for relu-a-d2, relu-b-d8, tanh-b-d4."))
    // The train-loss curves follow as their own group; no chart is lost or shown twice.
    let loss = try #require(groups.first { $0.heading == "Training loss" })
    #expect(loss.figures.map(\.path) == panels.map { "plots/train-loss-\($0).svg" })
    let all = groups.flatMap(\.figures).map(\.path)
    #expect(Set(all).count == all.count)
  }

  @Test func aSensitivityChartWithoutAMatchingPanelTakesTheFirstFreeRow() {
    let figure = { (path: String) in Figure(path: path, title: path, svg: "", note: "") }
    let curves = FigureGroup(heading: "Learning curves", caption: "c",
                             figures: ["plots/test-accuracy-x.svg", "plots/test-accuracy-y.svg", "plots/train-loss-x.svg"].map(figure))
    let tuning = [FigureGroup(heading: "Tuning sensitivity: lr", caption: "t",
                              figures: ["plots/tuning-lr-y.svg", "plots/tuning-lr.svg", "plots/tuning-lr-z.svg"].map(figure))]
    let groups = ExperimentFigures.besideTuning(curves, tuning)
    #expect(groups.map(\.heading) == ["Learning curves and tuning sensitivity", "Training loss"])
    #expect(groups[0].rows.map { $0.map { $0?.path } } == [
      ["plots/test-accuracy-x.svg", "plots/tuning-lr.svg"], ["plots/test-accuracy-y.svg", "plots/tuning-lr-y.svg"],
      [nil, "plots/tuning-lr-z.svg"],
    ])
    #expect(ExperimentFigures.besideTuning(curves, []) == [curves])
  }
}
