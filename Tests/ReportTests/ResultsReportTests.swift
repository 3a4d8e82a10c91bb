import Foundation
import Harness
import Testing
@testable import Report

@Suite struct ResultsReportTests {
  /// The report of the synthetic results folder, written once per test.
  static func written() throws -> (root: String, written: ResultsReport.Written) {
    let root = try ReportFixtures.resultsFolder()
    return (root, try ResultsReport.write(for: ReportFixtures.registered, in: root))
  }

  @Test func readmeHasOneClaimPerRegisteredExperiment() throws {
    let (root, written) = try Self.written()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let readme = ReportFixtures.read(written.readme)
    let findings = readme.components(separatedBy: "## Findings by claim")[1].components(separatedBy: "## How to read")[0]
    let claims = findings.split(separator: "\n").filter { $0.hasPrefix("**[") }
    #expect(claims.count == ReportFixtures.registered.count)
    #expect(claims.first?.hasPrefix("**[synthetic-depth](#synthetic-depth)**") == true)
    #expect(claims.last?.contains("never-run") == true && claims.last?.contains("Not run yet") == true)
    // The claim is cut to its first sentence, not at "e.g.".
    #expect(claims.first?.contains(": Deeper synthetic nets (e.g. depth 8) score higher. Verdict") == true)
    #expect(readme.contains("Takeaway: Supported: relu-a-d8 beats tanh-a-d8 — about +1.2 pts."))
    #expect(readme.contains(ReportText.regenerateCommand))
    // The forest plot comes first, before the findings.
    #expect(readme.range(of: "plots/forest.svg")!.lowerBound < readme.range(of: "## Findings by claim")!.lowerBound)
  }

  @Test func everyLinkIsRelativeAndEveryLocalTargetExists() throws {
    let (root, written) = try Self.written()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let readme = ReportFixtures.read(written.readme), html = ReportFixtures.read(written.html)
    let markdownTargets = Self.matches(#"\]\(([^)]+)\)"#, in: readme)
    let htmlTargets = Self.matches(#"(?:src|href)="([^"]+)""#, in: html)
    #expect(markdownTargets.count > 20 && htmlTargets.count > 20)
    for target in markdownTargets + htmlTargets {
      #expect(!target.hasPrefix("/") && !target.contains("://") && !target.hasPrefix("file:"), "not relative: \(target)")
      if target.hasPrefix("#") || target.hasPrefix("../paper-notes/") { continue }
      #expect(FileManager.default.fileExists(atPath: root + "/" + target), "missing: \(target)")
    }
    #expect(markdownTargets.contains("../paper-notes/synthetic-depth.md"))
  }

  static func matches(_ pattern: String, in text: String) -> [String] {
    let regex = try! NSRegularExpression(pattern: pattern)
    return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
      Range($0.range(at: 1), in: text).map { String(text[$0]) }
    }
  }

  @Test func divergedRunsLeaveNoNonFiniteNumberInAnyPlot() throws {
    let (root, written) = try Self.written()
    defer { try? FileManager.default.removeItem(atPath: root) }
    #expect(ReportFixtures.read(root + "/synthetic-depth/curves.csv").contains("nan"))
    #expect(written.plots.count >= 10)
    for path in written.plots {
      let svg = ReportFixtures.read(path)
      let xml = XMLInspection(svg)
      #expect(xml.parsed, "\(path): \(xml.error ?? "")")
      #expect(!svg.lowercased().contains("nan") && !svg.contains("inf\""), "\(path)")
    }
  }

  @Test func theReportIsTheSameBytesWhenWrittenTwice() throws {
    let (root, first) = try Self.written()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let before = ([first.readme, first.html] + first.plots).map(ReportFixtures.read)
    let second = try ResultsReport.write(for: ReportFixtures.registered, in: root)
    #expect(second == first)
    #expect(([second.readme, second.html] + second.plots).map(ReportFixtures.read) == before)
    #expect(ReportFixtures.read(first.subClaims) == ReportFixtures.read(second.subClaims))
  }

  @Test func chartsFollowTheColumnsOfTheTables() throws {
    let results = ExperimentResults(tables: try ReportFixtures.tables())
    #expect(results.factorNames == ["activation", "initializer", "depth"])
    let paths = ResultsReport.figures(for: results).flatMap(\.figures).map(\.path)
    // 12 arms -> one panel per (activation, initializer), one line per depth.
    #expect(paths.contains("plots/test-accuracy-activation-relu-initializer-a.svg"))
    #expect(paths.filter { $0.hasPrefix("plots/train-loss-") }.count == 4)
    #expect(paths.contains("plots/final-test-accuracy.svg"))
    // depth is numeric; activation and initializer are not.
    #expect(paths.contains("plots/test-accuracy-vs-depth.svg") && paths.contains("plots/gap-vs-depth.svg"))
    #expect(!paths.contains { $0.contains("vs-activation") || $0.contains("vs-initializer") })
    // The learning rate decays, so it is plotted; the per-layer probe too.
    #expect(paths.contains("plots/learning-rate-activation-tanh-initializer-b.svg"))
    #expect(paths.contains("plots/probe-activation-std-activation-tanh-initializer-a.svg"))
  }

  @Test func indexHTMLIsWellFormedAndHasNoScript() throws {
    let (root, written) = try Self.written()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let html = ReportFixtures.read(written.html)
    let xml = XMLInspection(html)
    #expect(xml.parsed, "XMLParser: \(xml.error ?? "")")
    #expect(xml.elements(named: "script").isEmpty && xml.elements(named: "link").isEmpty)
    #expect(xml.elements(named: "img").count == written.plots.count)
  }

  @Test func oneLineClaimStopsAtTheFirstSentenceOrClause() {
    let entry = ReportEntry(id: "x", title: "t", claim: "Use He init (He et al. 2015) with ReLU. Also more.")
    #expect(entry.oneLineClaim == "Use He init (He et al. 2015) with ReLU")
    #expect(ReportEntry(id: "x", title: "t", claim: "A; B").oneLineClaim == "A")
  }
}
