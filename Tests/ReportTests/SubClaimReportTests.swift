import Foundation
import Testing
@testable import Report

/// The verdict table's counts, takeaway and CPU time, and the sub-claim table, from subclaims.csv and
/// manifest.json; and the older folders without them.
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

  static let takeaway = "Supported: relu-a-d8 beats tanh-a-d8 (+1.23 [0.80, 1.66] pts). "
    + "Contradicted: depth 8 beats depth 2, at every width, \"wide\" or not (-0.50 [-0.91, -0.12] pts). "
    + "Inconclusive: relu-b-d4 has the lower test loss (+0.0123 [-0.0080, 0.0321] loss, MDE 0.0456); "
    + "relu-a-d2 beats the threshold (n/a)."

  @Test func quotedStatementsWithCommasReadAsOneField() {
    let table = CSVTable(parsing: ReportFixtures.subClaimsCSV)
    #expect(table.header.count == 15 && table.rows.count == 4)
    #expect(table.rows.allSatisfy { $0.count == 15 })
    let b = SubClaimResult.rows(of: table)[1]
    #expect(b.statement == "depth 8 beats depth 2, at every width, \"wide\" or not")
    #expect(b.outcome == "contradicted" && b.effect == -0.5 && b.seeds == 3 && b.converged == "")
  }

  @Test func verdictRowGivesCountsTakeawayAndCPUTime() throws {
    let (root, readme, html) = try Self.readme()
    defer { try? FileManager.default.removeItem(atPath: root) }
    #expect(!readme.contains("Key effect") && !html.contains("Key effect"))
    let row = try #require(try Self.tableRows(readme, header: "| Experiment | Claim |").first)
    #expect(row.contains("| **mixed**<br>1 supported, 1 contradicted, 2 inconclusive | "))
    #expect(row.contains("| " + Self.takeaway + " | 12 min | 3 | "))
    #expect(row.contains("[sub-claims](synthetic-depth/subclaims.csv)") && row.contains("[tuning](synthetic-depth/tuning.csv)"))
    #expect(html.contains("<td><strong>mixed</strong><br/>1 supported, 1 contradicted, 2 inconclusive</td>"))
    #expect(html.contains("<td>" + HTMLText.escape(Self.takeaway) + "</td><td>12 min</td>"))
    #expect(readme.contains("Verdict: **mixed** (1 supported, 1 contradicted, 2 inconclusive), 3 seeds per arm"))
  }

  @Test func subClaimTableHasOneRowPerSubClaimGroupedByExperiment() throws {
    let (root, readme, html) = try Self.readme()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let rows = try Self.tableRows(readme, header: "| Experiment | Sub-claim |")
    #expect(rows == [
      "| [synthetic-depth](#synthetic-depth) | a | relu-a-d8 beats tanh-a-d8 | +1.23 [0.80, 1.66] pts | supported | "
        + "learning rate per arm (5-point grid) | to a validation plateau (patience 5, at most 60 epochs); "
        + "converged 5/6 | 3 (MDE 0.90 pts) |",
      "|  | b | depth 8 beats depth 2, at every width, \"wide\" or not | -0.50 [-0.91, -0.12] pts | contradicted | "
        + "no | 3 epochs | 3 (MDE 0.90 pts) |",
      "|  | c | relu-b-d4 has the lower test loss | +0.0123 [-0.0080, 0.0321] loss | inconclusive | no | 3 epochs | "
        + "3 (MDE 0.0456 loss) |",
      "|  | d | relu-a-d2 beats the threshold | n/a | inconclusive | no | 3 epochs | 3 |",
    ])
    let xml = XMLInspection(html)
    #expect(xml.parsed, "XMLParser: \(xml.error ?? "")")
    // The table's rows: its header and the four sub-claims; the experiment cell spans its group.
    let start = try #require(xml.elements.firstIndex { $0.name == "table" && $0.attributes["id"] == "subclaims" })
    let table = xml.elements[start...].prefix { $0.name != "ul" }
    #expect(table.filter { $0.name == "tr" }.count == 5)
    #expect(table.filter { $0.attributes["rowspan"] == "4" }.count == 1)
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
    let row = try #require(try Self.tableRows(readme, header: "| Experiment | Claim |").first)
    // The verdict as verdict.md says it, no counts; the key effect with its p; no CPU time without a manifest.
    let verdict = ExperimentResults(tables: try ReportFixtures.tables()).verdict
    #expect(row.contains("| **\(verdict)** | relu-a-d8 − tanh-a-d8 on final_test_accuracy: "))
    #expect(row.contains(" (p Holm ") && row.contains(" | – | 3 | "))
    #expect(!row.contains("subclaims.csv") && !row.contains("tuning.csv"))
    #expect(!readme.contains("| Experiment | Sub-claim |") && !html.contains("id=\"subclaims\""))
    #expect(!readme.contains("plots/tuning-"))
    #expect(XMLInspection(html).parsed)
  }
}
