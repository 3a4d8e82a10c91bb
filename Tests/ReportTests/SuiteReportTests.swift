import Foundation
import Testing
@testable import Report

/// The suite-wide pieces: the forest plot of every accuracy sub-claim, the combined subclaims.csv, and
/// the takeaway sentences written from the effects.
@Suite struct SuiteReportTests {
  static func written() throws -> (root: String, written: ResultsReport.Written) {
    let root = try ReportFixtures.resultsFolder()
    return (root, try ResultsReport.write(for: ReportFixtures.registered, in: root))
  }

  // MARK: - Forest plot

  /// The fixture's subclaims.csv: a (+1.234, supported, ±0.5), b (-0.5, contradicted, ±0.5), c in loss
  /// units (left out), d in points without numbers ("no estimate").
  @Test func forestPlotHasOneMarkPerAccuracySubClaimMarkedByOutcome() throws {
    let (root, written) = try Self.written()
    defer { try? FileManager.default.removeItem(atPath: root) }
    #expect(written.plots.first == root + "/plots/forest.svg")
    let svg = ReportFixtures.read(root + "/plots/forest.svg")
    let xml = XMLInspection(svg)
    #expect(xml.parsed, "XMLParser: \(xml.error ?? "")")
    #expect(xml.elements(named: "use", class: "effect effect-supported").count == 1)
    #expect(xml.elements(named: "use", class: "effect effect-contradicted").count == 1)
    #expect(xml.elements.filter { $0.className.hasPrefix("effect ") }.count == 2)
    #expect(xml.elements(named: "text", class: "missing").count == 1)
    // One labelled row per accuracy sub-claim, under the experiment's group; the loss one is not there.
    #expect(xml.elements(named: "text", class: "row-label").count == 3)
    #expect(xml.elements(named: "text", class: "group-label").count == 1)
    #expect(xml.text.contains("a  relu-a-d8 beats tanh-a-d8") && !xml.text.contains("lower test loss"))
    #expect(xml.text.contains("+1.23 [0.80, 1.66]") && xml.text.contains("-0.50 [-0.91, -0.12]"))
    // Markers sit where the effects say: a at +1.234 and b at -0.5 on either side of the zero line.
    let zero = try #require(xml.elements(named: "line", class: "zero").first?.number("x1"))
    let marks = xml.elements.filter { $0.className.hasPrefix("effect ") }.compactMap { $0.number("x") }
    #expect(abs((marks[0] - zero) / (marks[1] - zero) - 1.234 / -0.5) < 0.02)
    // The smallest effect of interest: a band from -0.5 to +0.5 on each of a's and b's rows.
    let bands = xml.elements(named: "rect", class: "sesoi")
    #expect(bands.count == 2)
    for band in bands {
      let left = try #require(band.number("x")), width = try #require(band.number("width"))
      #expect(abs((left + width / 2) - zero) < 0.02)
      #expect(abs(width / 2 - 0.5 * (marks[0] - zero) / 1.234) < 0.05)
    }
    #expect(xml.elements(named: "line", class: "sesoi-edge").count == 4)
    let readme = ReportFixtures.read(written.readme), html = ReportFixtures.read(written.html)
    #expect(readme.contains("![Every sub-claim in accuracy points: effect with its 95% CI](plots/forest.svg)"))
    #expect(readme.contains("(3 in accuracy points; 1 measured in another unit"))
    #expect(html.contains("<figure id=\"forest\"><img src=\"plots/forest.svg\""))
  }

  @Test func effectsBeyondTheLimitAreClippedWithAnArrowAndTheirNumbersKept() {
    let rows = [ForestPlot.Row(label: "huge", effect: 48.8, low: 46.2, high: 51.3, outcome: "supported",
                               smallestEffect: nil, note: "+48.80 [46.20, 51.30]"),
                ForestPlot.Row(label: "small", effect: -0.4, low: -12, high: 0.3, outcome: "inconclusive",
                               smallestEffect: 1, note: "-0.40 [-12.00, 0.30]")]
    let chart = ForestPlot(title: "t", valueLabel: "v", groups: [.init(title: "g", rows: rows)], limit: 10)
    let xml = XMLInspection(chart.svg())
    #expect(xml.parsed)
    // Two arrows for "huge" (its effect and its whisker beyond +10), one for "small"'s whisker below -10.
    #expect(xml.elements(named: "polygon", class: "clipped").count == 3)
    let frame = chart.plotArea
    for mark in xml.elements.filter({ $0.className.hasPrefix("effect ") }) {
      #expect(frame.contains(mark.number("x") ?? .nan, mark.number("y") ?? .nan))
    }
    #expect(xml.text.contains("+48.80 [46.20, 51.30]"))
    let ticks = xml.elements(named: "text", class: "tick-label")
    #expect(ticks.count >= 4)
  }

  @Test func noForestPlotWithoutAccuracySubClaims() throws {
    let root = try ReportFixtures.resultsFolder(olderFormat: true)
    defer { try? FileManager.default.removeItem(atPath: root) }
    let written = try ResultsReport.write(for: ReportFixtures.registered, in: root)
    #expect(!FileManager.default.fileExists(atPath: root + "/plots/forest.svg"))
    #expect(!ReportFixtures.read(written.readme).contains("forest.svg"))
  }

  // MARK: - Combined subclaims.csv

  @Test func combinedSubClaimsHaveEveryRowWithItsExperimentAndTheSameFields() throws {
    let (root, written) = try Self.written()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let combined = ReportFixtures.read(written.subClaims)
    #expect(written.subClaims == root + "/subclaims.csv")
    // Every line of the experiment's table, the same bytes, behind its id (never-run adds nothing).
    let own = ReportFixtures.subClaimsCSV.split(separator: "\n")
    let lines = combined.split(separator: "\n")
    #expect(lines.first == "experiment," + own[0])
    #expect(lines.dropFirst() == own.dropFirst().map { "synthetic-depth," + $0 }[...])
    let table = CSVTable(parsing: combined)
    #expect(table.rows.count == 4 && table.distinct("experiment") == ["synthetic-depth"])
    #expect(table.value(table.rows[1], "statement") == "depth 8 beats depth 2, at every width, \"wide\" or not")
  }

  @Test func aColumnOnlyOneTableHasIsKeptAndLeftEmptyElsewhere() {
    let a = CSVTable(parsing: "sub_claim,outcome\nx,supported\n")
    let b = CSVTable(parsing: "sub_claim,outcome,new_column\ny,\"in, quotes\",7\n")
    #expect(CombinedSubClaims.csv([("one", a), ("two", b)])
      == "experiment,sub_claim,outcome,new_column\none,x,supported,\ntwo,y,\"in, quotes\",7\n")
  }

  // MARK: - Takeaways

  static func subClaim(_ id: String, _ statement: String, _ outcome: String, effect: Double?, unit: String = "points",
                       mde: Double? = nil) -> SubClaimResult {
    SubClaimResult(id: id, statement: statement, outcome: outcome, metric: "", effect: effect, ciLow: nil, ciHigh: nil,
                   unit: unit, smallestEffect: nil, pAdjusted: nil, seeds: 10, minDetectableEffect: mde, tuned: "no",
                   budget: "", converged: "")
  }

  /// adam-decay's sub-claims as in results/ (effects from its subclaims.csv, rounded by hand).
  @Test func takeawaySaysWhatHeldAndByAboutHowMuch() {
    let subClaims = [
      Self.subClaim("a", "A constant rate is not worse than step decay (margin 0.5 points)", "inconclusive",
                    effect: -0.956, mde: 0.731286),
      Self.subClaim("b", "Lowering the rate over the last 10% of training gives a small gain over constant", "supported",
                    effect: 1.269),
      Self.subClaim("c", "Multiplying the rate by 0.9995 every step decays too fast: worse than constant", "contradicted",
                    effect: -0.947),
      Self.subClaim("e", "AdamW beats Adam with L2 in the gradient at equal lambda (0.01 and 0.4)", "supported",
                    effect: 48.785),
      Self.subClaim("f", "Momentum speeds learning", "supported", effect: -0.040877, unit: "final_train_loss"),
      Self.subClaim("g", "never measured", "inconclusive", effect: nil),
    ]
    #expect(SubClaimResult.takeaway(subClaims) == "Supported: "
      + "Lowering the rate over the last 10% of training gives a small gain… — about +1.3 pts; "
      + "AdamW beats Adam with L2 in the gradient at equal lambda — about +49 pts; "
      + "Momentum speeds learning — about -0.041 final_train_loss. "
      + "Contradicted: Multiplying the rate by 0.9995 every step decays too fast — about -0.9 pts. "
      + "Inconclusive: a (MDE 0.7 pts), g.")
  }

  @Test func phrasesKeepTheHeadlineAndDropParenthesesOnlyWhenTooLong() {
    let phrase = { (statement: String) in Self.subClaim("x", statement, "supported", effect: 1).phrase }
    #expect(phrase("Robust to a 10x smaller rate: Adam at x0.1 its default beats SGD") == "Robust to a 10x smaller rate")
    #expect(phrase("0.9 is the recommended value (fixed rate): not worse than 0, 0.5 or 0.99 in test accuracy")
      == "0.9 is the recommended value (fixed rate)")
    #expect(phrase("Sigmoid converges more slowly even when shallow (1 and 2 layers: lower train accuracy after the same budget)")
      == "Sigmoid converges more slowly even when shallow")
    #expect(phrase("Sutskever: beta = 0.99 optimizes better than 0.9 (lower training loss) at a fixed rate")
      == "Sutskever: beta = 0.99 optimizes better than 0.9 at a fixed rate")
    #expect(Self.subClaim("x", "", "supported", effect: 1).phrase == "x")
  }

  @Test func roundedEffectsFollowTheUnit() {
    #expect(EffectFormat.about(1.269, unit: "points", signed: true) == "+1.3 pts")
    #expect(EffectFormat.about(-0.04, unit: "points", signed: true) == "0.0 pts")
    #expect(EffectFormat.about(48.785, unit: "points", signed: true) == "+49 pts")
    #expect(EffectFormat.about(-0.040877, unit: "final_train_loss", signed: true) == "-0.041 final_train_loss")
    #expect(EffectFormat.about(216.95, unit: "points", signed: false) == "217 pts")
  }
}
