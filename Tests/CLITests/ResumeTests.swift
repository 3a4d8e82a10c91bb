import Foundation
import Testing

extension CLITests {
  /// Resuming never trusts a cell record it cannot vouch for: a corrupt, foreign or stale record is
  /// named in the log and recomputed, and the tables come out as if nothing had happened.
  @Suite struct ResumeTests {
    @Test func corruptForeignAndStaleCellRecordsAreReportedAndRecomputed() throws {
      let shared = try SharedRun.get()
      let folder = try TemporaryFolder(prefix: "resume")
      defer { folder.remove() }
      let results = folder.path + "/results"
      try copyFolder(shared.results, to: results)
      let cells = results + "/\(SharedRun.experiment)/cells"
      let names = try FileManager.default.contentsOfDirectory(atPath: cells).sorted()
      try #require(names.count >= 5)
      func url(_ name: String) -> URL { URL(fileURLWithPath: cells + "/" + name) }

      // Garbage, a record cut in half, another cell's record under this name, and a record whose
      // fingerprint says other code or settings made it.
      try Data("not json at all".utf8).write(to: url(names[0]))
      let whole = try Data(contentsOf: url(names[1]))
      try whole.prefix(whole.count / 2).write(to: url(names[1]))
      try FileManager.default.removeItem(at: url(names[2]))
      try FileManager.default.copyItem(at: url(names[3]), to: url(names[2]))
      var stale = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url(names[4]))) as? [String: Any])
      stale["fingerprint"] = "0123456789abcdef"
      try JSONSerialization.data(withJSONObject: stale).write(to: url(names[4]))

      let outcome = try runTricks(SharedRun.quickRun + ["--data", shared.data, "--out", results, "--jobs", "2"],
                                  in: folder.path)

      #expect(outcome.status == 0 && outcome.exitedNormally, "\(outcome)")
      #expect(outcome.stderr.contains("recomputing \(names[0]): the file is corrupt"), "\(outcome)")
      #expect(outcome.stderr.contains("recomputing \(names[1]): the file is corrupt"), "\(outcome)")
      #expect(outcome.stderr.contains("recomputing \(names[2]): it belongs to another"), "\(outcome)")
      #expect(outcome.stderr.contains("recomputing \(names[4]): it was made by another code version"), "\(outcome)")
      // A tuned experiment recomputes tuning runs round by round, then evaluation cells: the counts add up.
      let recomputed = outcome.stderr.matches(of: /running (\d+) cells? on/).reduce(0) { $0 + Int($1.output.1)! }
      #expect(recomputed == 4, "only the four bad records are recomputed: \(outcome)")
      let expected = tables(shared.experimentFolder)
      #expect(!expected.isEmpty)
      #expect(tables(results + "/\(SharedRun.experiment)") == expected, "tables differ after recomputing")
    }

    /// A run killed before its tables exist has already claimed its folder (manifest "incomplete"), so
    /// a run with other overrides is refused rather than overwriting the cells the first one finished.
    @Test func aRunStoppedBeforeItsTablesStillProtectsItsCells() throws {
      let shared = try SharedRun.get()
      let folder = try TemporaryFolder(prefix: "claim")
      defer { folder.remove() }
      let results = folder.path + "/results"
      let cells = results + "/\(SharedRun.experiment)/cells"
      let process = Process()
      process.executableURL = URL(fileURLWithPath: Paths.tricks)
      process.arguments = ["run", SharedRun.experiment, "--profile", "quick", "--seeds", "3", "--epochs", "1",
                           "--data", shared.data, "--out", results, "--jobs", "1"]
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.run()
      // Stop it once its first cell record is on disk (63 cells: it cannot have finished by then).
      while process.isRunning,
            (try? FileManager.default.contentsOfDirectory(atPath: cells))?.contains(where: { $0.hasSuffix(".json") }) != true {
        usleep(20_000)
      }
      process.terminate()
      process.waitUntilExit()
      #expect(process.terminationReason == .exit && process.terminationStatus == 143)
      let before = snapshot(results)
      #expect(before.keys.contains { $0.hasPrefix("\(SharedRun.experiment)/cells/") && $0.hasSuffix(".json") })
      #expect(!before.keys.contains("\(SharedRun.experiment)/finals.csv"), "stopped before the tables")
      let manifest = String(decoding: before["\(SharedRun.experiment)/manifest.json"] ?? Data(), as: UTF8.self)
      #expect(manifest.contains(#""verdict" : "incomplete""#), "\(manifest)")

      let outcome = try runTricks(SharedRun.quickRun + ["--data", shared.data, "--out", results], in: folder.path)
      #expect(outcome.status != 0 && outcome.exitedNormally, "\(outcome)")
      #expect(outcome.errorLines.first?.contains("--seeds 3") == true, "\(outcome)")
      #expect(outcome.errorLines.first?.contains("--fresh") == true, "\(outcome)")
      #expect(snapshot(results) == before, "the refused run changed files")
    }
  }
}
