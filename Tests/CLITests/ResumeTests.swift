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
      #expect(outcome.stderr.contains("running 4 cells"), "only the four bad records are recomputed: \(outcome)")
      let expected = tables(shared.experimentFolder)
      #expect(!expected.isEmpty)
      #expect(tables(results + "/\(SharedRun.experiment)") == expected, "tables differ after recomputing")
    }
  }
}
