import Foundation
import Harness
import Testing
import TrainingCore
import _TestSupport

/// The runner end to end on synthetic data: determinism, resume, divergence, refusing mixed results.
@Suite(.serialized) struct RunnerTests {
  let data: String

  init() throws {
    data = try makeTemporaryDirectory("runner-data")
    try writeSyntheticFashionMNIST(to: data)
  }

  func runner(_ out: String, jobs: Int = 2, fresh: Bool = false, log: [String]? = nil) -> Runner {
    Runner(options: .init(outputRoot: out, jobs: jobs, fresh: fresh, dataDirectory: data), log: { _ in })
  }

  static let tables = ["curves.csv", "finals.csv", "summary.csv", "significance.csv", "probes.csv", "verdict.md"]

  func contents(_ out: String) throws -> [String: Data] {
    var result: [String: Data] = [:]
    for name in Self.tables {
      result[name] = try Data(contentsOf: URL(fileURLWithPath: "\(out)/tiny/\(name)"))  // throws if missing
    }
    return result
  }

  @Test func sameSeedsSameBytesWhateverTheJobCount() throws {
    let plan = ExperimentPlan(TinyExperiment(), profile: .quick)
    let one = try makeTemporaryDirectory("jobs1"), two = try makeTemporaryDirectory("jobs2")
    try runner(one, jobs: 1).run([plan])
    try runner(two, jobs: 2).run([plan])
    let a = try contents(one), b = try contents(two)
    for name in Self.tables { #expect(a[name] == b[name], "\(name) differs between --jobs 1 and --jobs 2") }
  }

  @Test func differentSeedsDifferentCurves() throws {
    let out = try makeTemporaryDirectory("seeds")
    try runner(out).run([ExperimentPlan(TinyExperiment(), profile: .quick)])
    let seed0 = try #require(FileManager.default.contents(atPath: "\(out)/tiny/cells/normal__seed-0.json"))
    let seed1 = try #require(FileManager.default.contents(atPath: "\(out)/tiny/cells/normal__seed-1.json"))
    let decode = { try CellRecord.decoder.decode(CellRecord.self, from: $0) }
    #expect(try decode(seed0).epochs != decode(seed1).epochs)
  }

  @Test func divergingArmIsRecordedAndCountedAsChance() throws {
    let out = try makeTemporaryDirectory("diverge")
    let tables = try runner(out).run([ExperimentPlan(TinyExperiment(), profile: .quick)])
    let cells = try #require(tables.first?.cells)
    let diverged = cells.filter { $0.arm == "diverging" }
    #expect(diverged.count == 2 && diverged.allSatisfy { $0.diverged && $0.divergedEpoch != nil && $0.divergedStep != nil })
    #expect(cells.filter { $0.arm == "normal" }.allSatisfy { !$0.diverged })
    let finals = try String(contentsOfFile: "\(out)/tiny/finals.csv", encoding: .utf8)
    #expect(finals.contains("diverging,0,diverged,"))
    let summary = try String(contentsOfFile: "\(out)/tiny/summary.csv", encoding: .utf8)
    #expect(summary.contains("diverging,final_test_accuracy,2,0.1,0.0,0.1,"), "diverged runs count as chance: \(summary)")
  }

  @Test func resumeRecomputesOnlyWhatIsMissingOrBad() throws {
    let plan = ExperimentPlan(TinyExperiment(), profile: .quick)
    let reference = try makeTemporaryDirectory("reference"), out = try makeTemporaryDirectory("resume")
    try runner(reference).run([plan])
    try runner(out).run([plan])
    let cells = "\(out)/tiny/cells"
    // An interrupted run: one record gone, one corrupt, one from other code, and a half-written temp file.
    try FileManager.default.removeItem(atPath: "\(cells)/normal__seed-0.json")
    try Data("{not json".utf8).write(to: URL(fileURLWithPath: "\(cells)/normal__seed-1.json"))
    let foreignPath = "\(cells)/diverging__seed-0.json"
    var foreign = try CellRecord.decoder.decode(CellRecord.self, from: Data(contentsOf: URL(fileURLWithPath: foreignPath)))
    foreign.fingerprint = "from-other-code"
    foreign.status = "ok"
    try CellRecord.encoder.encode(foreign).write(to: URL(fileURLWithPath: foreignPath))
    try Data("partial".utf8).write(to: URL(fileURLWithPath: "\(cells)/diverging__seed-1.json.tmp"))

    let messages = LogCollector()
    try Runner(options: .init(outputRoot: out, jobs: 2, dataDirectory: data), log: { messages.append($0) }).run([plan])
    #expect(try contents(out) == contents(reference))
    #expect(!FileManager.default.fileExists(atPath: "\(cells)/diverging__seed-1.json.tmp"))
    let log = messages.lines.joined(separator: "\n")
    #expect(log.contains("recomputing normal__seed-1.json: the file is corrupt"))
    #expect(log.contains("recomputing diverging__seed-0.json: it was made by another code version"))
    #expect(log.contains("running 3 cells"))
  }

  @Test func refusesToMixProfilesOrOverrides() throws {
    let out = try makeTemporaryDirectory("mix")
    try runner(out).run([ExperimentPlan(TinyExperiment(), profile: .quick)])
    let other = ExperimentPlan(TinyExperiment(), profile: .quick, overrides: Overrides(epochs: 1))
    #expect(throws: ResultsFolderError.otherSettings(
      folder: "\(out)/tiny", stored: ResultsSettings(profile: .quick, overrides: Overrides()),
      requested: ResultsSettings(profile: .quick, overrides: Overrides(epochs: 1)))) {
      try runner(out).run([other])
    }
    try runner(out, fresh: true).run([other])  // fresh replaces them
    let finals = try String(contentsOfFile: "\(out)/tiny/finals.csv", encoding: .utf8)
    #expect(finals.contains("normal,0,ok,") && !finals.contains(",2,,,"))
  }

  @Test func reportRebuildsTablesWithoutTraining() throws {
    let out = try makeTemporaryDirectory("report")
    let plan = ExperimentPlan(TinyExperiment(), profile: .quick)
    try runner(out).run([plan])
    let before = try contents(out)
    for name in Self.tables { try FileManager.default.removeItem(atPath: "\(out)/tiny/\(name)") }
    _ = try runner(out).report([plan])
    #expect(try contents(out) == before)
  }

  /// A report rewrites the tables with its own code, so the manifest names the report's commit; what it
  /// says about the run that made the cells (the command) stays, and each cell keeps its own commit.
  @Test func reportManifestNamesTheCommitThatWroteTheTables() throws {
    let out = try makeTemporaryDirectory("report-commit")
    let plan = ExperimentPlan(TinyExperiment(), profile: .quick)
    try Runner(options: .init(outputRoot: out, jobs: 2, dataDirectory: data, command: "tricks run tiny"),
               log: { _ in }).run([plan])
    let path = "\(out)/tiny/manifest.json"
    var stored = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    stored["gitCommit"] = "0123456789abcdef0123456789abcdef01234567+uncommitted-changes"
    try JSONSerialization.data(withJSONObject: stored).write(to: URL(fileURLWithPath: path))

    _ = try runner(out).report([plan])
    let manifest = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    #expect(manifest.gitCommit == Provenance.gitCommit)
    #expect(manifest.command == "tricks run tiny")
    #expect(manifest.cellProvenance?.map(\.provenance?.gitCommit) == [Provenance.gitCommit])
  }

  @Test func unwritableOrNonDirectoryOutIsAnError() throws {
    let file = try makeTemporaryDirectory("notdir") + "/file"
    try Data().write(to: URL(fileURLWithPath: file))
    #expect { try runner(file).run([ExperimentPlan(TinyExperiment(), profile: .quick)]) } throws: {
      "\($0)".contains("is not a directory")
    }
  }
}

/// Thread-safe collection of log lines.
final class LogCollector: @unchecked Sendable {
  private let lock = NSLock()
  private var stored: [String] = []
  func append(_ line: String) { lock.lock(); stored.append(line); lock.unlock() }
  var lines: [String] { lock.lock(); defer { lock.unlock() }; return stored }
}
