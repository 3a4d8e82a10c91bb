import Foundation
import Harness

/// One experiment's results as the report reads them: the tables of `results/<id>/`, its verdict and
/// how many seeds it ran.
///
/// It is built either from the files on disk (`load(id:from:)`, what `tricks report` does) or from a
/// `Tables` value just computed; both go through the same CSV text, so the report sees exactly what a
/// reader of the CSVs sees.
public struct ExperimentResults: Sendable {
  public let id: String
  public let curves: CSVTable
  public let finals: CSVTable
  public let summary: CSVTable
  public let significance: CSVTable
  /// probes.csv, when the experiment measures per-layer probes.
  public let probes: CSVTable?
  public let verdictMarkdown: String
  /// As manifest.json (or verdict.md) says: "reproduced", "contradicted", "inconclusive", "mixed", in older
  /// folders "partly reproduced" or "not reproduced"; "unknown" without either file.
  public let verdict: String
  /// "quick" or "full" when known.
  public let profile: String?
  public let seedCount: Int
  /// subclaims.csv, one row per sub-claim; nil in folders written before it existed.
  public let subClaims: CSVTable?
  /// tuning.csv, one row per tuning run; nil for an experiment that tunes nothing (and in older folders).
  public let tuning: CSVTable?
  /// manifest.json's `cellSecondsTotal` and `tuningSecondsTotal`, when present.
  public let cellSeconds: Double?
  public let tuningSeconds: Double?

  public init(id: String, curves: CSVTable, finals: CSVTable, summary: CSVTable, significance: CSVTable,
              probes: CSVTable?, verdictMarkdown: String, verdict: String, profile: String?, seedCount: Int,
              subClaims: CSVTable? = nil, tuning: CSVTable? = nil, cellSeconds: Double? = nil,
              tuningSeconds: Double? = nil) {
    self.id = id
    self.curves = curves
    self.finals = finals
    self.summary = summary
    self.significance = significance
    self.probes = probes
    self.verdictMarkdown = verdictMarkdown
    self.verdict = verdict
    self.profile = profile
    self.seedCount = seedCount
    self.subClaims = subClaims
    self.tuning = tuning
    self.cellSeconds = cellSeconds
    self.tuningSeconds = tuningSeconds
  }

  /// The results of a run just made (or rebuilt), without reading the disk.
  public init(tables: Tables) {
    self.init(id: tables.plan.experiment.id, curves: CSVTable(parsing: tables.curves),
              finals: CSVTable(parsing: tables.finals), summary: CSVTable(parsing: tables.summary),
              significance: CSVTable(parsing: tables.significance),
              probes: tables.layerProbes.map(CSVTable.init(parsing:)), verdictMarkdown: tables.verdictMarkdown,
              verdict: tables.verdict.kind.rawValue, profile: tables.plan.profile.rawValue,
              seedCount: tables.plan.seeds.count, subClaims: CSVTable(parsing: tables.subClaims),
              tuning: tables.tuning.map(CSVTable.init(parsing:)),
              cellSeconds: tables.cells.reduce(0) { $0 + $1.seconds },
              tuningSeconds: tables.plan.tuningSecondsTotal)
  }

  /// Reads `<resultsDirectory>/<id>/`; nil when it holds no tables yet (the experiment was not run).
  public static func load(id: String, from resultsDirectory: String) -> ExperimentResults? {
    let directory = resultsDirectory + "/" + id
    func read(_ name: String) -> String? {
      FileManager.default.contents(atPath: directory + "/" + name).map { String(decoding: $0, as: UTF8.self) }
    }
    guard let summary = read("summary.csv"), let finals = read("finals.csv") else { return nil }
    let finalsTable = CSVTable(parsing: finals)
    let verdictText = read("verdict.md") ?? ""
    let manifest = read("manifest.json").flatMap { try? JSONDecoder().decode(ManifestFields.self, from: Data($0.utf8)) }
    return ExperimentResults(
      id: id, curves: CSVTable(parsing: read("curves.csv") ?? ""), finals: finalsTable,
      summary: CSVTable(parsing: summary), significance: CSVTable(parsing: read("significance.csv") ?? ""),
      probes: read("probes.csv").map(CSVTable.init(parsing:)), verdictMarkdown: verdictText,
      verdict: manifest?.verdict ?? verdictLine(verdictText) ?? "unknown",
      profile: manifest?.profile ?? profileLine(verdictText),
      seedCount: manifest?.seeds?.count ?? finalsTable.distinct("seed").count,
      subClaims: read("subclaims.csv").map(CSVTable.init(parsing:)), tuning: read("tuning.csv").map(CSVTable.init(parsing:)),
      cellSeconds: manifest?.cellSecondsTotal, tuningSeconds: manifest?.tuningSecondsTotal)
  }

  /// The fields of manifest.json the report reads, each optional, so a manifest of an older or newer
  /// format than `Harness.Manifest` still gives what it has (a strict decode would drop it whole).
  struct ManifestFields: Decodable {
    var verdict: String?
    var profile: String?
    var seeds: [Int]?
    var cellSecondsTotal: Double?
    var tuningSecondsTotal: Double?
  }

  /// "reproduced" from verdict.md's "**Verdict: reproduced**" line.
  static func verdictLine(_ text: String) -> String? {
    guard let start = text.range(of: "**Verdict: ") else { return nil }
    let rest = text[start.upperBound...]
    return rest.range(of: "**").map { String(rest[..<$0.lowerBound]) }
  }

  static func profileLine(_ text: String) -> String? {
    guard let start = text.range(of: "(profile `") else { return nil }
    let rest = text[start.upperBound...]
    return rest.range(of: "`").map { String(rest[..<$0.lowerBound]) }
  }

  // MARK: - Reading the tables

  /// Arms in the experiment's order (finals.csv follows it).
  public var arms: [String] { finals.distinct("arm") }

  /// The experiment-specific columns of finals.csv that name factors (depth, activation, ...): every
  /// column after the fixed ones that is not also a metric in summary.csv (those are probe scalars) nor
  /// one of the fixed columns written only when present (validation split, early stopping).
  public var factorNames: [String] {
    guard let last = finals.index(of: "diverged_step") else { return [] }
    let metrics = Set(summary.distinct("metric")).union(["final_validation_accuracy", "selected_epoch"])
    return finals.header[(last + 1)...].filter { !metrics.contains($0) }
  }

  /// Each arm's factor values, from its first row in finals.csv.
  public var factors: [String: [String: String]] {
    var out: [String: [String: String]] = [:]
    for row in finals.rows {
      guard let arm = finals.value(row, "arm"), out[arm] == nil else { continue }
      out[arm] = Dictionary(uniqueKeysWithValues: factorNames.map { ($0, finals.value(row, $0) ?? "") })
    }
    return out
  }

  /// The summary.csv row of an arm and metric: n, mean and the 95% CI.
  public func summary(arm: String, metric: String) -> (n: Int, mean: Double, low: Double, high: Double)? {
    guard let row = summary.rows.first(where: { summary.value($0, "arm") == arm && summary.value($0, "metric") == metric })
    else { return nil }
    return (Int(summary.value(row, "n") ?? "") ?? 0, summary.number(row, "mean") ?? .nan,
            summary.number(row, "ci_low") ?? .nan, summary.number(row, "ci_high") ?? .nan)
  }

  /// The rows of subclaims.csv (empty without it).
  public var subClaimResults: [SubClaimResult] { subClaims.map(SubClaimResult.rows) ?? [] }

  /// Cell plus tuning seconds, nil when the manifest gives neither.
  public var cpuSeconds: Double? {
    cellSeconds == nil && tuningSeconds == nil ? nil : (cellSeconds ?? 0) + (tuningSeconds ?? 0)
  }

  /// How many runs diverged, from finals.csv's status column.
  public var divergedRuns: Int { finals.rows.filter { finals.value($0, "status") == "diverged" }.count }
}
