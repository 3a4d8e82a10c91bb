import Foundation
import Testing
@testable import Report

/// The findings by claim (verdict with counts, CPU time, takeaway, one row per sub-claim), from
/// subclaims.csv and manifest.json; and the older folders without them.
@Suite struct SubClaimReportTests {
  static func readme(olderFormat: Bool = false) throws -> (root: String, readme: String, html: String) {
    let root = try ReportFixtures.resultsFolder(olderFormat: olderFormat)
    let written = try ResultsReport.write(for: ReportFixtures.registered, in: root)
    return (root, ReportFixtures.read(written.readme), ReportFixtures.read(written.html))
  }

  /// The rows of the Markdown table whose header starts with `header`.
  static func tableRows(_ text: String, header: String) throws -> [String] {
    let lines = text.split(separator: "\n").map(String.init)
    let start = try #require(lines.firstIndex { $0.hasPrefix(header) })
    return Array(lines[(start + 2)...].prefix { $0.hasPrefix("|") })
  }

  static let takeaway = "Supported: relu-a-d8 beats tanh-a-d8 — about +1.2 pts. "
    + "Contradicted: depth 8 beats depth 2, at every width, \"wide\" or not — about -0.5 pts. "
    + "Inconclusive: c (MDE 0.046 loss), d."

  @Test func quotedStatementsWithCommasReadAsOneField() {
    let table = CSVTable(parsing: ReportFixtures.subClaimsCSV)
    #expect(table.header.count == 15 && table.rows.count == 4)
    #expect(table.rows.allSatisfy { $0.count == 15 })
    let b = SubClaimResult.rows(of: table)[1]
    #expect(b.statement == "depth 8 beats depth 2, at every width, \"wide\" or not")
    #expect(b.outcome == "contradicted" && b.effect == -0.5 && b.seeds == 3 && b.converged == "")
  }

  @Test func eachClaimGivesItsVerdictCountsCPUTimeAndTakeaway() throws {
    let (root, readme, html) = try Self.readme()
    defer { try? FileManager.default.removeItem(atPath: root) }
    #expect(readme.contains("\n**[synthetic-depth](#synthetic-depth)**: Deeper synthetic nets (e.g. depth 8) score higher. "
      + "Verdict **mixed** (1 supported, 1 contradicted, 2 inconclusive); 3 seeds; CPU 12 min (100%); "
      + "[verdict.md](synthetic-depth/verdict.md).\n\nTakeaway: " + Self.takeaway + "\n\n| Sub-claim |"))
    #expect(readme.contains("\n**[never-run](#never-run)**: Nothing has been measured yet. Not run yet: `"))
    #expect(html.contains("; 3 seeds; CPU 12 min (100%); <a href=\"synthetic-depth/verdict.md\">verdict.md</a>."
      + "<br/>Takeaway: " + HTMLText.escape(Self.takeaway) + "</th></tr>"))
    #expect(readme.contains("in 12 min of CPU time"))
    #expect(readme.contains("[sub-claims](synthetic-depth/subclaims.csv)") && readme.contains("[tuning](synthetic-depth/tuning.csv)"))
    #expect(readme.contains("Verdict: **mixed** (1 supported, 1 contradicted, 2 inconclusive), 3 seeds per arm"))
    // The reasons stay in verdict.md: linked, not copied.
    #expect(!readme.contains("Why this verdict") && !readme.contains("### Comparisons"))
    #expect(readme.contains("Why: [verdict.md](synthetic-depth/verdict.md)."))
  }

  @Test func oneRowPerSubClaimGroupedByClaim() throws {
    let (root, readme, html) = try Self.readme()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let rows = try Self.tableRows(readme, header: "| Sub-claim | Statement |")
    #expect(rows == [
      "| a | relu-a-d8 beats tanh-a-d8 | +1.23 [0.80, 1.66] pts | supported | "
        + "learning rate per arm (5-point grid) | to a validation plateau (patience 5, at most 60 epochs); "
        + "converged 5/6 | 3 (MDE 0.90 pts) |",
      "| b | depth 8 beats depth 2, at every width, \"wide\" or not | -0.50 [-0.91, -0.12] pts | contradicted | "
        + "no | 3 epochs | 3 (MDE 0.90 pts) |",
      "| c | relu-b-d4 has the lower test loss | +0.0123 [-0.0080, 0.0321] loss | inconclusive | no | 3 epochs | "
        + "3 (MDE 0.0456 loss) |",
      "| d | relu-a-d2 beats the threshold | n/a | inconclusive | no | 3 epochs | 3 |",
    ])
    let xml = XMLInspection(html)
    #expect(xml.parsed, "XMLParser: \(xml.error ?? "")")
    // One table: per claim a tbody whose first row (the claim) spans the columns, then its sub-claims.
    let start = try #require(xml.elements.firstIndex { $0.name == "table" && $0.attributes["id"] == "findings" })
    let table = xml.elements[start...].prefix { $0.name != "h2" }
    #expect(table.filter { $0.name == "tbody" }.count == 2)
    #expect(table.filter { $0.name == "tr" && $0.className == "claim" }.count == 2)
    #expect(table.filter { $0.name == "tr" }.count == 1 + 2 + 4)
    #expect(table.filter { $0.attributes["colspan"] == "7" }.count == 2)
  }

  @Test func effectsDurationsAndCountsAreFormattedFromTheNumbers() {
    #expect(EffectFormat.effect(1.234, low: 0.801, high: 1.662, unit: "points") == "+1.23 [0.80, 1.66] pts")
    #expect(EffectFormat.effect(-0.004, low: -0.01, high: 0.002, unit: "points") == "0.00 [-0.01, 0.00] pts")
    #expect(EffectFormat.effect(-12.5, low: -20, high: -5, unit: "loss") == "-12.5 [-20.0, -5.0] loss")
    #expect(EffectFormat.effect(0.5, low: nil, high: nil, unit: "points") == "+0.50 pts")
    #expect(EffectFormat.effect(nil, low: 1, high: 2, unit: "points") == "n/a")
    #expect([45, 89.4, 720.4, 5399, 12_240].map(ReportFormat.duration) == ["45 s", "89 s", "12 min", "90 min", "3.4 h"])
    #expect(ReportFormat.duration(nil) == "–")
    let outcomes = ["inconclusive", "supported", "supported", "skipped"].map {
      SubClaimResult(id: "x", statement: "", outcome: $0, metric: "", effect: nil, ciLow: nil, ciHigh: nil, unit: "",
                     smallestEffect: nil, pAdjusted: nil, seeds: nil, minDetectableEffect: nil, tuned: "", budget: "",
                     converged: "")
    }
    #expect(SubClaimResult.counts(outcomes) == "2 supported, 1 inconclusive, 1 skipped")
  }

  @Test func aFolderWithoutSubClaimsStillRendersWithItsKeyEffect() throws {
    let (root, readme, html) = try Self.readme(olderFormat: true)
    defer { try? FileManager.default.removeItem(atPath: root) }
    // The verdict as verdict.md says it, no counts; the key effect with its p; no CPU time without a manifest.
    let verdict = ExperimentResults(tables: try ReportFixtures.tables()).verdict
    #expect(readme.contains(" Verdict **\(verdict)**; 3 seeds; CPU –; [verdict.md](synthetic-depth/verdict.md).\n\n"
      + "Key effect: relu-a-d8 − tanh-a-d8 on final_test_accuracy: "))
    #expect(readme.contains(" (p Holm "))
    #expect(!readme.contains("synthetic-depth/subclaims.csv") && !readme.contains("synthetic-depth/tuning.csv"))
    #expect(!readme.contains("| Sub-claim | Statement |") && !html.contains("<td>relu-a-d8 beats"))
    #expect(!readme.contains("plots/tuning-"))
    #expect(XMLInspection(html).parsed)
  }
}
