import Foundation
import Harness

/// What the report needs to know about a registered experiment, results or not.
public struct ReportEntry: Sendable, Equatable {
  public let id: String
  public let title: String
  public let claim: String

  public init(id: String, title: String, claim: String) {
    self.id = id
    self.title = title
    self.claim = claim
  }

  public init(_ experiment: any Experiment) {
    self.init(id: experiment.id, title: experiment.title, claim: experiment.claim)
  }

  /// `oneLineClaim` as a sentence: with a full stop unless it was cut ("…").
  public var oneLineSentence: String { oneLineClaim.hasSuffix("…") ? oneLineClaim : oneLineClaim + "." }

  /// The claim's first clause (up to the first ";" or ". "), cut at a word to about 140 characters.
  public var oneLineClaim: String {
    var text = claim.replacingOccurrences(of: "\n", with: " ")
    if let range = text.range(of: "; ") { text = String(text[..<range.lowerBound]) }
    // The first ". " that ends a sentence, not an abbreviation such as "e.g. " or "et al. ".
    var searchStart = text.startIndex
    while let range = text.range(of: ". ", range: searchStart..<text.endIndex) {
      let before = text[..<range.lowerBound].split(separator: " ").last.map(String.init) ?? ""
      if ["e.g", "i.e", "al", "vs", "cf", "etc"].contains(before.lowercased().trimmingCharacters(in: .punctuationCharacters.subtracting(CharacterSet(charactersIn: ".")))) {
        searchStart = range.upperBound
        continue
      }
      text = String(text[..<range.lowerBound])
      break
    }
    text = text.trimmingCharacters(in: CharacterSet(charactersIn: " ."))
    guard text.count > 140 else { return text }
    let cut = text.prefix(140)
    return (cut.lastIndex(of: " ").map { String(cut[..<$0]) } ?? String(cut)) + "…"
  }
}

/// One experiment of the report: its entry, its results if any, and the charts made from them.
struct ReportSection {
  let entry: ReportEntry
  let results: ExperimentResults?
  let figures: [FigureGroup]

  /// Relative link targets, from the results folder.
  var folder: String { entry.id }
  var paperNote: String { "../paper-notes/\(entry.id).md" }

  var verdictText: String {
    guard let results else { return "not run yet" }
    return results.verdict + (results.profile == "quick" ? " (quick smoke run)" : "")
  }

  /// subclaims.csv's rows (empty for older folders and experiments not run).
  var subClaims: [SubClaimResult] { results?.subClaimResults ?? [] }

  /// "3 supported, 1 contradicted, 1 inconclusive"; nil without subclaims.csv.
  var outcomeCounts: String? { subClaims.isEmpty ? nil : SubClaimResult.counts(subClaims) }

  /// The claim's one-line takeaway: its sub-claims' effects grouped by outcome; for a folder written
  /// before subclaims.csv, its key effect (first comparison of significance.csv) with the Holm p.
  var takeaway: String {
    if !subClaims.isEmpty { return SubClaimResult.takeaway(subClaims) }
    guard let key = keyEffect else { return "–" }
    return key.effect + " (p Holm \(key.p))"
  }

  /// Cell plus tuning CPU time, "12 min"; "–" when the manifest gives neither.
  var cpuTime: String { ReportFormat.duration(results?.cpuSeconds) }

  /// The CPU time with its share of the suite's, "12 min (4%)"; without the share when no total is known.
  func cpuTime(total: Double?) -> String {
    guard let seconds = results?.cpuSeconds, let total, total > 0 else { return cpuTime }
    return cpuTime + " (\(Int((100 * seconds / total).rounded()))%)"
  }

  /// The CPU seconds of every experiment whose manifest gives them; nil when none does.
  static func totalCPUSeconds(_ sections: [ReportSection]) -> Double? {
    let known = sections.compactMap { $0.results?.cpuSeconds }
    return known.isEmpty ? nil : known.reduce(0, +)
  }

  /// The files a row links to (text, target relative to the results folder); optional tables only when
  /// they exist, so every link resolves.
  var fileLinks: [(text: String, target: String)] {
    guard let results else { return [("paper note", paperNote)] }
    var links = [("plots", "#" + entry.id), ("verdict", folder + "/verdict.md")]
    if results.subClaims != nil { links.append(("sub-claims", folder + "/subclaims.csv")) }
    if results.tuning != nil { links.append(("tuning", folder + "/tuning.csv")) }
    links += [("summary", folder + "/summary.csv"), ("significance", folder + "/significance.csv"),
              ("finals", folder + "/finals.csv"), ("curves", folder + "/curves.csv"), ("paper note", paperNote)]
    return links
  }

  /// The first comparison between two arms in significance.csv (threshold tests only when there is no
  /// such comparison), as "A − B on metric: diff [low, high]", and its Holm-adjusted p. A difference
  /// between arms is what a reader means by "the effect"; a one-sample threshold test rarely is. Only
  /// shown for folders without subclaims.csv.
  var keyEffect: (effect: String, p: String)? {
    guard let table = results?.significance,
          let row = table.rows.first(where: { !(table.value($0, "arm_b") ?? "").hasPrefix("threshold=") })
            ?? table.rows.first else { return nil }
    let a = table.value(row, "arm_a") ?? "?", b = table.value(row, "arm_b") ?? "?"
    let other = b.hasPrefix("threshold=") ? String(b.dropFirst("threshold=".count)) : b
    let effect = "\(a) − \(other) on \(table.value(row, "metric") ?? "?"): "
      + "\(ReportFormat.number(table.number(row, "diff_mean"))) "
      + "[\(ReportFormat.number(table.number(row, "ci_low"))), \(ReportFormat.number(table.number(row, "ci_high")))]"
    return (effect, ReportFormat.p(table.number(row, "p_adjusted")))
  }

  /// The sub-claim table's cells for this experiment: sub-claim, statement, effect [95% CI], outcome,
  /// tuned, budget and convergence, seeds (MDE).
  var subClaimRows: [[String]] {
    subClaims.map { [$0.id, $0.statement, $0.effectText, $0.outcomeText, $0.tuned, $0.budgetText, $0.seedsText] }
  }
}

/// Numbers as the report prints them: four significant digits, "n/a" for missing or non-finite values.
enum ReportFormat {
  static func number(_ x: Double?) -> String {
    guard let x, x.isFinite else { return "n/a" }
    return String(format: "%.4g", x)
  }

  /// CPU time: "45 s" under 90 seconds, "12 min" under 90 minutes, "3.4 h" beyond.
  static func duration(_ seconds: Double?) -> String {
    guard let seconds, seconds.isFinite, seconds >= 0 else { return "–" }
    if seconds < 90 { return "\(Int(seconds.rounded())) s" }
    if seconds < 90 * 60 { return "\(Int((seconds / 60).rounded())) min" }
    return Axis.fixed(seconds / 3600, decimals: 1) + " h"
  }

  static func p(_ p: Double?) -> String {
    guard let p, p.isFinite else { return "n/a" }
    return p < 1e-4 ? String(format: "%.1e", p) : String(format: "%.4f", p)
  }
}
